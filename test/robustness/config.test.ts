/**
 * A bad prompt-cost.config.json stops the CLI with exit code 2 and one line naming the file and the JSON path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeWorkspace, PY_CALL, PY_HEADER, runCli } from './helpers';

const cases: [string, string, string][] = [
  ['invalid JSON', '{ "usage": { "default": { "callsPerDay": 10 } ', 'invalid JSON: expected "," or "}", found end of file'],
  ['not an object', '[1, 2]', 'must be a JSON object, found an array'],
  ['a wrong type', '{ "include": "src/**" }', 'include: must be an array of globs, found a string ("src/**")'],
  ['an unknown rule id', '{ "rules": { "verbose-phrase": "off" } }', 'rules["verbose-phrase"]: unknown rule id "verbose-phrase"; did you mean "verbose-phrasing"?'],
  ['a negative number', '{ "usage": { "default": { "callsPerDay": -5 } } }', 'usage.default.callsPerDay: must be 0 or more, found -5'],
  ['an absurd number', '{ "usage": { "default": { "callsPerDay": 1e15 } } }', 'usage.default.callsPerDay: 1000000000000000 calls per day is not plausible (at most 1,000,000,000)'],
  ['a non-numeric price override', '{ "prices": { "gpt-4o": { "input": "2.5", "output": 10 } } }', 'prices["gpt-4o"].input: must be a number of USD per million tokens, found a string ("2.5")'],
  ['maxFiles of zero', '{ "maxFiles": 0 }', 'maxFiles: must be greater than 0, found 0'],
  ['a fractional file size', '{ "maxFileSizeBytes": 10.5 }', 'maxFileSizeBytes: must be a whole number of bytes, found 10.5'],
];

for (const [name, json, message] of cases) {
  test(`config: ${name} -> exit 2, file and JSON path on one line`, () => {
    const root = makeWorkspace({ 'prompt-cost.config.json': json, 'app.py': `${PY_HEADER}${PY_CALL}` });
    const run = runCli(['scan', '--format', 'json', '.'], root);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `prompt-cost: prompt-cost.config.json: ${message}\n`);
  });
}

test('config: a 100,000-space string value in an error message is joined onto one line without stalling', { timeout: 60_000 }, () => {
  const root = makeWorkspace({ 'prompt-cost.config.json': `{ "include": "${' '.repeat(100_000)}x" }`, 'app.py': `${PY_HEADER}${PY_CALL}` });
  const run = runCli(['scan', '.'], root);
  assert.equal(run.code, 2);
  assert.equal(run.stderr.split('\n').length, 2);
  assert.match(run.stderr, /^prompt-cost: prompt-cost\.config\.json: include: must be an array of globs, found a string/);
});
