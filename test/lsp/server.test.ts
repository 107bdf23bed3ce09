/**
 * Protocol tests: the bundled server as a child process, spoken to over stdio like an editor would.
 * Each test is one editor session on a fresh temporary workspace.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { CodeAction, CodeLens, InlayHint } from 'vscode-languageserver-protocol/node';
import { formatUsd } from '../../server/src/engine/format';
import type { JsonReport } from '../../server/src/engine/report/json';
import { RULE_DOCS_BASE_URL } from '../../server/src/lsp/diagnostics';
import { codesOf, EditorSession, StaleEditError } from './editor-session';
import { anthropicBotPy, MAIN_CALL_LINE, MAIN_PY, mainPyWithCap, PROMPTS_PY, PROMPTS_PY_PLAIN, SUMMARY_APP_PY } from './fixtures';

const WORKSPACE = { 'app/__init__.py': '', 'app/prompts.py': PROMPTS_PY, 'app/main.py': MAIN_PY };
const CALLEE = { line: MAIN_CALL_LINE, character: 20 }; // on `chat` of client.chat.completions.create

let session: EditorSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

async function start(settings: Record<string, unknown> = {}, files: Record<string, string> = WORKSPACE): Promise<EditorSession> {
  session = await EditorSession.start({ files, settings });
  return session;
}

async function reportOf(editor: EditorSession): Promise<JsonReport> {
  const response = (await editor.connection.sendRequest('promptCost/report', {})) as { report: JsonReport };
  return response.report;
}

describe('diagnostics', () => {
  test('opening a Python file publishes findings with rule code, docs link, source and money', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    const diagnostics = await editor.diagnostics(uri);

    assert.deepEqual(codesOf(diagnostics), ['flagship-on-simple-task', 'missing-max-tokens', 'verbose-phrasing']);
    const missingCap = diagnostics.find((d) => d.code === 'missing-max-tokens')!;
    assert.equal(missingCap.source, 'prompt-cost');
    assert.equal(missingCap.codeDescription?.href, `${RULE_DOCS_BASE_URL}missing-max-tokens.md`);
    assert.equal(RULE_DOCS_BASE_URL, 'https://github.com/prompt-cost-lint/prompt-cost-lint/blob/main/docs/rules/');
    assert.deepEqual(missingCap.range, { start: { line: 7, character: 11 }, end: { line: 7, character: 41 } });
    // info by default (docs/rules/missing-max-tokens.md says why).
    assert.equal(missingCap.severity, 3);
    assert.match(missingCap.message as string, /\$0\.16 per call/);

    const flagship = diagnostics.find((d) => d.code === 'flagship-on-simple-task')!;
    assert.deepEqual(flagship.range, { start: { line: 8, character: 15 }, end: { line: 8, character: 21 } });
    assert.match(flagship.message as string, /gpt-4o-mini would cost ≈ \$[\d.,]+\/month less/);
  });

  test('a finding about an imported constant links to the constant in its file', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    const verbose = (await editor.diagnostics(uri)).find((d) => d.code === 'verbose-phrasing')!;
    const actions = await editor.codeActions(uri, [verbose]);
    const rewrite = actions.find((a) => a.title.startsWith('Rewrite message 1 (system)'))!;
    // The fix edits the constant where it lives, not the call.
    assert.deepEqual(
      (rewrite.edit!.documentChanges as { textDocument: { uri: string; version: number | null } }[]).map((c) => c.textDocument),
      [{ uri: editor.uri('app/prompts.py'), version: null }],
    );
  });
});

describe('hover, inlay hints and code lens', () => {
  test('hover on the callee shows model, tokenizer, tokens, cost per call and month, and the price date', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    await editor.diagnostics(uri);
    const report = await reportOf(editor);
    const site = report.callSites[0];
    const markdown = (await editor.hoverMarkdown(uri, CALLEE.line, CALLEE.character))!;

    assert.match(markdown, /^\*\*gpt-4o\*\* · openai `chat\.completions\.create`/);
    assert.ok(markdown.includes('Tokenizer: o200k\\_base (exact for static text)'), markdown);
    assert.ok(markdown.includes('| system #1 | '), markdown);
    assert.ok(markdown.includes('| user #2 | 0 + ≈ 50 (1 dynamic part) |'), markdown);
    assert.ok(markdown.includes(`| **input** | **≈ ${site.promptTokens.static + site.promptTokens.dynamicEstimate + site.promptTokens.overhead}** |`), markdown);
    assert.ok(markdown.includes(`| per call | ${formatUsd(site.cost!.perCall)} |`), markdown);
    assert.ok(markdown.includes(`| per 1,000 calls | ${formatUsd(site.cost!.perCall * 1000)} |`), markdown);
    assert.ok(markdown.includes(`| per month | ${formatUsd(site.cost!.perMonth)} |`), markdown);
    assert.ok(markdown.includes('Per month at 1,000 calls/day'), markdown);
    assert.ok(markdown.includes(`as of ${report.prices.asOf}.`), markdown);
    assert.ok(markdown.includes('Cheaper: '), markdown);
  });

  test('hover anywhere on the arguments finds the call; outside the call there is none', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    const onArgument = await editor.hoverMarkdown(uri, 11, 30);
    assert.match(onArgument!, /^\*\*gpt-4o\*\*/);
    assert.equal(await editor.hoverMarkdown(uri, 3, 3), null);
  });

  test('an inlay hint at the end of the call line carries tokens, $/call and $/month', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    await editor.diagnostics(uri);
    const site = (await reportOf(editor)).callSites[0];
    const hints = (await editor.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    })) as InlayHint[];
    const tokens = site.promptTokens.static + site.promptTokens.dynamicEstimate + site.promptTokens.overhead;
    assert.deepEqual(
      hints.map((h) => ({ position: h.position, label: h.label })),
      [
        {
          position: { line: MAIN_CALL_LINE, character: '    return client.chat.completions.create('.length },
          label: `≈ ${tokens} tok · ${formatUsd(site.cost!.perCall)}/call · ${formatUsd(site.cost!.perMonth)}/mo`,
        },
      ],
    );
  });

  test('with inlineCost set to codeLens, a lens replaces the inlay hint and opens the report for that call', async () => {
    const editor = await start({ inlineCost: 'codeLens' });
    const uri = await editor.open('app/main.py', MAIN_PY);
    const lenses = (await editor.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, MAIN_CALL_LINE);
    assert.equal(lenses[0].command!.command, 'promptCost.showReport');
    assert.match(lenses[0].command!.title, /^≈ \d+ tok · \$[\d.]+\/call · \$[\d,]+\/mo$/);
    assert.deepEqual(lenses[0].command!.arguments, [{ callSiteId: 'app/main.py:8:12', uri, line: MAIN_CALL_LINE }]);
    const hints = await editor.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    assert.deepEqual(hints, []);
  });
});

