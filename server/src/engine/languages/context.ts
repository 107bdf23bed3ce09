import type { Value } from '../model';

/**
 * What a language front end may ask of the workspace while resolving values.
 * Implemented by the workspace layer (engine/workspace.ts); tests pass plain objects.
 * Both callbacks must stay inside the workspace and never execute anything.
 */
export interface AnalyzeContext {
  /**
   * The value of a module-level constant `name` exported by `moduleSpecifier` as imported from `fromFile`
   * (Python: `from app.prompts import SYSTEM` -> ('app.prompts' or '.prompts', 'SYSTEM');
   * TS/JS: `import { SYSTEM } from './prompts'` -> ('./prompts', 'SYSTEM')).
   * Undefined when the module is not a workspace file or has no such constant.
   */
  resolveImport(fromFile: string, moduleSpecifier: string, name: string): Value | undefined;
  /**
   * The text of a prompt file read by code from a literal path. `path` is as written in code, already joined
   * (`prompts/system.md`); `relativeTo` says what it is relative to: the directory of `fromFile` (`__file__`,
   * `__dirname`, `import.meta.url`) or the workspace root / process working directory.
   * Returns the workspace-relative path and text, or undefined when the file is missing or outside the workspace.
   */
  readPromptFile(fromFile: string, path: string, relativeTo: 'file' | 'root'): { path: string; text: string } | undefined;
}

/** A context that resolves nothing: single-file analysis. */
export const isolatedContext: AnalyzeContext = {
  resolveImport: () => undefined,
  readPromptFile: () => undefined,
};
