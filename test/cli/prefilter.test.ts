/** The ripgrep prefilter: where rg is found, and that its answer is the Node prefilter's. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { languageOf } from '../../server/src/engine/analyze';
import { listFiles, mentionsLlmSdk } from '../../server/src/cli/files';
import { filesMentioningSdk, findRipgrep, parseSurveyOutput, startSdkSurvey, surveyArguments } from '../../server/src/cli/prefilter';
import { CLI_PATH, makeWorkspace } from './helpers';

test('PROMPT_COST_RG names rg, or turns it off', () => {
  assert.equal(findRipgrep({ PROMPT_COST_RG: '/opt/tools/rg', PATH: '' }), '/opt/tools/rg');
  assert.equal(findRipgrep({ PROMPT_COST_RG: 'off', PATH: '/usr/bin' }), undefined);
  assert.equal(findRipgrep({ PROMPT_COST_RG: '', PATH: '/usr/bin' }), undefined);
});

test('rg is looked up on PATH, executables only', () => {
  const withRg = mkdtempSync(path.join(tmpdir(), 'prompt-cost-path-'));
  const withoutRg = mkdtempSync(path.join(tmpdir(), 'prompt-cost-path-'));
  writeFileSync(path.join(withRg, 'rg'), '#!/bin/sh\n');
  chmodSync(path.join(withRg, 'rg'), 0o755);
  writeFileSync(path.join(withoutRg, 'rg'), 'not executable');
  chmodSync(path.join(withoutRg, 'rg'), 0o644);
  assert.equal(findRipgrep({ PATH: [withoutRg, withRg].join(path.delimiter) }), path.join(withRg, 'rg'));
  assert.equal(findRipgrep({ PATH: withoutRg }), undefined);
});

test('a failing rg means "test every file in Node", never "no file mentions an SDK"', async () => {
  const root = makeWorkspace({ 'a.py': 'import openai\n' });
  const broken = path.join(mkdtempSync(path.join(tmpdir(), 'prompt-cost-rg-')), 'rg');
  writeFileSync(broken, '#!/bin/sh\nexit 2\n');
  chmodSync(broken, 0o755);
  assert.equal(await filesMentioningSdk(root, ['a.py'], broken), undefined);
  assert.equal(await filesMentioningSdk(root, ['a.py'], path.join(root, 'no-such-rg')), undefined);
});

test('rg, where installed, finds exactly the files the Node prefilter passes', async () => {
  const files: Record<string, string> = {
    'app/chat.py': 'from openai import OpenAI\n',
    'app/plain.py': 'def add(a, b):\n    return a + b\n',
    'web/gen.ts': "import { generateText } from 'ai';\n",
    'web/util.ts': "export const ai = 'not an import';\n",
    'web/bedrock.js': "const { BedrockRuntimeClient } = require('@aws-sdk/client-bedrock-runtime');\n",
    'web/-dash.ts': 'import Anthropic from "@anthropic-ai/sdk";\n',
    'docs/Google notes.py': '# google\n',
    'bin/data.py': 'x = 1\u0000openai\n',
  };
  const root = makeWorkspace(files);
  const names = Object.keys(files).sort();
  const expected = names.filter((file) => mentionsLlmSdk(readFileSync(path.join(root, ...file.split('/')), 'utf8')));
  const rg = findRipgrep();
  const found = await filesMentioningSdk(root, names, rg);
  // Without rg the scan tests files in Node; with it, the answer must be the same set.
  assert.deepEqual(found === undefined ? undefined : [...found].sort(), rg === undefined ? undefined : expected);
  assert.deepEqual(expected, ['app/chat.py', 'bin/data.py', 'docs/Google notes.py', 'web/-dash.ts', 'web/bedrock.js', 'web/gen.ts']);
});

test('survey output: paths with line feeds, ./ prefixes and Windows separators', () => {
  assert.deepEqual([...parseSurveyOutput('./a.py\u0000./odd\nname.py\u0000sub/b.ts\u0000', '/')], ['a.py', 'odd\nname.py', 'sub/b.ts']);
  assert.deepEqual([...parseSurveyOutput('.\\web\\c.ts\u0000web\\d.ts\u0000', '\\')], ['web/c.ts', 'web/d.ts']);
  assert.deepEqual([...parseSurveyOutput('', '/')], []);
});

test('survey arguments: the skipped folders are pruned and only .gitignore rules inside the targets apply', () => {
  const args = surveyArguments(['.'], 1000);
  for (const flag of ['--files-without-match', '--null', '--hidden', '--no-require-git', '--no-ignore-parent', '--no-ignore-global', '--no-ignore-dot', '--no-ignore-exclude']) {
    assert.ok(args.includes(flag), flag);
  }
  assert.equal(args[args.indexOf('--max-filesize') + 1], '1000');
  assert.ok(args.includes('!node_modules/') && args.includes('!.venv/'));
  assert.deepEqual(args.slice(-2), ['--', '.']);
});

test('rg is given the analysed extensions in both cases', () => {
  const args = surveyArguments(['.'], 1000);
  const glob = args[args.indexOf('--type-add') + 1];
  const listed = /^analysed:\*\.\{(.*)\}$/.exec(glob)![1].split(',');
  for (const extension of listed) assert.notEqual(languageOf(`x.${extension}`), null, extension);
  for (const extension of ['py', 'PY', 'ts', 'TSX', 'mjs', 'prompty', 'PROMPTY']) assert.ok(listed.includes(extension), extension);
  for (const extension of ['md', 'json', 'txt', 'pyc', 'd', 'constructor']) assert.equal(languageOf(`x.${extension}`), null, extension);
});

function ordinaryTree(): { root: string; files: Record<string, string> } {
  const files: Record<string, string> = {
    '.gitignore': 'ignored/\n*.tmp.py\n',
    'app/chat.py': 'from openai import OpenAI\n',
    'app/plain.py': 'def add(a, b):\n    return a + b\n',
    'app/UPPER.PY': 'import anthropic\n',
    '.github/scripts/tool.py': 'import litellm\n',
    'web/gen.ts': "import { generateText } from 'ai';\n",
    'web/util.ts': 'export const x = 1;\n',
    'ignored/big.py': 'import openai\n',
    'scratch.tmp.py': 'import openai\n',
    'node_modules/openai/index.js': 'module.exports = require("openai");\n',
    'notes.md': 'openai\n',
    'huge.py': 'x = 1\n' + '#'.repeat(3000),
  };
  return { root: makeWorkspace(files), files };
}

test('a survey finds exactly the listed files without a mention in an ordinary tree', async (t) => {
  const rg = findRipgrep();
  if (!rg) return t.skip('rg is not installed');
  const { root } = ordinaryTree();
  const survey = startSdkSurvey(root, [root], 2000, rg);
  assert.ok(survey);
  const withoutMention = await survey.withoutMention;
  assert.ok(withoutMention);
  const listed = await listFiles(root, [root]);
  const mentions = (file: string) => mentionsLlmSdk(readFileSync(path.join(root, ...file.split('/')), 'utf8'));
  // huge.py is over --max-filesize: not examined, so left to Node, which reports the size. Every other listed file
  // without a mention was examined (node_modules, .gitignored and non-source files were not: nothing extra).
  assert.deepEqual([...withoutMention].sort(), listed.files.filter((file) => file !== 'huge.py' && !mentions(file)));
  assert.deepEqual([...withoutMention].sort(), ['app/plain.py', 'web/util.ts']);
});

test('a survey with a failing rg has no answer; a cancelled one neither', async () => {
  const root = makeWorkspace({ 'a.py': 'import openai\n' });
  const dir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-rg-'));
  const broken = path.join(dir, 'rg');
  writeFileSync(broken, '#!/bin/sh\nexit 2\n');
  chmodSync(broken, 0o755);
  assert.equal(await startSdkSurvey(root, [root], 1000, broken)!.withoutMention, undefined);
  // Killed halfway through its list: what it wrote is not trusted.
  const crashing = path.join(dir, 'crashing-rg');
  writeFileSync(crashing, '#!/bin/sh\nprintf "a.py\\0"\nkill -9 $$\n');
  chmodSync(crashing, 0o755);
  assert.equal(await startSdkSurvey(root, [root], 1000, crashing)!.withoutMention, undefined);
  // Some file could not be read (exit 2): the files it did list are trusted, the others are tested in Node.
  const partial = path.join(dir, 'partial-rg');
  writeFileSync(partial, '#!/bin/sh\nprintf "./a.py\\0"\nexit 2\n');
  chmodSync(partial, 0o755);
  assert.deepEqual(await startSdkSurvey(root, [root], 1000, partial)!.withoutMention, new Set(['a.py']));
  assert.equal(await startSdkSurvey(root, [root], 1000, path.join(dir, 'no-such-rg'))?.withoutMention, undefined);
  const slow = path.join(dir, 'slow-rg');
  writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
  chmodSync(slow, 0o755);
  const survey = startSdkSurvey(root, [root], 1000, slow)!;
  survey.cancel();
  assert.equal(await survey.withoutMention, undefined);
  // Only folders are surveyed: a file named directly is left to Node.
  assert.equal(startSdkSurvey(root, [path.join(root, 'a.py')], 1000, slow), undefined);
});

/** `scan --format json` with the given environment, parsed. */
function scanWith(root: string, env: NodeJS.ProcessEnv): unknown {
  const result = spawnSync(process.execPath, [CLI_PATH, 'scan', '--format', 'json', '.'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

test('scan: the same report with rg, without rg, and with an rg that examines nothing', (t) => {
  const { root } = ordinaryTree();
  writeFileSync(path.join(root, 'prompt-cost.config.json'), JSON.stringify({ maxFileSizeBytes: 2000 }));
  // Enough files for the scan to start rg.
  for (let i = 0; i < 120; i++) {
    mkdirSync(path.join(root, 'many', String(i % 7)), { recursive: true });
    writeFileSync(path.join(root, 'many', String(i % 7), `m${i}.py`), i % 10 === 0 ? 'import openai\n' : `x = ${i}\n`);
  }
  symlinkSync(path.join('..', 'app', 'chat.py'), path.join(root, 'web', 'linked_chat.py'));
  const dir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-rg-'));
  const silent = path.join(dir, 'rg');
  writeFileSync(silent, '#!/bin/sh\nexit 1\n');
  chmodSync(silent, 0o755);
  const withoutRg = scanWith(root, { PROMPT_COST_RG: 'off' }) as { stats: unknown; problems: unknown };
  // Parsed: chat.py, UPPER.PY, tool.py, gen.ts, the link to chat.py and 12 of the 120; plain.py, util.ts and 108 prefiltered.
  assert.deepEqual(withoutRg.stats, { filesListed: 128, filesPrefiltered: 110, filesParsed: 17 });
  assert.deepEqual(withoutRg.problems, [{ file: 'huge.py', line: null, message: 'not scanned: larger than maxFileSizeBytes (2000)' }]);
  assert.deepEqual(scanWith(root, { PROMPT_COST_RG: silent }), withoutRg);
  const rg = findRipgrep();
  if (!rg) return t.skip('rg is not installed');
  assert.deepEqual(scanWith(root, { PROMPT_COST_RG: rg }), withoutRg);
});
