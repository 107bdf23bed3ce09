/**
 * The SDK shape fixtures (test/fixtures/sdks/): files written like user code, each call site marked on its first
 * line with `expect: <api> model=<id> vendor=<who serves> cap=<n|none>`. Every marked line must be found with
 * exactly these fields, and nothing else in the file may be found.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { analyzePython, initPythonParser } from '../../server/src/engine/languages/python';
import { analyzeTypeScript } from '../../server/src/engine/languages/typescript';
import { callSitesOf } from '../../server/src/engine/providers';
import { LineIndex } from '../../server/src/engine/text';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/sdks');

before(async () => {
  await initPythonParser();
});

function expectations(text: string): Map<number, string> {
  const expected = new Map<number, string>();
  text.split('\n').forEach((line, index) => {
    const match = /(?:#|\/\/) expect: (.+)$/.exec(line);
    if (match) expected.set(index + 1, match[1].trim());
  });
  return expected;
}

describe('SDK shape fixtures', () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    test(name, () => {
      const text = readFileSync(path.join(FIXTURES, name), 'utf8');
      const file = `sdks/${name}`;
      const view = name.endsWith('.py') ? analyzePython(file, text, isolatedContext) : analyzeTypeScript(file, text, isolatedContext);
      assert.deepEqual(view.errors, [], 'the fixture parses');
      const lines = new LineIndex(text);
      const found = new Map<number, string>();
      for (const site of callSitesOf(view)) {
        const line = lines.position(site.span.start).line + 1;
        const cap = site.outputCap ? String(site.outputCap.value) : 'none';
        found.set(line, `${site.api} model=${site.model.value ?? 'null'} vendor=${site.modelProvider ?? 'null'} cap=${cap}`);
      }
      assert.deepEqual(Object.fromEntries(found), Object.fromEntries(expectations(text)));
    });
  }
});
