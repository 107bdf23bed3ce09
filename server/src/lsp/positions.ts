/** Engine offsets (UTF-16, half-open) <-> LSP positions and ranges, through the engine's LineIndex. */
import type { Position, Range } from 'vscode-languageserver';
import type { Span } from '../engine/model';
import { LineIndex } from '../engine/text';

export function positionAt(lines: LineIndex, offset: number): Position {
  const { line, column } = lines.position(offset);
  return { line, character: column };
}

export function offsetAt(lines: LineIndex, position: Position): number {
  // A character past the end of its line is clamped to the line's end, as LSP asks.
  const lineText = lines.lineText(position.line);
  return lines.offset(position.line, Math.min(position.character, lineText.length));
}

export function rangeOf(lines: LineIndex, span: { start: number; end: number }): Range {
  return { start: positionAt(lines, span.start), end: positionAt(lines, span.end) };
}

export function spanOf(lines: LineIndex, file: string, range: Range): Span {
  return { file, start: offsetAt(lines, range.start), end: offsetAt(lines, range.end) };
}

export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export { LineIndex };
