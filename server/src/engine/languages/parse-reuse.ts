/**
 * What an editor keeps between two analyses of the same document so that the next parse is incremental:
 * the last syntax tree and its text. A keystroke then re-parses only the region around the change (tree-sitter's
 * `tree.edit` + `parse(text, oldTree)`, TypeScript's `updateSourceFile`) instead of the whole file.
 * One instance per open document; `dispose()` when the document closes. The CLI, which sees each text once,
 * does not use it.
 */
import type ts from 'typescript';
import type { Tree } from 'web-tree-sitter';

/** The one region in which two texts differ: [start, oldEnd) of the old text became [start, newEnd) of the new. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * The smallest single change that turns `before` into `after` (common prefix and suffix), or null when they are equal.
 * Several edits in one burst come out as one change spanning all of them, which incremental parsers accept.
 */
const COMPARE_BLOCK = 256;

export function textChangeBetween(before: string, after: string): TextChange | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);
  // Runs on every keystroke over the whole text: equal blocks are skipped with native string comparison first.
  let start = 0;
  while (start + COMPARE_BLOCK <= shorter && before.slice(start, start + COMPARE_BLOCK) === after.slice(start, start + COMPARE_BLOCK)) start += COMPARE_BLOCK;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  const suffixRoom = shorter - start;
  while (suffix + COMPARE_BLOCK <= suffixRoom && before.slice(before.length - suffix - COMPARE_BLOCK, before.length - suffix) === after.slice(after.length - suffix - COMPARE_BLOCK, after.length - suffix)) suffix += COMPARE_BLOCK;
  while (suffix < suffixRoom && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

export class ParseReuse {
  /** The Python tree of `text` as written (not the error-recovery copy). Owned here: deleted when replaced. */
  private python: { text: string; tree: Tree } | undefined;
  /**
   * The last Python text of this document that parsed without errors. When the current text has errors, what was
   * typed since then is the likely cause: error recovery tries the text with those characters blanked first.
   */
  lastCleanPythonText: string | undefined;
  /** The TypeScript source file of `text`; `updateSourceFile` invalidates it, so it is handed out once. */
  private typescript: { file: string; text: string; sourceFile: ts.SourceFile } | undefined;

  /** The last Python tree and its text, taken out of the cache: the caller edits or deletes it. */
  takePython(): { text: string; tree: Tree } | undefined {
    const taken = this.python;
    this.python = undefined;
    return taken;
  }

  /** Keeps `tree` (the parse of `text`) for the next analysis; the cache now owns it. */
  keepPython(text: string, tree: Tree): void {
    this.python?.tree.delete();
    this.python = { text, tree };
    if (!tree.rootNode.hasError) this.lastCleanPythonText = text;
  }

  /** True when `tree` is the one kept here (the analyser must not delete it). */
  ownsPython(tree: Tree): boolean {
    return this.python?.tree === tree;
  }

  takeTypeScript(file: string): { text: string; sourceFile: ts.SourceFile } | undefined {
    const taken = this.typescript;
    this.typescript = undefined;
    return taken && taken.file === file ? taken : undefined;
  }

  keepTypeScript(file: string, text: string, sourceFile: ts.SourceFile): void {
    this.typescript = { file, text, sourceFile };
  }

  dispose(): void {
    this.python?.tree.delete();
    this.python = undefined;
    this.lastCleanPythonText = undefined;
    this.typescript = undefined;
  }
}
