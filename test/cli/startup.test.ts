/** What a scan loads: a scan with nothing to parse never loads the analysis engine, and numbers format without ICU. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatTokens } from '../../server/src/engine/format';
import { runCli as runCliInProcess } from '../../server/src/cli/main';
import { makeWorkspace } from './helpers';

test('formatTokens groups thousands exactly as toLocaleString does', () => {
  for (const value of [0, 1, 12, 999, 1000, 1234.5, 16384, 999_999, 1_000_000, 123_456_789, Number.MAX_SAFE_INTEGER, -0.2, -5, 1e21, NaN, Infinity]) {
    assert.equal(formatTokens(value), Math.round(value).toLocaleString('en-US'), String(value));
  }
  fc.assert(
    fc.property(fc.double({ min: -1e17, max: 1e17, noNaN: true }), (value) => {
      assert.equal(formatTokens(value), Math.round(value).toLocaleString('en-US'));
    }),
  );
});

test('a scan whose files all fail the prefilter loads neither the engine nor the analysis phase', async () => {
  const root = makeWorkspace({ 'a.py': 'def add(a, b):\n    return a + b\n', 'web/b.ts': 'export const x = 1;\n' });
  const loaded = () => Object.keys(require.cache).map((file) => file.split('\\').join('/'));
  assert.ok(!loaded().some((file) => file.endsWith('/engine/analyze.js')), 'analyze.js loaded before the scan');
  let out = '';
  const code = await runCliInProcess(['scan', '--format', 'json', root], { stdout: (text) => (out += text), stderr: () => undefined, cwd: root });
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(out).stats, { filesListed: 2, filesPrefiltered: 2, filesParsed: 0 });
  const after = loaded();
  for (const module of ['/engine/analyze.js', '/cli/analyze-files.js', '/cli/diff.js', '/cli/fix.js', '/engine/languages/prompty.js']) {
    assert.ok(!after.some((file) => file.endsWith(module)), `${module} was loaded`);
  }
  // The same scan with a file to parse does load them.
  const withCall = makeWorkspace({ 'chat.py': 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n' });
  out = '';
  assert.equal(await runCliInProcess(['scan', '--format', 'json', withCall], { stdout: (text) => (out += text), stderr: () => undefined, cwd: withCall }), 0);
  assert.equal(JSON.parse(out).stats.filesParsed, 1);
  assert.ok(loaded().some((file) => file.endsWith('/engine/analyze.js')));
});
