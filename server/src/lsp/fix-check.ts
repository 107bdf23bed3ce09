/**
 * The parse check every editor fix path runs before it offers edits (quick fixes and fix-all), as the CLI's
 * `--fix` does before it writes: apply the edits to each file's current text and parse the result.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParseCheck } from './code-actions';
import type { FixEditData } from './diagnostics';

export interface FixCheckFiles {
  /** A file's current text and the file name its language is told by; undefined when it cannot be read. */
  textOf(uri: string): { file: string; text: string } | undefined;
  /** Parse errors of a text, as the analysis reports them. */
  parseErrors(file: string, text: string): number;
}

/**
 * A check that passes when every edited file parses after the edits, or, for a file that already had parse
 * errors, has no more of them than before. A file that cannot be read fails the check.
 */
export function parseCheckOf(files: FixCheckFiles): ParseCheck {
  return (edits: readonly FixEditData[]) => {
    const byUri = new Map<string, FixEditData[]>();
    for (const edit of edits) byUri.set(edit.uri, [...(byUri.get(edit.uri) ?? []), edit]);
    for (const [uri, fileEdits] of byUri) {
      const current = files.textOf(uri);
      if (!current) return false;
      const document = TextDocument.create(uri, 'plaintext', 0, current.text);
      const after = TextDocument.applyEdits(document, fileEdits.map((edit) => ({ range: edit.range, newText: edit.newText })));
      const errorsAfter = files.parseErrors(current.file, after);
      if (errorsAfter > 0 && errorsAfter > files.parseErrors(current.file, current.text)) return false;
    }
    return true;
  };
}
