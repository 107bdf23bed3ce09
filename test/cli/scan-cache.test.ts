/**
 * The scan's on-disk cache, through the built CLI: a rescan gives the same report, and a change to a file that an
 * analysis read (an imported prompt constant) is seen although the importing file did not change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI_PATH, makeWorkspace } from './helpers';

function scan(root: string, cacheDir: string): { callSites: { file: string; promptTokens: { static: number } }[]; stats: { filesParsed: number } } {
  const run = spawnSync(process.execPath, [CLI_PATH, 'scan', '.', '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PROMPT_COST_CACHE_DIR: cacheDir },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

/** 24 files that each send the imported SYSTEM prompt: enough to use the cache (it skips scans of under 20 files). */
function workspace(system: string): string {
  const files: Record<string, string> = { 'app/prompts.py': `SYSTEM = "${system}"\n`, 'app/__init__.py': '' };
  for (let i = 0; i < 24; i++) {
    files[`app/job_${i}.py`] = [
      'from openai import OpenAI',
      'from .prompts import SYSTEM',
      '',
      'client = OpenAI()',
      '',
      '',
      `def run_${i}(text):`,
      '    return client.chat.completions.create(',
      '        model="gpt-4o-mini",',
      '        max_tokens=50,',
      '        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}],',
      '    )',
      '',
    ].join('\n');
  }
  return makeWorkspace(files);
}

test('a rescan from the cache gives the same report as the first scan', () => {
  const root = workspace('You sort support tickets by urgency.');
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-cache-test-'));
  const first = scan(root, cacheDir);
  assert.equal(first.stats.filesParsed, 24);
  assert.equal(readdirSync(cacheDir).filter((name) => name.endsWith('.json')).length, 1);
  const second = scan(root, cacheDir);
  assert.deepEqual(second, first);
});

test('a changed import is seen although the importing files are unchanged', () => {
  const root = workspace('Be brief.');
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-cache-test-'));
  const before = scan(root, cacheDir).callSites.map((site) => site.promptTokens.static);
  writeFileSync(path.join(root, 'app', 'prompts.py'), 'SYSTEM = "Be brief. Answer in one short sentence, and never apologise or add a greeting."\n');
  const after = scan(root, cacheDir).callSites.map((site) => site.promptTokens.static);
  const uncached = scan(root, mkdtempSync(path.join(tmpdir(), 'prompt-cost-cache-test-'))).callSites.map((site) => site.promptTokens.static);
  assert.equal(after.length, 24);
  assert.deepEqual(after, uncached);
  assert.ok(after[0] > before[0], `${after[0]} tokens after the change, ${before[0]} before`);
});

test('PROMPT_COST_CACHE=off writes no cache', () => {
  const root = workspace('Be brief.');
  const cacheDir = path.join(mkdtempSync(path.join(tmpdir(), 'prompt-cost-cache-test-')), 'cache');
  const run = spawnSync(process.execPath, [CLI_PATH, 'scan', '.', '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PROMPT_COST_CACHE_DIR: cacheDir, PROMPT_COST_CACHE: 'off' },
  });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(existsSync(cacheDir), false);
});
