/**
 * The prompt-caching fixture files read like user code, one call per shape; a `# expect:` / `// expect:` comment on
 * a call's line names the findings of the caching and duplicate rules there, and every other call must have none.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { analyzeFile } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { LineIndex } from '../../server/src/engine/text';
import { ready } from './rule-tester';

const RULES = new Set(['duplicate-message-content', 'cache-busting-prefix', 'cache-below-minimum']);
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'prompt-caching');

/** 1-based line -> the rule ids its expect comment names. */
function expectations(text: string): Map<number, string[]> {
  const expected = new Map<number, string[]>();
  text.split('\n').forEach((line, index) => {
    const match = /(?:#|\/\/) expect: ([\w\s,-]+)$/.exec(line);
    if (match) expected.set(index + 1, match[1].split(/[\s,]+/).filter(Boolean).sort());
  });
  return expected;
}

before(ready);

for (const name of ['cache_shapes.py', 'cache-shapes.ts']) {
  test(`prompt-caching fixture ${name}: the findings are the expected ones, on the expected lines`, () => {
    const text = readFileSync(path.join(FIXTURES, name), 'utf8');
    const analysis = analyzeFile(name, text, isolatedContext, defaultConfig());
    assert.deepEqual(analysis.errors, []);
    const lines = new LineIndex(text);
    const found = new Map<number, string[]>();
    for (const finding of analysis.findings) {
      if (!RULES.has(finding.rule)) continue;
      const line = lines.position(finding.span.start).line + 1;
      found.set(line, [...(found.get(line) ?? []), finding.rule].sort());
    }
    const expected = expectations(text);
    assert.ok(expected.size >= 3, 'the fixture names its expected findings');
    assert.deepEqual([...found].sort((a, b) => a[0] - b[0]), [...expected].sort((a, b) => a[0] - b[0]));
  });
}
