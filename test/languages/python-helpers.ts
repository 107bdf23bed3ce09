import assert from 'node:assert/strict';
import { analyzePython } from '../../server/src/engine/languages/python';
import type { AnalyzeContext } from '../../server/src/engine/languages/context';
import { isolatedContext } from '../../server/src/engine/languages/context';
import type { NeutralCall, SourceView, Value } from '../../server/src/engine/model';
import { pieces, slice } from './helpers';

export { callNames, callTo, pieces, shape, slice, stubContext } from './helpers';

export const FILE = 'app/bot.py';

export function analyze(text: string, ctx: AnalyzeContext = isolatedContext, file = FILE): SourceView {
  return analyzePython(file, text, ctx);
}

/** The value of keyword argument `key`. */
export function keyword(call: NeutralCall, key: string): Value {
  const entry = call.args.named.find((candidate) => candidate.key === key);
  assert.ok(entry, `keyword ${key} present (have ${call.args.named.map((e) => e.key).join(', ')})`);
  return entry.value;
}

/**
 * Every piece with what a fix needs: text, verbatim flag, the source its span covers (or `file:start-end`
 * for spans in another file), and the origin.
 */
export function pieceDetails(text: string, value: Value, file = FILE): unknown[] {
  return pieces(value).map((piece) => {
    if (piece.kind === 'dynamic') return { dynamic: piece.expression, source: slice(text, piece.span) };
    const source = !piece.span ? null : piece.span.file === file ? slice(text, piece.span) : `${piece.span.file}:${piece.span.start}-${piece.span.end}`;
    return { text: piece.text, verbatim: piece.verbatim, source, origin: piece.origin };
  });
}

/** A string constant as another file's `pythonModuleConstants` would return it. */
export function importedString(text: string, name: string, file: string, start: number): Value {
  const span = { file, start, end: start + text.length };
  return { kind: 'string', pieces: [{ kind: 'text', text, span, verbatim: true, origin: { kind: 'constant', name, file } }], span: { file, start: start - 1, end: start + text.length + 1 } };
}
