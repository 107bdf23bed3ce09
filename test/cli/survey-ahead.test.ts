/**
 * The executable starts rg before the program loads (server/src/cli/entry.ts): which command lines it guesses a
 * scan folder for, and that the scan adopts that rg only when it would have started the same one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanFolderAhead } from '../../server/src/cli/entry';
import { discardSurveyAhead, startSdkSurvey, startSurveyAhead } from '../../server/src/cli/prefilter';
import { CLI_PATH, makeWorkspace } from './helpers';

test('a scan folder is guessed only from a scan of one folder whose root follows from the command line', () => {
  const root = makeWorkspace({ 'app/chat.py': 'import openai\n', 'notes.txt': 'x\n' });
  const app = path.join(root, 'app');
  assert.deepEqual(scanFolderAhead(['scan'], root), { root, target: root });
  assert.deepEqual(scanFolderAhead(['scan', 'app', '--format', 'json', '--fail-on=warning', '--fix'], root), { root: app, target: app });
  assert.deepEqual(scanFolderAhead(['scan', '--output', 'report.json', '--', 'app'], root), { root: app, target: app });
  // The value of --format is not taken for a folder.
  assert.deepEqual(scanFolderAhead(['scan', '--format', 'app'], root), { root, target: root });
  for (const argv of [
    ['diff', '--base', 'main'],
    ['scan', 'app', 'notes.txt'],
    ['scan', 'notes.txt'],
    ['scan', 'missing'],
    ['scan', '--root', root, 'app'],
    ['scan', '-h'],
    ['scan', '--no-such-option'],
    [],
  ]) {
    assert.equal(scanFolderAhead(argv, root), undefined, argv.join(' '));
  }
});

/** A stand-in rg that lists `listed` (NUL-separated) and logs each start to `log`. */
function fakeRipgrep(listed: string[]): { rg: string; starts: () => number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-rg-'));
  const log = path.join(dir, 'starts');
  writeFileSync(log, '');
  const rg = path.join(dir, 'rg');
  writeFileSync(rg, `#!/bin/sh\necho started >> '${log}'\nprintf '${listed.map((file) => `${file}\\0`).join('')}'\nexit 0\n`);
  chmodSync(rg, 0o755);
  return { rg, starts: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
}

test('the scan adopts the survey started ahead when rg, root and arguments are the same', async () => {
  const root = makeWorkspace({ 'plain.py': 'x = 1\n', 'chat.py': 'import openai\n' });
  const { rg, starts } = fakeRipgrep(['plain.py']);
  startSurveyAhead(root, [root], 1000, rg);
  const survey = startSdkSurvey(root, [root], 1000, rg);
  assert.ok(survey);
  assert.deepEqual([...((await survey.withoutMention) ?? [])], ['plain.py']);
  assert.equal(starts(), 1, 'one rg for both');
});

test('a survey started ahead with other arguments is stopped and replaced, and one never adopted is stopped', async () => {
  const root = makeWorkspace({ 'plain.py': 'x = 1\n', 'sub/b.py': 'y = 2\n' });
  const { rg } = fakeRipgrep(['plain.py']);
  // The config raised the size limit: the arguments differ.
  const otherLimit = startSurveyAhead(root, [root], 1000, rg);
  const survey = startSdkSurvey(root, [root], 5000, rg);
  assert.ok(otherLimit && survey && survey !== otherLimit);
  assert.equal(await otherLimit.withoutMention, undefined, 'stopped');
  assert.deepEqual([...((await survey.withoutMention) ?? [])], ['plain.py']);
  // Another root.
  const otherRoot = startSurveyAhead(path.join(root, 'sub'), [path.join(root, 'sub')], 1000, rg);
  const forRoot = startSdkSurvey(root, [root], 1000, rg);
  assert.ok(otherRoot && forRoot && forRoot !== otherRoot);
  assert.equal(await otherRoot.withoutMention, undefined);
  await forRoot.withoutMention;
  // Nothing adopts it: discarding stops it and leaves no survey for a later scan to take.
  const unused = startSurveyAhead(root, [root], 1000, rg);
  discardSurveyAhead();
  assert.equal(await unused!.withoutMention, undefined);
  const fresh = startSdkSurvey(root, [root], 1000, rg);
  assert.ok(fresh && fresh !== unused);
  assert.deepEqual([...((await fresh.withoutMention) ?? [])], ['plain.py']);
});

test('the executable reports the same with rg started ahead as with the Node prefilter, also when the config changes rg\'s arguments', () => {
  const files: Record<string, string> = { 'chat.py': 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])\n' };
  for (let i = 0; i < 150; i++) files[`lib/m${i}.py`] = `def f${i}():\n    return ${i}\n`;
  // Over the limit below and without a mention: rg with the default limit would list it as such and hide it.
  files['lib/long.py'] = `# ${'x'.repeat(400)}\nx = 1\n`;
  const root = makeWorkspace(files);
  const scan = (env: Record<string, string>) => {
    const result = spawnSync(process.execPath, [CLI_PATH, 'scan', '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as { stats: unknown; problems: unknown[] };
  };
  const withRg = scan({});
  assert.deepEqual(withRg.stats, { filesListed: 152, filesPrefiltered: 151, filesParsed: 1 });
  assert.deepEqual(withRg, scan({ PROMPT_COST_RG: 'off' }));
  // The limit leaves lib/long.py to Node, which reports it as too large.
  writeFileSync(path.join(root, 'prompt-cost.config.json'), JSON.stringify({ maxFileSizeBytes: 300 }));
  const limited = scan({});
  assert.deepEqual(limited.stats, { filesListed: 152, filesPrefiltered: 150, filesParsed: 1 });
  assert.equal(limited.problems.length, 1);
  assert.deepEqual(limited, scan({ PROMPT_COST_RG: 'off' }));
});
