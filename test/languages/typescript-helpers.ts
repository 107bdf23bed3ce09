import assert from 'node:assert/strict';
import { analyzeTypeScript } from '../../server/src/engine/languages/typescript';
import type { AnalyzeContext } from '../../server/src/engine/languages/context';
import { isolatedContext } from '../../server/src/engine/languages/context';
import type { NeutralCall, SourceView, Value } from '../../server/src/engine/model';

export { callNames, callTo, pieces, shape, slice, stubContext } from './helpers';

export function analyze(text: string, file = 'src/app.ts', ctx: AnalyzeContext = isolatedContext): SourceView {
  return analyzeTypeScript(file, text, ctx);
}

/** The value of key `key` in the first (options object) argument. */
export function option(call: NeutralCall, key: string): Value {
  const options = call.args.positional[0];
  assert.ok(options && options.kind === 'object', 'first argument is an object');
  const entry = options.entries.find((candidate) => candidate.key === key);
  assert.ok(entry, `option ${key} present`);
  return entry.value;
}
