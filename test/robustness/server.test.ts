/**
 * Server robustness not covered by test/lsp/server.test.ts (which already checks a failing request, stale fixes
 * rejected by version, and twenty rapid changes): a handler that throws on malformed parameters answers with an
 * error and the server keeps serving; 500 rapid edits end in one publication of the last text with flat memory.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, test } from 'node:test';
import { codesOf, EditorSession } from '../lsp/editor-session';
import { MAIN_CALL_LINE, MAIN_PY, mainPyWithCap, PROMPTS_PY } from '../lsp/fixtures';

const WORKSPACE = { 'app/__init__.py': '', 'app/prompts.py': PROMPTS_PY, 'app/main.py': MAIN_PY };
const CALLEE = { line: MAIN_CALL_LINE, character: 20 };

let session: EditorSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

/** Resident memory of the server process in MB, from /proc (Linux). */
function residentMb(editor: EditorSession): number {
  const pid = (editor as unknown as { child: ChildProcess }).child.pid!;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

test('a handler that throws on malformed parameters answers with an error; the server keeps serving', async () => {
  const editor = (session = await EditorSession.start({ files: WORKSPACE }));
  const uri = await editor.open('app/main.py', MAIN_PY);
  await editor.diagnostics(uri);
  await assert.rejects(editor.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: null }));
  await assert.rejects(editor.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: null, context: null }));
  await assert.rejects(editor.connection.sendRequest('textDocument/inlayHint', { textDocument: null, range: 42 }));
  assert.match((await editor.hoverMarkdown(uri, CALLEE.line, CALLEE.character))!, /^\*\*gpt-4o\*\*/);
  assert.deepEqual(codesOf(await editor.diagnostics(uri)), ['flagship-on-simple-task', 'missing-max-tokens', 'verbose-phrasing']);
});

test('500 rapid edits: one publication, for the last version and its text; memory stays flat', { timeout: 300_000 }, async () => {
  const editor = (session = await EditorSession.start({ files: WORKSPACE }));
  const uri = await editor.open('app/main.py', MAIN_PY);
  await editor.diagnostics(uri);
  // A warm-up burst first, so the baseline includes the parsers' and caches' steady state.
  for (let i = 0; i < 50; i++) await editor.change(uri, mainPyWithCap(i + 1));
  await editor.until(() => editor.published.find((p) => p.uri === uri && p.version === 51));
  const baseline = residentMb(editor);

  const mark = editor.mark();
  const sends: Promise<number>[] = [];
  for (let i = 1; i <= 500; i++) sends.push(editor.change(uri, i === 500 ? MAIN_PY : mainPyWithCap(1000 + i)));
  const versions = await Promise.all(sends);
  assert.equal(versions[versions.length - 1], 551);
  await editor.until(() => editor.published.slice(mark).find((p) => p.uri === uri && p.version === 551));
  assert.deepEqual(editor.published.slice(mark).filter((p) => p.uri === uri).map((p) => p.version), [551]);
  // The last text has no cap: missing-max-tokens is back, as for the opened text.
  assert.deepEqual(codesOf(await editor.diagnostics(uri)), ['flagship-on-simple-task', 'missing-max-tokens', 'verbose-phrasing']);
  const after = residentMb(editor);
  // 500 retained versions of the text and analysis would add far more; a bounded queue adds nothing lasting.
  assert.equal(after - baseline < 60, true, `resident memory grew from ${baseline.toFixed(0)} MB to ${after.toFixed(0)} MB`);
});
