/**
 * Protocol tests of the workspace index: which files are re-analysed when a file they read changes (as the
 * engine reports the reads, memoized constants included), and the scan's prefilter through the editor's ripgrep
 * with its fallbacks (rg on PATH, then Node reading every file).
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import type { JsonReport } from '../../server/src/engine/report/json';
import { EditorSession, type SessionOptions } from './editor-session';

let session: EditorSession | undefined;
const scratch: string[] = [];
afterEach(async () => {
  await session?.stop();
  session = undefined;
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(options: SessionOptions): Promise<EditorSession> {
  session = await EditorSession.start(options);
  return session;
}

async function reportOf(editor: EditorSession): Promise<JsonReport> {
  return ((await editor.connection.sendRequest('promptCost/report', {})) as { report: JsonReport }).report;
}

interface ScanResponse {
  cancelled: boolean;
  files: number;
  ripgrep: string | null;
  summary: { callSites: number };
}

async function scan(editor: EditorSession): Promise<ScanResponse> {
  return (await editor.connection.sendRequest('promptCost/scanWorkspace', {})) as ScanResponse;
}

/** A file importing SYSTEM from prompts.py and sending it to OpenAI (the call is on line 7). */
function callerPy(name: string): string {
  return [
    'from openai import OpenAI',
    'from prompts import SYSTEM',
    '',
    'client = OpenAI()',
    '',
    `def ${name}(ticket):`,
    '    return client.chat.completions.create(',
    '        model="gpt-4o-mini",',
    '        max_completion_tokens=50,',
    '        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": ticket}],',
    '    )',
    '',
  ].join('\n');
}

const SHORT_PROMPT = 'SYSTEM = "Classify the ticket."\n';
const LONG_PROMPT = `SYSTEM = "${'Classify the ticket as billing, bug or other, and answer with the label only. '.repeat(8).trim()}"\n`;

function staticTokensOf(report: JsonReport, file: string): number {
  const site = report.callSites.find((s) => s.file === file);
  assert.ok(site, `no call site in ${file}: ${report.callSites.map((s) => s.file).join(', ')}`);
  return site.promptTokens.static;
}

describe('dependants of a changed file', () => {
  // a.py is analysed first and computes prompts.py's constants; b.py gets them from the engine's memo, so it
  // never reads prompts.py itself. It depends on it all the same.
  const WORKSPACE = { 'a.py': callerPy('first'), 'b.py': callerPy('second'), 'prompts.py': SHORT_PROMPT };

  test('a closed file whose constant came from the memo is re-analysed when the constant changes on disk', async () => {
    const editor = await start({ files: WORKSPACE });
    await scan(editor);
    const before = await reportOf(editor);
    assert.equal(staticTokensOf(before, 'a.py'), staticTokensOf(before, 'b.py'));

    const summaries = editor.summaryChangedCount;
    editor.writeFile('prompts.py', LONG_PROMPT);
    await editor.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: editor.uri('prompts.py'), type: 2 }] });
    await editor.until(() => (editor.summaryChangedCount > summaries ? true : undefined));

    const after = await reportOf(editor);
    assert.ok(staticTokensOf(after, 'a.py') > staticTokensOf(before, 'a.py') + 50, 'a.py sees the longer prompt');
    assert.equal(staticTokensOf(after, 'b.py'), staticTokensOf(after, 'a.py'), 'b.py sees the longer prompt too');
  });

  test('an open file whose constant came from the memo is re-analysed as the constant is typed', async () => {
    const editor = await start({ files: WORKSPACE });
    const a = await editor.open('a.py', WORKSPACE['a.py']);
    await editor.diagnostics(a);
    const b = await editor.open('b.py', WORKSPACE['b.py']);
    await editor.diagnostics(b);
    const tokensInHover = async (uri: string) => Number(/([\d,]+) input tokens/.exec((await editor.hoverMarkdown(uri, 6, 20)) ?? '')?.[1].replace(/,/g, ''));
    const shortTokens = await tokensInHover(b);
    assert.ok(shortTokens > 0, 'the hover names the input tokens');

    const prompts = await editor.open('prompts.py', SHORT_PROMPT);
    const mark = editor.mark();
    await editor.change(prompts, LONG_PROMPT);
    // a.py read prompts.py itself: its new diagnostics say the change went through.
    await editor.diagnosticsAfter(mark, a);
    assert.ok((await tokensInHover(a)) > shortTokens + 50);
    assert.equal(await tokensInHover(b), await tokensInHover(a));
  });
});

describe('the index of closed files', () => {
  test('keeps analyses without the neutral call view, and the report is the same as from full analyses of the open files', async () => {
    const files = { 'a.py': callerPy('first'), 'b.py': callerPy('second'), 'prompts.py': LONG_PROMPT };
    const editor = await start({ files });
    await scan(editor);
    const fromIndex = await reportOf(editor);
    assert.equal(fromIndex.callSites.length, 2);
    assert.ok(fromIndex.findings.length > 0);
    // Opened, each file is analysed again in full and replaces its index entry.
    for (const [file, text] of Object.entries(files)) await editor.diagnostics(await editor.open(file, text));
    const fromOpenFiles = await reportOf(editor);
    assert.deepEqual(fromOpenFiles.callSites, fromIndex.callSites);
    assert.deepEqual(fromOpenFiles.findings, fromIndex.findings);
  });
});

