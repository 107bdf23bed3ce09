import type { Language } from './model';

/** The language of a file by its extension, or null when the engine does not analyse it. */
export function languageOf(file: string): Language | null {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'py' || ext === 'pyi') return 'python';
  if (['ts', 'tsx', 'mts', 'cts'].includes(ext)) return 'typescript';
  if (['js', 'jsx', 'mjs', 'cjs'].includes(ext)) return 'javascript';
  if (ext === 'prompty') return 'prompty';
  return null;
}
