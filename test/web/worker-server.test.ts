/**
 * The web extension's language server (dist/web/server.js) in a worker-like context: the workspace lives behind a
 * URI scheme only the client can read, and every file reaches the server through the client's requests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonReport } from '../../server/src/engine/report/json';
import { WorkerSession } from './worker-session';

const LONG_PROMPT = Array.from({ length: 60 }, (_, i) => `Rule ${i + 1}: answer support questions about invoices politely and precisely.`).join(' ');

const FILES: Record<string, string> = {
  'app.py': [
    'from openai import OpenAI',
    'from prompts import SYSTEM_PROMPT',
    '',
    'client = OpenAI()',
    '',
    'def answer(question):',
    '    return client.chat.completions.create(',
    '        model="gpt-4o",',
    '        messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": question}],',
    '    )',
    '',
  ].join('\n'),
  'prompts.py': `SYSTEM_PROMPT = "${LONG_PROMPT}"\n`,
  'summarize.ts': [
    "import Anthropic from '@anthropic-ai/sdk';",
    'const anthropic = new Anthropic();',
    'export async function summarize(text: string) {',
    "  return anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 300, messages: [{ role: 'user', content: `Summarize: ${text}` }] });",
    '}',
    '',
  ].join('\n'),
  'notes.md': '# Not code\n',
};

test('web worker server: an open Python file gets its diagnostics, with a constant imported from a file the client read', async () => {
  const session = new WorkerSession(FILES);
  try {
    await session.initialize();
    const uri = session.open('app.py', 'python');
    const published = await session.diagnosticsFor(uri, (params) => params.diagnostics.length > 0);
    const missingCap = published.diagnostics.find((diagnostic) => diagnostic.code === 'missing-max-tokens');
    assert.ok(missingCap, `missing-max-tokens among ${JSON.stringify(published.diagnostics.map((d) => d.code))}`);
    assert.equal(missingCap.source, 'prompt-cost');
    assert.equal(missingCap.range.start.line, 6);
    assert.ok(session.readRequests.includes(session.uriOf('prompts.py')), 'prompts.py was read through the client');
    assert.deepEqual(session.refusedBeforeInitialized, [], 'no request for files before the client is initialised');

    const { report } = await session.request<{ report: JsonReport }>('promptCost/report', {});
    const site = report.callSites.find((candidate) => candidate.file === 'app.py');
    assert.ok(site, 'the open file is in the report');
    assert.equal(site.model, 'gpt-4o');
    // The system prompt is the imported constant's text (about 900 tokens), not a placeholder's estimate.
    assert.ok(site.promptTokens.static > 600, `static prompt tokens ${site.promptTokens.static}`);
    await session.shutdown();
  } finally {
    session.readRequests.length = 0;
  }
});

test('web worker server: a workspace scan analyses closed Python and TypeScript files read through the client', async () => {
  const session = new WorkerSession(FILES);
  await session.initialize();
  const result = await session.request<{ cancelled: boolean; files: number; ripgrep: string | null; summary: { callSites: number; perMonth: number; scanned: boolean } }>(
    'promptCost/scanWorkspace',
    {},
  );
  assert.equal(result.cancelled, false);
  assert.equal(result.ripgrep, null, 'no ripgrep in a browser');
  assert.equal(result.summary.scanned, true);
  assert.equal(result.summary.callSites, 2, 'the OpenAI call in app.py and the Anthropic call in summarize.ts');
  assert.ok(result.summary.perMonth > 0);
  const { report } = await session.request<{ report: JsonReport }>('promptCost/report', {});
  assert.deepEqual(
    report.callSites.map((site) => [site.file, site.provider, site.model]).sort(),
    [
      ['app.py', 'openai', 'gpt-4o'],
      ['summarize.ts', 'anthropic', 'claude-sonnet-4-5'],
    ],
  );
  await session.shutdown();
});

test('web worker server: the folder config file is read through the client and changes the monthly figures', async () => {
  const plain = new WorkerSession(FILES);
  await plain.initialize();
  const before = await plain.request<{ summary: { perMonth: number } }>('promptCost/scanWorkspace', {});
  await plain.shutdown();

  const configured = new WorkerSession({ ...FILES, 'prompt-cost.config.json': JSON.stringify({ usage: { default: { callsPerDay: 10 } } }) });
  await configured.initialize();
  const after = await configured.request<{ summary: { perMonth: number } }>('promptCost/scanWorkspace', {});
  await configured.shutdown();
  assert.ok(configured.readRequests.includes(configured.uriOf('prompt-cost.config.json')));
  assert.ok(after.summary.perMonth > 0 && after.summary.perMonth < before.summary.perMonth / 50, `${after.summary.perMonth} vs ${before.summary.perMonth}`);
});

test('web worker server: a file changed in the editor is read again through the client, and its importers follow', async () => {
  const session = new WorkerSession({ ...FILES });
  await session.initialize();
  session.open('app.py', 'python');
  await session.diagnosticsFor(session.uriOf('app.py'), (params) => params.diagnostics.length > 0);
  const staticTokens = async () => {
    const { report } = await session.request<{ report: JsonReport }>('promptCost/report', {});
    return report.callSites.find((site) => site.file === 'app.py')!.promptTokens.static;
  };
  const before = await staticTokens();
  session.files['prompts.py'] = 'SYSTEM_PROMPT = "Answer briefly."\n';
  const readsBefore = session.readRequests.length;
  session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uriOf('prompts.py'), type: 2 }] });
  const deadline = Date.now() + 30_000;
  let after = before;
  while (after === before && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await staticTokens();
  }
  assert.ok(session.readRequests.slice(readsBefore).includes(session.uriOf('prompts.py')), 'prompts.py was read again');
  assert.ok(after < 20 && before > 600, `static tokens ${before} -> ${after}`);
  await session.shutdown();
});
