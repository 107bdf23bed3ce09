import assert from 'node:assert/strict';
import { analyzeTypeScript } from '../../server/src/engine/languages/typescript';
import type { AnalyzeContext } from '../../server/src/engine/languages/context';
import { isolatedContext } from '../../server/src/engine/languages/context';
import type { NeutralCall, SourceView, Span, StringPiece, Value } from '../../server/src/engine/model';

export function analyze(text: string, file = 'src/app.ts', ctx: AnalyzeContext = isolatedContext): SourceView {
  return analyzeTypeScript(file, text, ctx);
}

/** The source text a span covers (spans in `text`'s own file). */
export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** A short name for each reported call: `symbol` for direct calls, `receiverSymbol -> method` for instance calls. */
export function callNames(view: SourceView): string[] {
  return view.calls.map((call) => (call.receiver ? `${call.receiver.symbol} -> ${call.method}` : `${call.isConstructor ? 'new ' : ''}${call.symbol}`));
}

/** The one call whose method (instance calls) or symbol (direct calls) is `name`. */
export function callTo(view: SourceView, name: string): NeutralCall {
  const matches = view.calls.filter((call) => (call.receiver ? call.method === name : call.symbol === name));
  assert.equal(matches.length, 1, `expected one call to ${name}, got ${callNames(view).join(', ')}`);
  return matches[0];
}

/** The value of key `key` in the first (options object) argument. */
export function option(call: NeutralCall, key: string): Value {
  const options = call.args.positional[0];
  assert.ok(options && options.kind === 'object', 'first argument is an object');
  const entry = options.entries.find((candidate) => candidate.key === key);
  assert.ok(entry, `option ${key} present`);
  return entry.value;
}

/** Pieces without spans and origins, for compact expectations: text pieces as strings, dynamic ones as `{expr}`. */
export function shape(value: Value): string[] {
  assert.equal(value.kind, 'string', `expected a string value, got ${value.kind}`);
  return (value as Extract<Value, { kind: 'string' }>).pieces.map((piece: StringPiece) => (piece.kind === 'text' ? piece.text : `{${piece.expression}}`));
}

export function pieces(value: Value): StringPiece[] {
  assert.equal(value.kind, 'string', `expected a string value, got ${value.kind}`);
  return (value as Extract<Value, { kind: 'string' }>).pieces;
}

/** A context stub: imported constants by `specifier#name`, prompt files by `relativeTo:path`. */
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
