/**
 * Transformations of string pieces that keep track of which text still matches its source (`verbatim`).
 */
import type { Origin, StringPiece } from '../../model';

type TextPiece = Extract<StringPiece, { kind: 'text' }>;

/** `.trim()` / `.trimStart()` / `.trimEnd()` over pieces; a verbatim piece keeps a span that matches its text. */
export function trimPieces(pieces: StringPiece[], atStart: boolean, atEnd: boolean): StringPiece[] {
  const result = pieces.slice();
  if (atStart) {
    while (result.length > 0) {
      const first = result[0];
      if (first.kind !== 'text') break;
      const trimmed = first.text.replace(/^\s+/, '');
      const removed = first.text.length - trimmed.length;
      if (trimmed === '') {
        result.shift();
        continue;
      }
      if (removed > 0) result[0] = { ...first, text: trimmed, span: first.span && first.verbatim ? { ...first.span, start: first.span.start + removed } : first.span };
      break;
    }
  }
  if (atEnd) {
    while (result.length > 0) {
      const last = result[result.length - 1];
      if (last.kind !== 'text') break;
      // trimEnd strips the same characters as \s, in linear time (/\s+$/ is quadratic on long inner whitespace runs).
      const trimmed = last.text.trimEnd();
      const removed = last.text.length - trimmed.length;
      if (trimmed === '') {
        result.pop();
        continue;
      }
      if (removed > 0) result[result.length - 1] = { ...last, text: trimmed, span: last.span && last.verbatim ? { ...last.span, end: last.span.end - removed } : last.span };
      break;
    }
  }
  return result;
}

// Private-use characters stand for piece boundaries and interpolations while the joined text is dedented.
const PIECE_BOUNDARY = '\uE001';
const INTERPOLATION = '\uE000';

/**
 * What the `dedent` family of template tags does: remove the smallest indentation of the indented lines,
 * then trim the whole. Pieces whose text changes are no longer verbatim.
 */
export function dedentPieces(pieces: StringPiece[]): StringPiece[] {
  const joined = pieces.map((piece) => (piece.kind === 'text' ? piece.text.replace(/[\uE000\uE001]/g, '') : INTERPOLATION)).join(PIECE_BOUNDARY);
  const lines = joined.split('\n');
  let smallestIndent: number | null = null;
  for (const line of lines) {
    let indent = 0;
    let index = 0;
    for (; index < line.length; index++) {
      const char = line[index];
      if (char === ' ' || char === '\t') indent++;
      else if (char !== PIECE_BOUNDARY) break;
    }
    const hasContent = index < line.length;
    if (hasContent && indent > 0 && (smallestIndent === null || indent < smallestIndent)) smallestIndent = indent;
  }
  const dedented = lines
    .map((line) => {
      let toRemove = smallestIndent ?? 0;
      let out = '';
      let index = 0;
      for (; index < line.length && toRemove > 0; index++) {
        const char = line[index];
        if (char === PIECE_BOUNDARY) out += char;
        else if (char === ' ' || char === '\t') toRemove--;
        else break;
      }
      return out + line.slice(index);
    })
    .join('\n');
  const segments = dedented.split(PIECE_BOUNDARY);
  const result: StringPiece[] = pieces.map((piece, index) => {
    if (piece.kind !== 'text') return piece;
    const text = segments[index] ?? '';
    return text === piece.text ? piece : { ...piece, text, verbatim: false };
  });
  return trimPieces(result, true, true).filter((piece) => piece.kind !== 'text' || piece.text !== '');
}

/** A text piece that does not map to source characters (a number printed into a string, a separator). */
export function textPiece(text: string, origin: Origin): TextPiece {
  return { kind: 'text', text, verbatim: false, origin };
}
