import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzeFile, prepareLanguages, type FileAnalysis } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { frontEndModules } from '../../server/src/engine/language-modules';
import { LineIndex } from '../../server/src/engine/text';
import { createWorkspaceContext } from '../../server/src/engine/workspace';
import { promptFileDiagnostics, promptFileInlayHints } from '../../server/src/lsp/prompt-files';
import { SUMMARY_APP_PY } from './fixtures';

const PROMPT = 'I would like you to summarize the ticket in one sentence.\n';
const FILES: Record<string, string> = {
  'prompts/summary.md': PROMPT,
  'app.py': SUMMARY_APP_PY,
};

describe('prompt files in the editor', () => {
  let analyses: FileAnalysis[];
  before(async () => {
    await prepareLanguages(['python']);
    const context = createWorkspaceContext({ root: '/ws', readFile: (rel) => FILES[rel] }, frontEndModules);
    // Every rewrite reported (minTokensSaved 1): the prompt holds one-word filler.
    analyses = [analyzeFile('app.py', FILES['app.py'], context, { ...defaultConfig(), minTokensSaved: 1 })];
  });

  test('an inlay hint at the end of the first line: tokens, calls and monthly cost, with the senders in the tooltip', () => {
    const lines = new LineIndex(PROMPT);
    const [hint, ...rest] = promptFileInlayHints('prompts/summary.md', lines, analyses);
    assert.deepEqual(rest, []);
    assert.deepEqual(hint.position, { line: 0, character: PROMPT.indexOf('\n') });
    assert.match(String(hint.label), /^\d+ tok · 1 call · \$[\d.,]+\/mo$/);
    assert.equal(hint.tooltip, 'Sent by:\napp.py:6:12');
  });

  test('no hint for a file no call sends', () => {
    assert.deepEqual(promptFileInlayHints('prompts/other.md', new LineIndex('x'), analyses), []);
  });

  test('verbose-phrasing shows on the prompt file at the text its fix edits', () => {
    const diagnostics = promptFileDiagnostics('prompts/summary.md', new LineIndex(PROMPT), analyses);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range]),
      [['verbose-phrasing', { start: { line: 0, character: 0 }, end: { line: 0, character: 'I would like you to s'.length } }]],
    );
    assert.match(String(diagnostics[0].message), /\(sent by app\.py:6:12\)$/);
  });
});