describe('code actions', () => {
  test('a quick fix applied to the text and sent back removes its diagnostic', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    const flagship = (await editor.diagnostics(uri)).find((d) => d.code === 'flagship-on-simple-task')!;
    const actions = await editor.codeActions(uri, [flagship]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? null]),
      [
        ['Use gpt-4o-mini instead of gpt-4o', 'quickfix', false],
        ['Ignore flagship-on-simple-task on this line', 'quickfix', null],
      ],
    );
    const versions = await editor.applyAndSend(actions[0].edit!);
    assert.ok(editor.text(uri).includes('model="gpt-4o-mini"'));
    const after = await editor.diagnosticsAfter(0, uri, versions.get(uri));
    assert.deepEqual(codesOf(after), ['missing-max-tokens', 'verbose-phrasing']);
  });

  test('the ignore action inserts a comment in Python syntax with the line indentation', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    const missingCap = (await editor.diagnostics(uri)).find((d) => d.code === 'missing-max-tokens')!;
    const ignore = (await editor.codeActions(uri, [missingCap])).find((a) => a.title === 'Ignore missing-max-tokens on this line')!;
    const version = (await editor.applyAndSend(ignore.edit!)).get(uri);
    assert.equal(editor.text(uri).split('\n')[MAIN_CALL_LINE], '    # prompt-cost-ignore-next-line missing-max-tokens');
    assert.deepEqual(codesOf(await editor.diagnosticsAfter(0, uri, version)), ['flagship-on-simple-task', 'verbose-phrasing']);
  });

  test('source.fixAll.promptCost applies the safe fixes', async () => {
    const editor = await start({}, { 'bot.py': anthropicBotPy() });
    const uri = await editor.open('bot.py', anthropicBotPy());
    assert.deepEqual(codesOf(await editor.diagnostics(uri)), ['uncached-static-prefix']);
    const actions = await editor.codeActions(uri, [], ['source.fixAll']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Apply all safe prompt-cost fixes', 'source.fixAll.promptCost']]);
    const version = (await editor.applyAndSend(actions[0].edit!)).get(uri);
    assert.ok(editor.text(uri).includes('system=[{"type": "text", "text": POLICY, "cache_control": {"type": "ephemeral"}}],'));
    assert.deepEqual(await editor.diagnosticsAfter(0, uri, version), []);
  });

  test('a fix computed for an older version is rejected, and stale diagnostics offer no fixes', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    const diagnostics = await editor.diagnostics(uri);
    const flagship = diagnostics.find((d) => d.code === 'flagship-on-simple-task')!;
    const [swap] = await editor.codeActions(uri, [flagship]);
    assert.equal((swap.edit!.documentChanges![0] as { textDocument: { version: number } }).textDocument.version, 1);

    await editor.change(uri, '# a new first line\n' + MAIN_PY);
    assert.throws(() => editor.applyEdit(swap.edit!), StaleEditError);
    // The editor still holds version 1's diagnostics until new ones arrive: the server offers nothing for them.
    assert.deepEqual(await editor.codeActions(uri, [flagship]), []);
    const fresh = await editor.diagnostics(uri);
    assert.equal(fresh.find((d) => d.code === 'flagship-on-simple-task')!.range.start.line, 9);
  });
});

