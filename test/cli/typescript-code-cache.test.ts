/**
 * The TypeScript compiler loaded through a V8 code cache: written after first use, used by the next process,
 * and a corrupt or foreign cache file only means a plain load. Each case runs in a fresh process, since a
 * process loads the compiler once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const MODULE = path.resolve(__dirname, '..', '..', 'server', 'src', 'cli', 'typescript-code-cache.js');

interface LoadReport {
  loaded: boolean;
  used: boolean;
  sameAsRequire: boolean;
  kinds: string[];
}

/** In a new process: loads the compiler through the cache in `dir`, parses a file with it, saves the cache. */
function loadInNewProcess(dir: string): LoadReport {
  const script = `
    const { loadTypeScriptWithCodeCache } = require(${JSON.stringify(MODULE)});
    const cache = loadTypeScriptWithCodeCache(${JSON.stringify(dir)});
    const ts = require(require.resolve('typescript', { paths: [${JSON.stringify(path.dirname(MODULE))}] }));
    const file = ts.createSourceFile('a.ts', 'const a = f({ model: "gpt-4o" });', ts.ScriptTarget.Latest, true);
    cache?.save();
    const again = require(require.resolve('typescript', { paths: [${JSON.stringify(path.dirname(MODULE))}] }));
    console.log(JSON.stringify({ loaded: !!cache, used: !!cache?.used, sameAsRequire: ts === again, kinds: file.statements.map((s) => ts.isVariableStatement(s) ? 'variable statement' : 'other') }));
  `;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as LoadReport;
}

const cacheFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.v8cache'));

test('the first load writes the code cache, the next process uses it, and the compiler works both times', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-code-cache-'));
  const first = loadInNewProcess(dir);
  assert.deepEqual(first, { loaded: true, used: false, sameAsRequire: true, kinds: ['variable statement'] });
  assert.equal(cacheFiles(dir).length, 1);
  assert.match(cacheFiles(dir)[0], /^typescript-\d+\.\d+\.\d+-/);
  const second = loadInNewProcess(dir);
  assert.deepEqual(second, { loaded: true, used: true, sameAsRequire: true, kinds: ['variable statement'] });
});

test('a corrupt cache file is not used, the compiler still loads, and the file is rewritten', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-code-cache-'));
  loadInNewProcess(dir);
  const file = path.join(dir, cacheFiles(dir)[0]);
  const content = readFileSync(file);
  content[content.length >> 1] ^= 0xff;
  writeFileSync(file, content);
  assert.equal(loadInNewProcess(dir).used, false);
  assert.equal(loadInNewProcess(dir).used, true, 'rewritten by the previous load');
});

test('cache files of other versions unused for a week are removed when a new one is written; recent ones stay', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-code-cache-'));
  const stale = path.join(dir, 'typescript-0.0.1-123-456-node-v0.0.0-x64.v8cache');
  writeFileSync(stale, 'old');
  const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
  utimesSync(stale, eightDaysAgo, eightDaysAgo);
  // Another checkout of the tool on this machine (same version, other file time) keeps its cache.
  writeFileSync(path.join(dir, 'typescript-0.0.2-123-789-node-v0.0.0-x64.v8cache'), 'recent');
  writeFileSync(path.join(dir, 'scan-0123456789abcdef.json'), '{}');
  loadInNewProcess(dir);
  assert.deepEqual(cacheFiles(dir).filter((name) => name.startsWith('typescript-0.0.')), ['typescript-0.0.2-123-789-node-v0.0.0-x64.v8cache']);
  assert.equal(cacheFiles(dir).length, 2, 'the new cache file and the recent one');
  assert.ok(readdirSync(dir).includes('scan-0123456789abcdef.json'), 'other files stay');
});

test('an unwritable cache directory only means no cache', () => {
  const blocker = path.join(mkdtempSync(path.join(tmpdir(), 'prompt-cost-code-cache-')), 'file');
  writeFileSync(blocker, 'not a directory');
  const report = loadInNewProcess(path.join(blocker, 'cache'));
  assert.deepEqual(report, { loaded: true, used: false, sameAsRequire: true, kinds: ['variable statement'] });
});

test('the code cache is one per machine (not per scanned folder), can be moved, and is off with the scan cache', () => {
  const { codeCacheDirectory } = require(path.resolve(__dirname, '..', '..', 'server', 'src', 'cli', 'scan-cache.js')) as typeof import('../../server/src/cli/scan-cache');
  assert.equal(codeCacheDirectory({}), path.join(tmpdir(), 'prompt-cost-code-cache'));
  assert.equal(codeCacheDirectory({ PROMPT_COST_CODE_CACHE_DIR: '/var/cache/pc' }), '/var/cache/pc');
  assert.equal(codeCacheDirectory({ PROMPT_COST_CACHE: 'off', PROMPT_COST_CODE_CACHE_DIR: '/var/cache/pc' }), undefined);
  // The scan cache's own folder does not move it.
  assert.equal(codeCacheDirectory({ PROMPT_COST_CACHE_DIR: '/elsewhere' }), path.join(tmpdir(), 'prompt-cost-code-cache'));
});
