/**
 * Analysing a workspace never runs its code, never touches the network, and reads prompt files only inside it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { createWorkspaceContext, type FileSource } from '../../server/src/engine/workspace';
import { frontEndModules } from '../../server/src/engine/language-modules';
import { makeWorkspace, PY_HEADER, readyParsers, runCli, scanJson, TS_HEADER } from './helpers';

before(readyParsers);

test('scanning never executes the workspace: Python and JS files that would write a marker do not', () => {
  const root = makeWorkspace({});
  const marker = (name: string) => path.join(root, `${name}.ran`);
  writeFileSync(path.join(root, 'app.py'), `${PY_HEADER}open(${JSON.stringify(marker('python'))}, "w").write("ran")\nimport os\nos.system("touch ${marker('python-shell')}")\nreply = client.chat.completions.create(model="gpt-4o", max_tokens=5, messages=[])\n`);
  writeFileSync(path.join(root, 'index.js'), `const OpenAI = require('openai');\nrequire('fs').writeFileSync(${JSON.stringify(marker('js'))}, 'ran');\nconst client = new OpenAI();\nclient.chat.completions.create({ model: 'gpt-4o', max_tokens: 5, messages: [] });\n`);
  writeFileSync(path.join(root, 'mod.mjs'), `import OpenAI from 'openai';\nimport { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker('esm'))}, 'ran');\nawait new OpenAI().chat.completions.create({ model: 'gpt-4o', max_tokens: 5, messages: [] });\n`);
  writeFileSync(path.join(root, 'conftest.py'), `open(${JSON.stringify(marker('conftest'))}, "w").write("ran")\nimport openai\n`);
  writeFileSync(path.join(root, 'prompt-cost.config.json'), '{ "usage": { "default": { "callsPerDay": 10 } } }');
  const report = scanJson([root], root);
  assert.deepEqual(report.callSites.map((c) => c.file).sort(), ['app.py', 'index.js', 'mod.mjs']);
  for (const name of ['python', 'python-shell', 'js', 'esm', 'conftest']) assert.equal(existsSync(marker(name)), false, `${name} code ran`);
});

test('scanning opens no network connection and resolves no host name', () => {
  const root = makeWorkspace({
    'app.py': `${PY_HEADER}import requests\nrequests.get("https://example.com")\nreply = client.chat.completions.create(model="gpt-4o", max_tokens=5, messages=[])\n`,
    'app.ts': `${TS_HEADER}await fetch('https://example.com');\nawait client.chat.completions.create({ model: 'gpt-4o', max_tokens: 5, messages: [] });\n`,
  });
  const log = path.join(root, 'network.log');
  const preload = path.join(root, 'deny-network.cjs');
  // Every way out of the process is replaced by a function that records the attempt and throws.
  writeFileSync(
    preload,
    `const fs = require('fs');
const log = ${JSON.stringify(log)};
const deny = (name) => function () { fs.appendFileSync(log, name + '\\n'); throw new Error('network access during analysis: ' + name); };
const net = require('net'); net.connect = net.createConnection = deny('net.connect'); net.Socket.prototype.connect = deny('Socket.connect');
const tls = require('tls'); tls.connect = deny('tls.connect');
for (const mod of ['http', 'https']) { const m = require(mod); m.request = deny(mod + '.request'); m.get = deny(mod + '.get'); }
const dns = require('dns'); dns.lookup = deny('dns.lookup'); dns.resolve = deny('dns.resolve'); dns.promises.lookup = deny('dns.promises.lookup');
const dgram = require('dgram'); dgram.createSocket = deny('dgram.createSocket');
globalThis.fetch = deny('fetch');
fs.writeFileSync(log, '');
`,
  );
  const run = runCli(['scan', '--format', 'json', root], root, { nodeArgs: ['--require', preload] });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(readFileSync(log, 'utf8'), '');
  assert.deepEqual(JSON.parse(run.stdout).callSites.map((c: { file: string }) => c.file), ['app.py', 'app.ts']);
});

test('a prompt file path that escapes the workspace is not followed', () => {
  const outside = makeWorkspace({ 'secret.md': 'TOP SECRET PROMPT '.repeat(500) });
  const root = makeWorkspace({
    'app/bot.py': `${PY_HEADER}from pathlib import Path\nSYSTEM = Path(__file__).parent.joinpath("../../${path.basename(outside)}/secret.md").read_text()\nABS = open(${JSON.stringify(path.join(outside, 'secret.md'))}).read()\nreply = client.chat.completions.create(model="gpt-4o", max_tokens=5, messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": ABS}])\n`,
  });
  const report = scanJson([root], root);
  assert.equal(report.callSites.length, 1);
  // Only placeholders: 500 repetitions of the secret would be thousands of static tokens.
  assert.equal(report.callSites[0].promptTokens.static < 50, true, `static tokens: ${report.callSites[0].promptTokens.static}`);
  assert.doesNotMatch(JSON.stringify(report), /TOP SECRET/);
});

test('the workspace context refuses prompt paths outside the root, absolute or climbing', () => {
  const reads: string[] = [];
  const source: FileSource = {
    root: '/ws',
    readFile(relPath) {
      reads.push(relPath);
      return 'text';
    },
  };
  const context = createWorkspaceContext(source, frontEndModules);
  assert.equal(context.readPromptFile('app/bot.py', '../../etc/passwd', 'file'), undefined);
  assert.equal(context.readPromptFile('app/bot.py', '/etc/passwd', 'root'), undefined);
  assert.equal(context.readPromptFile('bot.py', '../outside.md', 'root'), undefined);
  assert.deepEqual(context.readPromptFile('app/bot.py', 'prompts/x.md', 'file'), { path: 'app/prompts/x.md', text: 'text' });
  assert.deepEqual(reads, ['app/prompts/x.md']);
});
