/** `promptCost/estimateCall`, the request behind the editor's language-model tool, against the bundled server. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EditorSession } from './editor-session';
import { MAIN_CALL_LINE, MAIN_PY, PROMPTS_PY } from './fixtures';

interface Figures {
  model: string;
  perCall: number;
  perMonth: number;
}
type Answer = { call: { file: string; line: number; model: string; current: Figures; withModel?: Figures & { perMonthDelta: number } } } | { error: string };

describe('promptCost/estimateCall', () => {
  let editor: EditorSession;
  let uri: string;
  before(async () => {
    editor = await EditorSession.start({ files: { 'app/__init__.py': '', 'app/prompts.py': PROMPTS_PY, 'app/main.py': MAIN_PY } });
    uri = await editor.open('app/main.py', MAIN_PY);
  });
  after(() => editor.stop());

  const ask = (line: number, model?: string) => editor.connection.sendRequest('promptCost/estimateCall', { uri, line, ...(model ? { model } : {}) }) as Promise<Answer>;

  test('a line inside the call: its cost as written, and with a cheaper model', async () => {
    const answer = await ask(MAIN_CALL_LINE + 3, 'gpt-4o-mini');
    assert.ok('call' in answer, JSON.stringify(answer));
    assert.equal(answer.call.file, 'app/main.py');
    assert.equal(answer.call.line, MAIN_CALL_LINE + 1, '1-based, the line the call starts on');
    assert.equal(answer.call.current.model, 'gpt-4o');
    assert.equal(answer.call.withModel!.model, 'gpt-4o-mini');
    assert.ok(answer.call.withModel!.perMonth < answer.call.current.perMonth);
    assert.ok(answer.call.withModel!.perMonthDelta < 0);
  });

  test('a line without a call, or an unknown model: an error that says why', async () => {
    const none = await ask(0);
    assert.deepEqual(none, { error: `app/main.py:1: no LLM API call on this line; calls start on line ${MAIN_CALL_LINE + 1}` });
    const unknown = await ask(MAIN_CALL_LINE, 'gpt-4o-mimi');
    assert.ok('error' in unknown);
    assert.match(unknown.error, /model 'gpt-4o-mimi' has no price row; did you mean/);
  });
});
