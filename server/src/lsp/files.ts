/** What the LSP converters need to know about files other than the one being converted. */
import type { LineIndex } from '../engine/text';

export interface FileLocator {
  /** The URI of an engine file path (workspace-relative or absolute). */
  uriOf(file: string): string;
  /** Line index of the file's current text (unsaved text when open), or undefined when it cannot be read. */
  linesOf(file: string): LineIndex | undefined;
  /** Version of the file when it is open in the editor, else null. */
  versionOf(file: string): number | null;
}