describe('editing', () => {
  test('unsaved text is analysed: adding a cap without saving removes missing-max-tokens', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    await editor.diagnostics(uri);
    await editor.change(uri, mainPyWithCap(16));
    assert.deepEqual(codesOf(await editor.diagnostics(uri)), ['flagship-on-simple-task', 'verbose-phrasing']);
    // The unsaved cap is the worst case; a classification's typical reply is shorter.
    assert.match((await editor.hoverMarkdown(uri, CALLEE.line, CALLEE.character))!, /Output tokens: typical 10 · worst case 16 \(/);
  });

  test('twenty rapid changes end in one publication that matches the last text', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    await editor.diagnostics(uri);
    const mark = editor.mark();
    const sends: Promise<number>[] = [];
    for (let i = 1; i <= 20; i++) sends.push(editor.change(uri, i % 2 === 0 ? mainPyWithCap(i) : MAIN_PY));
    const versions = await Promise.all(sends);
    const last = versions[versions.length - 1];
    assert.equal(last, 21);
    assert.deepEqual(codesOf(await editor.diagnostics(uri)), ['flagship-on-simple-task', 'verbose-phrasing']);
    assert.deepEqual(
      editor.published.slice(mark).filter((p) => p.uri === uri).map((p) => p.version),
      [21],
    );
  });

  test('changing an imported constant in another open document re-analyses its dependant', async () => {
    const editor = await start();
    const main = await editor.open('app/main.py', MAIN_PY);
    const prompts = await editor.open('app/prompts.py', PROMPTS_PY);
    assert.deepEqual(codesOf(await editor.diagnostics(main)), ['flagship-on-simple-task', 'missing-max-tokens', 'verbose-phrasing']);
    const before = (await editor.hoverMarkdown(main, CALLEE.line, CALLEE.character))!;

    const mark = editor.mark();
    await editor.change(prompts, PROMPTS_PY_PLAIN); // unsaved: the disk still has the filler
    const after = await editor.diagnosticsAfter(mark, main);
    assert.deepEqual(codesOf(after), ['flagship-on-simple-task', 'missing-max-tokens']);
    const hover = (await editor.hoverMarkdown(main, CALLEE.line, CALLEE.character))!;
    const systemRow = (markdown: string) => markdown.split('\n').find((line) => line.startsWith('| system #1 |'));
    assert.notEqual(systemRow(hover), systemRow(before));
  });

  test('a config file change on disk is picked up: calls per day in the hover follow it; a broken file keeps the last good one', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    await editor.diagnostics(uri);
    assert.ok((await editor.hoverMarkdown(uri, CALLEE.line, CALLEE.character))!.includes('1,000 calls/day'));

    editor.writeFile('prompt-cost.config.json', JSON.stringify({ usage: { default: { callsPerDay: 20000 } } }));
    let mark = editor.mark();
    await editor.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: editor.uri('prompt-cost.config.json'), type: 1 }],
    });
    await editor.diagnosticsAfter(mark, uri);
    assert.ok((await editor.hoverMarkdown(uri, CALLEE.line, CALLEE.character))!.includes('Per month at 20,000 calls/day'));

    editor.writeFile('prompt-cost.config.json', '{ "usage": { "default": { "callsPerDay": "many" } } }');
    mark = editor.mark();
    await editor.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: editor.uri('prompt-cost.config.json'), type: 2 }],
    });
    const configProblems = await editor.diagnosticsAfter(mark, editor.uri('prompt-cost.config.json'));
    assert.equal(configProblems.length, 1);
    assert.equal(configProblems[0].source, 'prompt-cost');
    assert.equal(configProblems[0].range.start.line, 0);
    assert.match(configProblems[0].message as string, /usage\.default\.callsPerDay/);
    await editor.diagnosticsAfter(mark, uri);
    assert.ok((await editor.hoverMarkdown(uri, CALLEE.line, CALLEE.character))!.includes('Per month at 20,000 calls/day'));
  });

  test('setCallsPerDay returns the annotation edit; once applied the hover uses it', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    const response = (await editor.connection.sendRequest('promptCost/setCallsPerDay', {
      textDocument: { uri },
      position: CALLEE,
      callsPerDay: 5000,
    })) as { edit: import('vscode-languageserver-protocol').WorkspaceEdit };
    const version = (await editor.applyAndSend(response.edit)).get(uri);
    assert.equal(editor.text(uri).split('\n')[MAIN_CALL_LINE], '    # prompt-cost: calls-per-day=5000');
    await editor.diagnosticsAfter(0, uri, version);
    const hover = (await editor.hoverMarkdown(uri, MAIN_CALL_LINE + 1, 20))!;
    assert.ok(hover.includes('Per month at 5,000 calls/day'), hover);

    // Asking again updates the annotation in place.
    const again = (await editor.connection.sendRequest('promptCost/setCallsPerDay', {
      textDocument: { uri },
      position: { line: MAIN_CALL_LINE + 1, character: 20 },
      callsPerDay: 750,
    })) as { edit: import('vscode-languageserver-protocol').WorkspaceEdit };
    await editor.applyAndSend(again.edit);
    assert.equal(editor.text(uri).split('\n')[MAIN_CALL_LINE], '    # prompt-cost: calls-per-day=750');
    assert.equal(editor.text(uri).split('\n').length, MAIN_PY.split('\n').length + 1);
  });
});

