/**
 * Every editor fix path re-parses its result: a quick fix or a fix-all whose edits would leave the file
 * unparseable is not offered (the CLI's --fix checks the same before writing).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, prepareLanguages } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { LineIndex } from '../../server/src/engine/text';
import { FIX_ALL_KIND, fixAllAction, quickFixActions } from '../../server/src/lsp/code-actions';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, type FixData, type FixEditData } from '../../server/src/lsp/diagnostics';
import { parseCheckOf } from '../../server/src/lsp/fix-check';

const URI = 'file:///work/app.ts';
const TEXT = ["const a = f({", "  x: 1,", "});", "const b = g({ y: 2 });", ''].join('\n');

function insertAt(line: number, character: number, newText: string): FixEditData {
  return { uri: URI, version: 1, range: { start: { line, character }, end: { line, character } }, newText };
}

const GOOD: FixData = { title: 'add z to b', safe: true, edits: [insertAt(3, 18, ', z: 3')] };
/** What the old list lexer produced on a regex literal: a doubled comma. */
const BROKEN: FixData = { title: 'add w to a', safe: true, edits: [insertAt(1, 7, ',\n  w: 4')] };

const check = parseCheckOf({
  textOf: (uri) => (uri === URI ? { file: 'app.ts', text: TEXT } : undefined),
  parseErrors: (file, text) => analyzeFile(file, text, isolatedContext, defaultConfig()).errors.length,
});

function applied(edits: readonly FixEditData[]): string {
  return TextDocument.applyEdits(TextDocument.create(URI, 'typescript', 1, TEXT), edits.map((edit) => ({ range: edit.range, newText: edit.newText })));
}

describe('fix paths re-parse their result', () => {
  before(() => prepareLanguages(['typescript']));

  test('the check passes a fix that keeps the file valid and fails one that breaks it', () => {
    assert.equal(check(GOOD.edits), true);
    assert.equal(check(BROKEN.edits), false);
    assert.equal(check([{ ...GOOD.edits[0], uri: 'file:///work/missing.ts' }]), false, 'a file that cannot be read fails');
  });

  test('fix-all leaves out the fix that would break parsing and keeps the rest', () => {
    const action = fixAllAction([BROKEN, GOOD], check);
    assert.ok(action);
    assert.equal(action.kind, FIX_ALL_KIND);
    const edits = action.edit!.documentChanges!.flatMap((change) => ("edits" in change ? (change.edits as { range: FixEditData["range"]; newText: string }[]) : []));
    assert.equal(applied(edits.map((edit) => ({ uri: URI, version: 1, range: edit.range, newText: edit.newText }))), ["const a = f({", "  x: 1,", "});", "const b = g({ y: 2, z: 3 });", ''].join('\n'));
    assert.equal(fixAllAction([BROKEN], check), null);
  });

  test('a quick fix that would break parsing is not offered; the ignore comment still is', () => {
    const data: DiagnosticData = { rule: 'missing-max-tokens', version: 1, fixes: [BROKEN, GOOD] };
    const diagnostic: Diagnostic = { range: { start: { line: 0, character: 10 }, end: { line: 0, character: 11 } }, message: 'm', source: DIAGNOSTIC_SOURCE, data };
    const actions = quickFixActions([diagnostic], { uri: URI, version: 1, language: 'typescript', lines: new LineIndex(TEXT) }, check);
    assert.deepEqual(actions.map((action) => action.title), ['add z to b', 'Ignore missing-max-tokens on this line']);
  });
});
