/**
 * The bundles' fast path for web-tree-sitter's 32-bit stores and loads: it applies to the installed web-tree-sitter
 * (both its CommonJS and ES module files), and a source without the expected shapes is left as it was, with the
 * problem named.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const repoRoot = path.join(__dirname, '..', '..', '..');

async function plugin(): Promise<{ withTreeSitterFastPaths(source: string): { patched: string; problems: string[] } }> {
  return import(pathToFileURL(path.join(repoRoot, 'scripts', 'tree-sitter-fast-path.mjs')).href);
}

for (const file of ['tree-sitter.cjs', 'tree-sitter.js']) {
  test(`the fast paths apply to web-tree-sitter/${file}`, async () => {
    const { withTreeSitterFastPaths } = await plugin();
    const source = readFileSync(path.join(repoRoot, 'node_modules', 'web-tree-sitter', file), 'utf8');
    const { patched, problems } = withTreeSitterFastPaths(source);
    assert.deepEqual(problems, []);
    assert.equal(patched.length > source.length, true);
    assert.match(patched, /function setValue\(ptr, value, type = "i8"\) \{\nif \(type === "i32"\) \{ LE_HEAP_STORE_I32\(\(ptr >> 2\) \* 4, value\); return; \}/);
    assert.match(patched, /function getValue\(ptr, type = "i8"\) \{\nif \(type === "i32"\) return LE_HEAP_LOAD_I32\(\(ptr >> 2\) \* 4\);/);
  });
}

test('a source without the expected functions is left unchanged, with the problems named', async () => {
  const { withTreeSitterFastPaths } = await plugin();
  const source = 'function setValue(ptr, value, type) { HEAP32[ptr >> 2] = value; }\n';
  const { patched, problems } = withTreeSitterFastPaths(source);
  assert.equal(patched, source);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /function setValue\(ptr, value, type = "i8"\) \{` and a `LE_HEAP_STORE_I32` helper, found 0/);
});

test('the built server bundle carries the fast paths', () => {
  const bundle = readFileSync(path.join(repoRoot, 'dist', 'server.js'), 'utf8');
  assert.equal(bundle.split('if (type === "i32")').length - 1, 2);
});