describe('workspace and robustness', () => {
  test('a workspace scan reports progress and fills the summary and the report', async () => {
    const editor = await start({}, { ...WORKSPACE, 'bot.py': anthropicBotPy(), 'README.md': '# not code\n' });
    const result = (await editor.connection.sendRequest('promptCost/scanWorkspace', {})) as {
      cancelled: boolean;
      files: number;
      summary: { perMonth: number; callSites: number; top: { file: string; line: number }[]; scanned: boolean };
    };
    assert.equal(result.cancelled, false);
    assert.equal(result.files, 4);
    const kinds = editor.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.equal(editor.progress[0].value.cancellable, true);
    assert.ok(editor.progress.some((p) => p.value.kind === 'report' && p.value.message === '4/4 files'));

    const report = await reportOf(editor);
    assert.deepEqual(report.callSites.map((s) => `${s.file}:${s.line}`), ['app/main.py:8', 'bot.py:88']);
    assert.equal(result.summary.callSites, 2);
    assert.equal(result.summary.scanned, true);
    const expectedTotal = report.callSites.reduce((sum, s) => sum + s.cost!.perMonth, 0);
    assert.equal(Math.round(result.summary.perMonth * 100), Math.round(expectedTotal * 100));
    const top = [...report.callSites].sort((a, b) => b.cost!.perMonth - a.cost!.perMonth)[0];
    assert.deepEqual(result.summary.top.map((t) => `${t.file}:${t.line + 1}`)[0], `${top.file}:${top.line}`);
  });

  test('the report is exported in every format the CLI writes, with the same renderers', async () => {
    const editor = await start();
    await editor.connection.sendRequest('promptCost/scanWorkspace', {});
    const available = (await editor.connection.sendRequest('promptCost/report', {})) as { formats: string[]; report: JsonReport };
    assert.deepEqual(available.formats, ['text', 'json', 'markdown', 'csv', 'sarif', 'html']);
    const rendered = async (format: string) => ((await editor.connection.sendRequest('promptCost/report', { format })) as { rendered: string }).rendered;
    assert.deepEqual(JSON.parse(await rendered('json')).callSites, available.report.callSites);
    assert.equal(JSON.parse(await rendered('sarif')).version, '2.1.0');
    assert.match(await rendered('markdown'), /\| `app\/main\.py:8` \| openai \| gpt-4o \|/);
    assert.match(await rendered('html'), /^<!DOCTYPE html>/i);
    await assert.rejects(editor.connection.sendRequest('promptCost/report', { format: 'pdf' }), /unknown report format pdf/);
  });

  test('a failing request does not take the server down', async () => {
    const editor = await start();
    const uri = await editor.open('app/main.py', MAIN_PY);
    await assert.rejects(
      editor.connection.sendRequest('promptCost/setCallsPerDay', { textDocument: { uri: editor.uri('nowhere.py') }, position: CALLEE, callsPerDay: 10 }),
      /unknown document/,
    );
    assert.equal(await editor.hoverMarkdown(editor.uri('nowhere.py'), 0, 0), null);
    assert.match((await editor.hoverMarkdown(uri, CALLEE.line, CALLEE.character))!, /^\*\*gpt-4o\*\*/);
  });
});

