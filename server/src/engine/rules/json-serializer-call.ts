/**
 * A dynamic prompt piece that is a JSON serialisation call: Python `json.dumps(value, indent=…)`, JS/TS
 * `JSON.stringify(value, replacer, space)`. Rules read the serialised value and the indentation argument.
 */
import type { Span, StringPiece, TextEdit, Value } from '../model';

export interface JsonSerializerCall {
  /** How the code writes it, for messages: `json.dumps(rows, indent=2)`. */
  expression: string;
  /** The value serialised (first argument). */
  value: Value;
  /** The argument that indents the output, when one does (`indent=2`, the `2` of `JSON.stringify(x, null, 2)`). */
  indent?: Value;
  /** The edit that drops the indentation argument (and a `null` replacer before it), when it can be dropped. */
  dropIndent?: TextEdit;
}

type CallValue = Value & { kind: 'call' };

function isPythonDumps(call: CallValue): boolean {
  return call.symbol === 'json.dumps' || call.calleeText === 'json.dumps';
}

function isJsStringify(call: CallValue): boolean {
  return call.calleeText === 'JSON.stringify' || call.symbol === 'JSON.stringify';
}

/** An indentation that adds line breaks: Python any indent but None (even 0 breaks lines); JS a positive number or a non-empty string. */
function indents(value: Value, language: 'python' | 'js'): boolean {
  if (value.kind === 'null') return false;
  if (value.kind === 'number') return language === 'python' ? true : value.value > 0;
  if (value.kind === 'string') return !value.pieces.every((piece) => piece.kind === 'text' && piece.text === '');
  // An unknown expression (a setting) indents in most code that passes one; say nothing about it.
  return false;
}

const spanEnd = (span: Span) => span.end;

export function jsonSerializerCall(piece: StringPiece): JsonSerializerCall | null {
  if (piece.kind !== 'dynamic' || !piece.call) return null;
  const call = piece.call;
  const args = call.args;
  const first = args.positional[0];
  if (!first) return null;
  if (isPythonDumps(call)) {
    const entry = args.named.find((named) => named.key === 'indent');
    const indent = entry?.value ?? args.positional[4];
    const result: JsonSerializerCall = { expression: piece.expression, value: first };
    if (!indent || !indents(indent, 'python')) return result;
    result.indent = indent;
    if (entry) {
      const before = [...args.positional.map((value) => value.span), ...args.named.filter((named) => named !== entry).map((named) => named.span)]
        .filter((span) => span.end <= entry.span.start)
        .map(spanEnd);
      if (before.length > 0) result.dropIndent = { file: entry.span.file, start: Math.max(...before), end: entry.span.end, newText: '' };
    }
    return result;
  }
  if (isJsStringify(call)) {
    const result: JsonSerializerCall = { expression: piece.expression, value: first };
    const space = args.positional[2];
    if (!space || !indents(space, 'js')) return result;
    result.indent = space;
    const replacer = args.positional[1];
    // `JSON.stringify(x, null, 2)` -> `JSON.stringify(x)`; a real replacer stays: `JSON.stringify(x, keep)`.
    const from = replacer.kind === 'null' || (replacer.kind === 'unknown' && replacer.expression === 'undefined') ? first.span.end : replacer.span.end;
    if (args.positional.length === 3) result.dropIndent = { file: space.span.file, start: from, end: space.span.end, newText: '' };
    return result;
  }
  return null;
}
