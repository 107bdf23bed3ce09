import assert from 'node:assert/strict';
import { analyzePython } from '../../server/src/engine/languages/python';
import type { AnalyzeContext } from '../../server/src/engine/languages/context';
import { isolatedContext } from '../../server/src/engine/languages/context';
import type { NeutralCall, SourceView, Span, StringPiece, Value } from '../../server/src/engine/model';

export const FILE = 'app/bot.py';

export function analyze(text: string, ctx: AnalyzeContext = isolatedContext, file = FILE): SourceView {
  return analyzePython(file, text, ctx);
}

/** The source text a span covers (spans in `text`'s own file). */
export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** A short name per reported call: `symbol` for direct calls, `receiverSymbol -> method` for instance calls. */
export function callNames(view: SourceView): string[] {
  return view.calls.map((call) => (call.receiver ? `${call.receiver.symbol} -> ${call.method}` : `${call.isConstructor ? 'new ' : ''}${call.symbol}`));
}

/** The one call whose method (instance calls) or symbol (direct calls) is `name`. */
export function callTo(view: SourceView, name: string): NeutralCall {
  const matches = view.calls.filter((call) => (call.receiver ? call.method === name : call.symbol === name));
  assert.equal(matches.length, 1, `expected one call to ${name}, got ${callNames(view).join(', ')}`);
  return matches[0];
}

/** The value of keyword argument `key`. */
export function keyword(call: NeutralCall, key: string): Value {
  const entry = call.args.named.find((candidate) => candidate.key === key);
  assert.ok(entry, `keyword ${key} present (have ${call.args.named.map((e) => e.key).join(', ')})`);
  return entry.value;
}

export function pieces(value: Value): StringPiece[] {
  assert.equal(value.kind, 'string', `expected a string value, got ${value.kind}${value.kind === 'unknown' ? ` (${value.reason})` : ''}`);
  return (value as Extract<Value, { kind: 'string' }>).pieces;
}

/** Pieces without spans and origins: text pieces as strings, dynamic ones as `{expr}`. */
export function shape(value: Value): string[] {
  return pieces(value).map((piece) => (piece.kind === 'text' ? piece.text : `{${piece.expression}}`));
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

/** A context stub that records what the front end asked for: `fromFile|specifier|name` and `fromFile|relativeTo|path`. */
export function stubContext(imports: Record<string, Value> = {}, files: Record<string, { path: string; text: string }> = {}) {
  const importRequests: string[] = [];
  const fileRequests: string[] = [];
  const ctx: AnalyzeContext = {
    resolveImport(fromFile, specifier, name) {
      importRequests.push(`${fromFile}|${specifier}|${name}`);
      return imports[`${specifier}#${name}`];
    },
    readPromptFile(fromFile, path, relativeTo) {
      fileRequests.push(`${fromFile}|${relativeTo}|${path}`);
      return files[`${relativeTo}:${path}`];
    },
  };
  return { ctx, importRequests, fileRequests };
}

/** A string constant as another file's `pythonModuleConstants` would return it. */
export function importedString(text: string, name: string, file: string, start: number): Value {
  const span = { file, start, end: start + text.length };
  return { kind: 'string', pieces: [{ kind: 'text', text, span, verbatim: true, origin: { kind: 'constant', name, file } }], span: { file, start: start - 1, end: start + text.length + 1 } };
}
