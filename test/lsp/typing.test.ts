/**
 * Typing: a burst of changes is analysed once, for its last text; no publication carries a version the editor has
 * already replaced, and the inlay hints shown afterwards come from the same analysis as the diagnostics.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Diagnostic, InlayHint } from 'vscode-languageserver-protocol/node';
import { EditorSession } from './editor-session';
import { MAIN_PY, PROMPTS_PY } from './fixtures';

const WORKSPACE = { 'app/__init__.py': '', 'app/prompts.py': PROMPTS_PY, 'app/main.py': MAIN_PY };

const sessions: EditorSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.stop()));
});

async function start(): Promise<EditorSession> {
  const session = await EditorSession.start({ files: WORKSPACE });
  sessions.push(session);
  return session;
}

/** The texts of typing `typed` one character at a time after `anchor` in `text`. */
function keystrokes(text: string, anchor: string, typed: string): string[] {
  const at = text.indexOf(anchor) + anchor.length;
  assert.ok(at >= anchor.length, `the text has ${JSON.stringify(anchor)}`);
  return [...typed].map((_, i) => text.slice(0, at) + typed.slice(0, i + 1) + text.slice(at));
}

async function inlayHints(editor: EditorSession, uri: string, text: string): Promise<InlayHint[]> {
  const lines = text.split('\n').length;
  const range = { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
  return (await editor.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range })) as InlayHint[];
}

/** Versions and the temporary workspace folder differ between sessions; everything else must be the same. */
function comparable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(/"version":\d+/g, '"version":0').replace(/prompt-cost-lsp-[A-Za-z0-9]+/g, 'workspace'));
}

test('a burst of keystrokes is published once, for its last version, and inlay hints agree with the diagnostics', async () => {
  const editor = await start();
  const uri = await editor.open('app/main.py', MAIN_PY);
  await editor.diagnostics(uri);
  // Typing the model name's suffix turns gpt-4o into gpt-4o-mini: the price and the flagship finding change.
  const texts = keystrokes(MAIN_PY, 'model="gpt-4o', '-mini');
  const mark = editor.mark();
  // Sent back to back, as an editor does when someone types faster than the server's wait.
  const versions = await Promise.all(texts.map((text) => editor.change(uri, text)));
  const last = versions[versions.length - 1];
  const diagnostics = await editor.diagnosticsAfter(mark, uri, last);
  const hints = await inlayHints(editor, uri, texts[texts.length - 1]);
  // Let any publication still on its way arrive before counting them.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const published = editor.published.slice(mark).filter((p) => p.uri === uri);
  assert.deepEqual(
    published.map((p) => p.version),
    [last],
    'one publication, for the last version',
  );

  const fresh = await start();
  const freshUri = await fresh.open('app/main.py', texts[texts.length - 1]);
  const freshDiagnostics: Diagnostic[] = await fresh.diagnostics(freshUri);
  assert.deepEqual(comparable(diagnostics), comparable(freshDiagnostics));
  assert.deepEqual(comparable(hints), comparable(await inlayHints(fresh, freshUri, texts[texts.length - 1])));
  assert.ok(hints.length > 0, 'the call has an inlay hint');
});

test('each pause in typing is published, newest version last, never an older one after a newer', async () => {
  const editor = await start();
  const uri = await editor.open('app/main.py', MAIN_PY);
  await editor.diagnostics(uri);
  const texts = keystrokes(MAIN_PY, '"content": ticket', ' + " thanks"');
  const mark = editor.mark();
  for (const text of texts) {
    const version = await editor.change(uri, text);
    // A pause after every third keystroke: long enough for the server's wait to end.
    if (version % 3 === 0) await editor.diagnosticsAfter(mark, uri, version);
  }
  const last = editor.version(uri);
  await editor.diagnosticsAfter(mark, uri, last);
  const versions = editor.published
    .slice(mark)
    .filter((p) => p.uri === uri)
    .map((p) => p.version!);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only go up');
  assert.equal(new Set(versions).size, versions.length, 'no version is published twice');
  assert.equal(versions[versions.length - 1], last);
});