/** Enough files for the scan to prefilter through ripgrep: 120 that mention no SDK and two with calls. */
function manyFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 120; i++) files[`lib/util_${i}.py`] = `def helper_${i}(value):\n    return value * ${i}\n`;
  files['a.py'] = callerPy('first');
  files['prompts.py'] = SHORT_PROMPT;
  files['web/ask.ts'] = [
    "import OpenAI from 'openai';",
    'const client = new OpenAI();',
    'export async function ask(question: string) {',
    "  return client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 40, messages: [{ role: 'user', content: question }] });",
    '}',
    '',
  ].join('\n');
  return files;
}
const EXPECTED_CALLS = ['a.py:7', 'web/ask.ts:4'];
const SYSTEM_RG = '/usr/bin/rg';
const noSystemRg = !existsSync(SYSTEM_RG) && `${SYSTEM_RG} is not installed`;
const POSIX_ONLY = process.platform === 'win32' && 'shell scripts stand in for rg';

function callsOf(report: JsonReport): string[] {
  return report.callSites.map((s) => `${s.file}:${s.line}`).sort();
}

function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-rg-'));
  scratch.push(dir);
  return dir;
}

describe("the scan's prefilter", () => {
  test("the editor's ripgrep prefilters the scan", { skip: noSystemRg }, async () => {
    // No rg on PATH: only the path the editor passed can be the one used.
    const editor = await start({ files: manyFiles(), initializationOptions: { ripgrepPath: SYSTEM_RG }, env: { PATH: scratchDir(), PROMPT_COST_RG: undefined } });
    const result = await scan(editor);
    assert.equal(result.ripgrep, SYSTEM_RG);
    assert.equal(result.files, 123);
    assert.deepEqual(callsOf(await reportOf(editor)), EXPECTED_CALLS);
    assert.ok(editor.progress.some((p) => p.value.message === '123/123 files'));
  });

  test('the editor ripgrep is the one run: a wrapper records its arguments', { skip: noSystemRg || POSIX_ONLY }, async () => {
    const dir = scratchDir();
    const wrapper = path.join(dir, 'rg');
    const log = path.join(dir, 'calls.log');
    writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${log}'\nexec ${SYSTEM_RG} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const editor = await start({ files: manyFiles(), initializationOptions: { ripgrepPath: wrapper }, env: { PATH: scratchDir(), PROMPT_COST_RG: undefined } });
    const result = await scan(editor);
    assert.equal(result.ripgrep, wrapper);
    assert.ok(existsSync(log), 'the wrapper ran');
    assert.deepEqual(callsOf(await reportOf(editor)), EXPECTED_CALLS);
  });

  test('a path that does not exist is reported, and rg on PATH prefilters instead', { skip: noSystemRg }, async () => {
    const bogus = path.join(scratchDir(), 'no-such-dir', 'rg');
    const editor = await start({ files: manyFiles(), initializationOptions: { ripgrepPath: bogus }, env: { PATH: path.dirname(SYSTEM_RG), PROMPT_COST_RG: undefined } });
    const result = await scan(editor);
    assert.equal(result.ripgrep, SYSTEM_RG);
    assert.deepEqual(callsOf(await reportOf(editor)), EXPECTED_CALLS);
    assert.ok(editor.logs.some((message) => message.includes(bogus) && message.includes('no such file')), editor.logs.join('\n'));
  });

  test('with no usable ripgrep anywhere the server reads the files itself, with the same results', async () => {
    const bogus = path.join(scratchDir(), 'no-such-dir', 'rg');
    const editor = await start({ files: manyFiles(), initializationOptions: { ripgrepPath: bogus }, env: { PATH: scratchDir(), PROMPT_COST_RG: undefined } });
    const result = await scan(editor);
    assert.equal(result.ripgrep, null);
    assert.equal(result.files, 123);
    assert.deepEqual(callsOf(await reportOf(editor)), EXPECTED_CALLS);
  });

  test('an rg that fails when run hands over to the Node prefilter', { skip: POSIX_ONLY }, async () => {
    const broken = path.join(scratchDir(), 'rg');
    writeFileSync(broken, '#!/bin/sh\necho "rg: broken" >&2\nexit 2\n');
    chmodSync(broken, 0o755);
    const editor = await start({ files: manyFiles(), initializationOptions: { ripgrepPath: broken }, env: { PATH: scratchDir(), PROMPT_COST_RG: undefined } });
    const result = await scan(editor);
    assert.equal(result.ripgrep, null);
    assert.deepEqual(callsOf(await reportOf(editor)), EXPECTED_CALLS);
    assert.ok(editor.logs.some((message) => message.includes(`ripgrep at ${broken} failed`)), editor.logs.join('\n'));
  });

  test('a .prompty file is indexed whatever it mentions, as the CLI does (it is a model call by itself)', async () => {
    const prompty = ['---', 'name: Triage', 'model:', '  api: chat', '  configuration:', '    name: gpt-4o', '---', 'system:', 'Classify the ticket.', '', 'user:', '{{ticket}}', ''].join('\n');
    for (const files of [{ 'triage.prompty': prompty }, { ...manyFiles(), 'triage.prompty': prompty }]) {
      const editor = await start({ files });
      await scan(editor);
      assert.ok(callsOf(await reportOf(editor)).includes('triage.prompty:3'), `${Object.keys(files).length} files`);
      await editor.stop();
      session = undefined;
    }
  });

  test('a ripgrep path that is not a string is ignored with a message', async () => {
    const editor = await start({ files: { 'a.py': callerPy('first'), 'prompts.py': SHORT_PROMPT }, initializationOptions: { ripgrepPath: 42 } });
    const result = await scan(editor);
    assert.deepEqual(callsOf(await reportOf(editor)), ['a.py:7']);
    assert.equal(result.files, 2);
    assert.ok(editor.logs.some((message) => message.includes('42') && message.includes('not a path')), editor.logs.join('\n'));
  });
});
