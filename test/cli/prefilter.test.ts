/** The ripgrep prefilter: where rg is found, and that its answer is the Node prefilter's. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mentionsLlmSdk } from '../../server/src/cli/files';
import { filesMentioningSdk, findRipgrep } from '../../server/src/cli/prefilter';
import { makeWorkspace } from './helpers';

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