describe('prompt files read by code', () => {
  const PROMPT_MD = 'I would like you to please kindly make sure to summarize the ticket in one short sentence. It is very important that you keep it under twenty words.\n';

  test('an open prompt file gets its token hint and the verbose-phrasing finding of the call that sends it', async () => {
    const editor = await start({}, { 'prompts/summary.md': PROMPT_MD, 'app.py': SUMMARY_APP_PY });
    const app = await editor.open('app.py', SUMMARY_APP_PY);
    assert.ok(codesOf(await editor.diagnostics(app)).includes('verbose-phrasing'));
    const prompt = await editor.open('prompts/summary.md', PROMPT_MD);
    const diagnostics = await editor.diagnostics(prompt);
    assert.deepEqual(codesOf(diagnostics), ['verbose-phrasing']);
    const hints = (await editor.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri: prompt },
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
    })) as InlayHint[];
    assert.equal(hints.length, 1);
    assert.deepEqual(hints[0].position, { line: 0, character: PROMPT_MD.indexOf('\n') });
    assert.match(String(hints[0].label), /^\d+ tok · 1 call · \$[\d.,]+\/mo$/);
    // The prompt file itself is never parsed as code: no hover, no call sites of its own.
    assert.equal(await editor.hoverMarkdown(prompt, 0, 3), null);
  });
});

describe('.prompty files', () => {
  const PROMPTY = [
    '---',
    'name: Triage',
    'model:',
    '  api: chat',
    '  configuration:',
    '    type: openai',
    '    name: gpt-4o',
    '  parameters:',
    '    temperature: 0',
    '---',
    'system:',
    'Classify the ticket as exactly one of: billing, bug, account. Answer with the label only.',
    '',
    'user:',
    '{{ticket}}',
    '',
  ].join('\n');

  test('a .prompty document gets diagnostics, and hover and an inlay hint on its model line', async () => {
    const editor = await start({}, { 'prompts/triage.prompty': PROMPTY });
    const uri = await editor.open('prompts/triage.prompty', PROMPTY);
    const codes = codesOf(await editor.diagnostics(uri));
    assert.ok(codes.includes('missing-max-tokens'), codes.join(', '));
    const modelLine = PROMPTY.split('\n').indexOf('model:');
    const hover = await editor.hoverMarkdown(uri, modelLine, 2);
    assert.match(hover ?? '', /gpt-4o/);
    assert.match(hover ?? '', /\/mo|per month/);
    const hints = (await editor.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    })) as InlayHint[];
    assert.deepEqual(hints.map((h) => h.position.line), [modelLine]);
    assert.match(String(hints[0].label), /tok · \$[\d.,]+\/call · \$[\d.,]+\/mo$/);
  });
});
