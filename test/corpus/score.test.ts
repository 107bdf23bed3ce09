import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { comparableModel, emptyScore, scoreRepository, type CorpusLabelFile, type FoundCall } from '../../scripts/corpus';

function found(file: string, line: number, endLine: number, model: string | null, cap = false): FoundCall {
  return { file, line, endLine, provider: 'openai', api: 'chat.completions.create', model, outputCap: cap ? { param: 'max_tokens', value: 10 } : null };
}

describe('corpus score', () => {
  const labels: CorpusLabelFile = {
    repo: 'acme/app',
    commit: '0'.repeat(40),
    files: ['app.py', 'web/chat.ts'],
    calls: [
      { path: 'app.py', line: 5, model: 'gpt-4o', cap: true, shape: 'direct' },
      { path: 'app.py', line: 12, model: null, cap: false, shape: 'wrapper-fn' },
      { path: 'web/chat.ts', line: 3, model: 'openai/gpt-4o-mini', cap: false, shape: 'vercel-provider' },
      { path: 'web/chat.ts', line: 20, model: 'claude-3-5-haiku-latest', cap: false, shape: 'langchain' },
    ],
  };

  test('a found call matches the label whose line it spans; unmatched labels are misses, unmatched calls false positives', () => {
    const score = emptyScore();
    scoreRepository(
      labels,
      [
        found('app.py', 4, 8, 'gpt-4o', true),
        found('web/chat.ts', 1, 6, 'gpt-4o-mini'),
        found('web/chat.ts', 30, 30, 'gpt-4o'),
        // A file outside the labelled ones is not counted at all.
        found('other.py', 1, 1, 'gpt-4o'),
      ],
      score,
    );
    assert.deepEqual(score.byLanguage.python, { labels: 2, found: 1, matched: 1, modelKnown: 1, modelRight: 1, capRight: 1 });
    assert.deepEqual(score.byLanguage.js, { labels: 2, found: 2, matched: 1, modelKnown: 1, modelRight: 1, capRight: 1 });
    assert.deepEqual(score.misses.map((m) => `${m.path}:${m.line}`), ['app.py:12', 'web/chat.ts:20']);
    assert.deepEqual(score.falsePositives.map((f) => `${f.file}:${f.line}`), ['web/chat.ts:30']);
    assert.deepEqual(score.byShape.get('wrapper-fn'), { labels: 1, matched: 0 });
  });

  test('the innermost call wins, each found call pairs once, and wrong models and caps are listed', () => {
    const score = emptyScore();
    const outer = found('app.py', 1, 20, 'gpt-4o');
    const inner = found('app.py', 11, 13, 'gpt-4.1');
    scoreRepository({ ...labels, files: ['app.py'], calls: labels.calls.slice(0, 2) }, [outer, inner], score);
    assert.equal(score.byLanguage.python.matched, 2);
    // Line 12 took the inner call; line 5 got the outer one, whose cap is missing.
    assert.deepEqual(score.wrongCaps.map((w) => `${w.label.line}:${w.found.line}`), ['5:1']);
    assert.equal(score.wrongModels.length, 0);
  });

  test('models compare without case, a models/ prefix or a routing prefix, but keep Bedrock ids whole', () => {
    assert.equal(comparableModel('models/gemini-2.0-flash'), 'gemini-2.0-flash');
    assert.equal(comparableModel('openai/GPT-4o'), 'gpt-4o');
    assert.equal(comparableModel('openai:gpt-4o'), 'gpt-4o');
    assert.equal(comparableModel('anthropic.claude-3-haiku-20240307-v1:0'), 'anthropic.claude-3-haiku-20240307-v1:0');
    assert.notEqual(comparableModel('gpt-4o'), comparableModel('gpt-4o-mini'));
  });
});
