import type { Language } from './model';

/** The engine's languages by file extension (lower case). */
const LANGUAGE_BY_EXTENSION: ReadonlyMap<string, Language> = new Map<string, Language>([
  ['py', 'python'],
  ['pyi', 'python'],
  ['ts', 'typescript'],
  ['tsx', 'typescript'],
  ['mts', 'typescript'],
  ['cts', 'typescript'],
  ['js', 'javascript'],
  ['jsx', 'javascript'],
  ['mjs', 'javascript'],
  ['cjs', 'javascript'],
  ['prompty', 'prompty'],
  // Jupyter notebooks: their Python code cells, as one module (languages/notebook.ts).
  ['ipynb', 'python'],
]);

/** Every extension languageOf recognises (for tools that filter files by name, such as rg). */
export const ANALYSED_EXTENSIONS: readonly string[] = [...LANGUAGE_BY_EXTENSION.keys()];

/** The language of a file by its extension, or null when the engine does not analyse it. */
export function languageOf(file: string): Language | null {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return LANGUAGE_BY_EXTENSION.get(ext) ?? null;
}
