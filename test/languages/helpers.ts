/** What the Python and TypeScript front-end tests both ask of a SourceView: calls by name, string pieces, a recording context. */
import assert from 'node:assert/strict';
import type { AnalyzeContext } from '../../server/src/engine/languages/context';
import type { NeutralCall, SourceView, Span, StringPiece, Value } from '../../server/src/engine/model';

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

export function pieces(value: Value): StringPiece[] {
  assert.equal(value.kind, 'string', `expected a string value, got ${value.kind}${value.kind === 'unknown' ? ` (${value.reason})` : ''}`);
  return (value as Extract<Value, { kind: 'string' }>).pieces;
}

/** Pieces without spans and origins, for compact expectations: text pieces as strings, dynamic ones as `{expr}`. */
export function shape(value: Value): string[] {
  return pieces(value).map((piece) => (piece.kind === 'text' ? piece.text : `{${piece.expression}}`));
}

/**
 * A context stub that records what the front end asked for (`fromFile|specifier|name`, `fromFile|relativeTo|path`)
 * and answers imported constants by `specifier#name` and prompt files by `relativeTo:path`.
 */
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
