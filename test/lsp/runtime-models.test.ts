/**
 * Protocol tests for calls whose model is set at run time: the inlay hint and hover name the reason, the
 * "Assume a model for this call…" quick fix and its request write the annotation, and then the call is priced.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { CodeAction, InlayHint, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { EditorSession } from './editor-session';

const SUMMARIZE_PY = [
  'import os',
  'from openai import OpenAI',
  '',
  'client = OpenAI()',
  '',
  'def summarize(ticket):',
  '    return client.chat.completions.create(',
  '        model=os.environ["SUPPORT_MODEL"],',
  '        max_tokens=200,',
  '        messages=[{"role": "user", "content": ticket}],',
  '    )',
  '',
].join('\n');
const CALL_LINE = 6;
const ON_CALL = { line: CALL_LINE, character: 30 };

const ROUTE_TS = [
  "import OpenAI from 'openai';",
  'const client = new OpenAI();',
  'export async function answer(req: { body: { model: string; question: string } }) {',
  "  return client.chat.completions.create({ model: req.body.model, max_tokens: 300, messages: [{ role: 'user', content: req.body.question }] });",
  '}',
  '',
].join('\n');

let session: EditorSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

async function start(files: Record<string, string>): Promise<EditorSession> {
  session = await EditorSession.start({ files, settings: {} });
  return session;
}

/** The hover as a person reads it: Markdown escapes removed. */
async function hoverText(editor: EditorSession, uri: string, line: number, character: number): Promise<string> {
  return (await editor.hoverMarkdown(uri, line, character))!.replace(/\\(.)/g, '$1');
}

async function hintOn(editor: EditorSession, uri: string, line: number): Promise<InlayHint | undefined> {
  const hints = (await editor.connection.sendRequest('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
  })) as InlayHint[];
  return hints.find((hint) => hint.position.line === line);
}

async function actionsAt(editor: EditorSession, uri: string, line: number): Promise<CodeAction[]> {
  return (await editor.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: [] },
  })) as CodeAction[];
}

interface AssumeModelResponse {
  provider: string | null;
  models: { model: string; inputPerMTok: number; outputPerMTok: number }[];
  edit: WorkspaceEdit | null;
}

function assumeModel(editor: EditorSession, uri: string, position: { line: number; character: number }, model?: string): Promise<AssumeModelResponse> {
  return editor.connection.sendRequest('promptCost/assumeModel', { textDocument: { uri }, position, model }) as Promise<AssumeModelResponse>;
}

