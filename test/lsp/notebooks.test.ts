/**
 * Protocol tests for notebooks: the bundled server, a notebook opened through `notebookDocument/didOpen` as
 * VS Code's notebook sync sends it, diagnostics and features per cell document.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { CodeAction, InlayHint } from 'vscode-languageserver-protocol/node';
import type { JsonReport } from '../../server/src/engine/report/json';
import { codesOf, EditorSession, type NotebookCellInput } from './editor-session';

const SETUP_CELL = 'from openai import OpenAI\nclient = OpenAI()';
const CONSTANTS_CELL = 'MODEL = "gpt-4.1"\nSYSTEM = "You answer questions about our refund policy in two sentences."';
const CALL_CELL = [
  'question = input()',
  'reply = client.chat.completions.create(',
  '    model=MODEL,',
  '    messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}],',
  ')',
].join('\n');
const CELLS: NotebookCellInput[] = [
  { kind: 'markdown', text: '# Refund answers' },
  { kind: 'code', text: `%pip install openai\n${SETUP_CELL}` },
  { kind: 'code', text: CONSTANTS_CELL },
  { kind: 'markdown', text: 'The call:' },
  { kind: 'code', text: CALL_CELL },
];
const CALL_LINE = 1; // `reply = client.chat.completions.create(` in the call cell

let session: EditorSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

async function openTriage(files: Record<string, string> = {}): Promise<{ editor: EditorSession; cells: string[] }> {
  session = await EditorSession.start({ files });
  const cells = await session.openNotebook('triage.ipynb', CELLS);
  return { editor: session, cells };
}

test('a notebook cell gets the diagnostics of its calls, resolved across cells, in cell coordinates', async () => {
  const { editor, cells } = await openTriage();
  const diagnostics = await editor.diagnostics(cells[4]);
  assert.ok(codesOf(diagnostics).includes('missing-max-tokens'), JSON.stringify(diagnostics));
  const missingCap = diagnostics.find((d) => d.code === 'missing-max-tokens')!;
  assert.equal(missingCap.range.start.line, CALL_LINE);
  assert.match(String(missingCap.message), /gpt-4\.1/, 'the model comes from the constant in another cell');
  assert.deepEqual(await editor.diagnostics(cells[2]), [], 'the constants cell has nothing of its own');
});

test('hover and inlay hints on a cell show the call cost', async () => {
  const { editor, cells } = await openTriage();
  await editor.diagnostics(cells[4]);
  const hover = await editor.hoverMarkdown(cells[4], CALL_LINE, 20);
  // The monthly row (cheaper models are listed only when they are cheaper with their reasoning tokens counted).
  assert.ok(hover && hover.includes('$') && /\| per month \| \$/.test(hover), String(hover));
  assert.equal(await editor.hoverMarkdown(cells[2], 0, 3), null, 'no call in the constants cell');
  const hints = (await editor.connection.sendRequest('textDocument/inlayHint', {
    textDocument: { uri: cells[4] },
    range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
  })) as InlayHint[];
  assert.equal(hints.length, 1);
  assert.equal(hints[0].position.line, CALL_LINE);
  assert.match(String(hints[0].label), /\/call/);
  const none = (await editor.connection.sendRequest('textDocument/inlayHint', {
    textDocument: { uri: cells[1] },
    range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
  })) as InlayHint[];
  assert.deepEqual(none, []);
});

test('the quick fix edits the cell document, and the diagnostic goes away', async () => {
  const { editor, cells } = await openTriage();
  const diagnostics = await editor.diagnostics(cells[4]);
  const missingCap = diagnostics.filter((d) => d.code === 'missing-max-tokens');
  const actions = await editor.codeActions(cells[4], missingCap);
  const fix = actions.find((action) => action.kind === 'quickfix' && /max_completion_tokens/.test(action.title)) as CodeAction;
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  const edited = editor.applyEdit(fix.edit!);
  assert.deepEqual([...edited.keys()], [cells[4]], 'only the call cell changes');
  assert.match(edited.get(cells[4])!, /max_completion_tokens=\d+/);
  const mark = editor.mark();
  const versions = await editor.applyAndSend(fix.edit!);
  const after = await editor.diagnosticsAfter(mark, cells[4], versions.get(cells[4]));
  assert.ok(!codesOf(after).includes('missing-max-tokens'), JSON.stringify(after));
});

test('an edit in one cell re-analyses the calls of another', async () => {
  const { editor, cells } = await openTriage();
  await editor.diagnostics(cells[4]);
  const mark = editor.mark();
  await editor.change(cells[2], 'MODEL = "gpt-4o-mini"\nSYSTEM = "Answer."');
  const after = await editor.diagnosticsAfter(mark, cells[4]);
  const missingCap = after.find((d) => d.code === 'missing-max-tokens')!;
  assert.match(String(missingCap.message), /gpt-4o-mini/);
});

test('fix-all on a cell applies the safe fixes of that cell, and their findings go away', async () => {
  // A long static system prompt sent to Claude with no cache marker: its fix (cache_control) is safe.
  const policy = Array.from({ length: 160 }, (_, i) => `Rule ${i + 1}: refunds for order type ${i + 1} are handled by the desk within ${i + 2} days.`).join(' ');
  const cells: NotebookCellInput[] = [
    { kind: 'code', text: 'import anthropic\nclaude = anthropic.Anthropic()' },
    { kind: 'code', text: `answer = claude.messages.create(\n    model="claude-sonnet-4-5",\n    max_tokens=200,\n    system="${policy}",\n    messages=[{"role": "user", "content": input()}],\n)` },
  ];
  session = await EditorSession.start({ files: {} });
  const uris = await session.openNotebook('policy.ipynb', cells);
  assert.ok(codesOf(await session.diagnostics(uris[1])).includes('uncached-static-prefix'));
  const actions = await session.codeActions(uris[1], [], ['source.fixAll']);
  assert.equal(actions.length, 1, JSON.stringify(actions.map((a) => a.title)));
  const changes = (actions[0].edit?.documentChanges ?? []) as { textDocument: { uri: string } }[];
  assert.deepEqual(changes.map((change) => change.textDocument.uri), [uris[1]]);
  assert.deepEqual(await session.codeActions(uris[0], [], ['source.fixAll']), [], 'the first cell has no fix of its own');
  const mark = session.mark();
  const versions = await session.applyAndSend(actions[0].edit!);
  assert.match(session.text(uris[1]), /cache_control/);
  const after = await session.diagnosticsAfter(mark, uris[1], versions.get(uris[1]));
  assert.ok(!codesOf(after).includes('uncached-static-prefix'), JSON.stringify(after));
});

test('the workspace report includes the open notebook, with its cell', async () => {
  const { editor, cells } = await openTriage();
  await editor.diagnostics(cells[4]);
  const response = (await editor.connection.sendRequest('promptCost/report', {})) as { report: JsonReport };
  const site = response.report.callSites.find((candidate) => candidate.file === 'triage.ipynb');
  assert.ok(site, JSON.stringify(response.report.callSites));
  assert.equal(site.cell, 5);
  assert.equal(site.line, CALL_LINE + 1);
  assert.equal(site.model, 'gpt-4.1');
});

test('a workspace scan indexes notebooks on disk', async () => {
  const notebook = JSON.stringify({
    cells: CELLS.map((cell) => ({ cell_type: cell.kind, metadata: {}, source: cell.text, ...(cell.kind === 'code' ? { outputs: [], execution_count: null } : {}) })),
    metadata: { kernelspec: { language: 'python', name: 'python3', display_name: 'Python 3' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
  session = await EditorSession.start({ files: { 'notebooks/refunds.ipynb': notebook } });
  const result = (await session.connection.sendRequest('promptCost/scanWorkspace', {})) as { summary: { callSites: number; top: { file: string; line: number }[] } };
  assert.equal(result.summary.callSites, 1);
  assert.deepEqual(result.summary.top.map((site) => [site.file, site.line]), [['notebooks/refunds.ipynb', CALL_LINE]]);
});

test('closing a notebook clears its cells\u2019 diagnostics', async () => {
  const { editor, cells } = await openTriage();
  assert.ok((await editor.diagnostics(cells[4])).length > 0);
  const mark = editor.mark();
  await editor.closeNotebook('triage.ipynb', cells);
  const cleared = await editor.until(() => editor.published.slice(mark).find((p) => p.uri === cells[4]));
  assert.deepEqual(cleared.diagnostics, []);
});

test('setCallsPerDay in a cell writes the annotation above the call in that cell; the hover uses it', async () => {
  const { editor, cells } = await openTriage();
  await editor.diagnostics(cells[4]);
  const response = (await editor.connection.sendRequest('promptCost/setCallsPerDay', {
    textDocument: { uri: cells[4] },
    position: { line: CALL_LINE, character: 20 },
    callsPerDay: 5000,
  })) as { edit: import('vscode-languageserver-protocol').WorkspaceEdit };
  const versions = await editor.applyAndSend(response.edit);
  assert.deepEqual([...versions.keys()], [cells[4]]);
  assert.equal(editor.text(cells[4]).split('\n')[CALL_LINE], '# prompt-cost: calls-per-day=5000');
  await editor.diagnosticsAfter(0, cells[4], versions.get(cells[4]));
  const hover = (await editor.hoverMarkdown(cells[4], CALL_LINE + 1, 20))!;
  assert.ok(hover.includes('Per month at 5,000 calls/day'), hover);

  // On a call in the first line of a cell the annotation goes into that cell, not the one before.
  // The cell before ends in an annotation comment, which must stay untouched.
  const firstLineCall = 'client.chat.completions.create(model=MODEL, messages=[])';
  await editor.change(cells[2], `${CONSTANTS_CELL}\n# prompt-cost: calls-per-day=7`);
  await editor.change(cells[4], firstLineCall);
  const again = (await editor.connection.sendRequest('promptCost/setCallsPerDay', {
    textDocument: { uri: cells[4] },
    position: { line: 0, character: 10 },
    callsPerDay: 20,
  })) as { edit: import('vscode-languageserver-protocol').WorkspaceEdit };
  const edited = editor.applyEdit(again.edit);
  assert.deepEqual([...edited.keys()], [cells[4]]);
  assert.equal(edited.get(cells[4]), `# prompt-cost: calls-per-day=20\n${firstLineCall}`);
});