describe('a model set at run time', () => {
  test('the inlay hint and hover say what sets it and what is still counted', async () => {
    const editor = await start({ 'summarize.py': SUMMARIZE_PY });
    const uri = await editor.open('summarize.py', SUMMARIZE_PY);
    const hint = (await hintOn(editor, uri, CALL_LINE))!;
    assert.match(hint.label as string, /^≈ \d+ tok · cap 200 · model set at run time \(environment variable SUPPORT_MODEL\)$/);
    assert.match(hint.tooltip as string, /"models": \{ "env:SUPPORT_MODEL": "<model>" \}/);
    const hover = await hoverText(editor, uri, ON_CALL.line, ON_CALL.character);
    assert.match(hover, /^\*\*model set at run time\*\* · openai/);
    assert.match(hover, /No price: model set at run time \(environment variable SUPPORT_MODEL\)\. Still counted: the prompt's \d+ input tokens and the output cap \(max_tokens=200\)\./);
    assert.match(hover, /To price it, add a `prompt-cost: model=<model>` comment above the call/);
  });

  test('"Assume a model for this call…" runs the client command; its request lists the priced models cheapest first and writes the annotation', async () => {
    const editor = await start({ 'summarize.py': SUMMARIZE_PY });
    const uri = await editor.open('summarize.py', SUMMARIZE_PY);
    const actions = await actionsAt(editor, uri, CALL_LINE + 1);
    const action = actions.find((candidate) => candidate.title === 'Assume a model for this call…');
    assert.ok(action, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.command?.command, 'promptCost.assumeModel');
    const [args] = action.command!.arguments as [{ uri: string; position: { line: number; character: number } }];
    assert.deepEqual(args, { uri, position: { line: CALL_LINE, character: 11 } });

    const choices = await assumeModel(editor, uri, args.position);
    assert.equal(choices.provider, 'openai');
    assert.equal(choices.edit, null);
    const names = choices.models.map((choice) => choice.model);
    assert.ok(names.includes('gpt-4o-mini') && names.includes('gpt-4o'), names.join(', '));
    assert.ok(names.indexOf('gpt-4o-mini') < names.indexOf('gpt-4o'), 'cheapest first');
    const blended = choices.models.map((choice) => 0.75 * choice.inputPerMTok + 0.25 * choice.outputPerMTok);
    assert.deepEqual(blended, [...blended].sort((a, b) => a - b));

    const { edit } = await assumeModel(editor, uri, args.position, 'gpt-4o-mini');
    const version = (await editor.applyAndSend(edit!)).get(uri);
    assert.equal(editor.text(uri).split('\n')[CALL_LINE], '    # prompt-cost: model=gpt-4o-mini');
    await editor.diagnosticsAfter(0, uri, version);
    const hint = (await hintOn(editor, uri, CALL_LINE + 1))!;
    assert.match(hint.label as string, /^≈ \d+ tok · \$[\d.]+\/call · \$[\d.]+\/mo · as gpt-4o-mini$/);
    assert.match(hint.tooltip as string, /Model gpt-4o-mini assumed: annotation on line 7/);
    const hover = await hoverText(editor, uri, CALL_LINE + 1, 30);
    assert.match(hover, /^\*\*gpt-4o-mini\*\*/);
    assert.match(hover, /Model: gpt-4o-mini from annotation on line 7 \(set at run time by environment variable SUPPORT_MODEL\)\./);

    // Assuming another model rewrites the same annotation.
    const again = await assumeModel(editor, uri, { line: CALL_LINE + 1, character: 30 }, 'gpt-4.1-nano');
    await editor.applyAndSend(again.edit!);
    assert.equal(editor.text(uri).split('\n')[CALL_LINE], '    # prompt-cost: model=gpt-4.1-nano');
    assert.equal(editor.text(uri).split('\n').length, SUMMARIZE_PY.split('\n').length + 1);
  });

  test('in TypeScript the annotation is a // comment at the call\'s indentation', async () => {
    const editor = await start({ 'route.ts': ROUTE_TS });
    const uri = await editor.open('route.ts', ROUTE_TS);
    assert.match((await hintOn(editor, uri, 3))!.label as string, /model set at run time \(request field req\.body\.model\)$/);
    const { edit } = await assumeModel(editor, uri, { line: 3, character: 20 }, 'gpt-4o');
    await editor.applyAndSend(edit!);
    assert.equal(editor.text(uri).split('\n')[3], '  // prompt-cost: model=gpt-4o');
  });

  test('a call whose model the code names gets no such fix; a bad model name is refused', async () => {
    const literal = SUMMARIZE_PY.replace('os.environ["SUPPORT_MODEL"]', '"gpt-4o"');
    const editor = await start({ 'summarize.py': literal });
    const uri = await editor.open('summarize.py', literal);
    assert.equal((await actionsAt(editor, uri, CALL_LINE)).filter((a) => a.title.startsWith('Assume a model')).length, 0);
    await assert.rejects(assumeModel(editor, uri, ON_CALL, 'gpt 4o; rm -rf'), /is not a model name/);
  });

  test('a value in .env.example prices the call, and the hover names the file', async () => {
    const editor = await start({ 'summarize.py': SUMMARIZE_PY, '.env.example': 'OPENAI_API_KEY=<your key>\nSUPPORT_MODEL=gpt-4o-mini\n' });
    const uri = await editor.open('summarize.py', SUMMARIZE_PY);
    assert.match((await hintOn(editor, uri, CALL_LINE))!.label as string, /\/call · .* · as gpt-4o-mini$/);
    const hover = await hoverText(editor, uri, ON_CALL.line, ON_CALL.character);
    assert.match(hover, /Model: gpt-4o-mini from SUPPORT_MODEL in \.env\.example \(line 2\)/);
  });

  test('the workspace summary counts the calls without a price', async () => {
    const editor = await start({ 'summarize.py': SUMMARIZE_PY, 'route.ts': ROUTE_TS });
    const result = (await editor.connection.sendRequest('promptCost/scanWorkspace', {})) as { summary: { callSites: number; unpriced: number; unpricedRuntime: number } };
    assert.deepEqual(
      { callSites: result.summary.callSites, unpriced: result.summary.unpriced, unpricedRuntime: result.summary.unpricedRuntime },
      { callSites: 2, unpriced: 2, unpricedRuntime: 2 },
    );
  });
});
