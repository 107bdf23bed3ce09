/**
 * The Claude estimates against published count_tokens measurements (Anthropic does not publish its tokenizers).
 * Sources, both April 2026, measured with Anthropic's /v1/messages/count_tokens:
 * - Claude Code Camp, "Measuring Claude 4.7's tokenizer costs": English 4.33 characters per token on Opus 4.6 and
 *   3.60 on Opus 4.7; TypeScript 3.66 characters per token on Opus 4.6.
 * - sol.ava.dev, "what's actually different about the Opus 4.7 tokenizer": Opus 4.7 / Opus 4.6 ratios of 1.45
 *   (English prose), 1.20 (Python), 1.13 (TypeScript), 1.00 (Chinese, Japanese, Korean, Russian, Arabic).
 * The measured errors are the ones docs/tokens.md states; the test fails if a factor drifts outside them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTokens } from '../../server/src/engine/tokens';
import { readPromptCorpus } from './helpers';

const corpus = new Map(readPromptCorpus().map(({ name, text }) => [name, text]));
const english = corpus.get('support-system-prompt.txt')!;
const code = corpus.get('python-code.txt')!;

/** Published Claude counts of our fixtures: characters / published characters-per-token, or a published ratio. */
const claude46 = { english: Math.round(english.length / 4.33), code: Math.round(code.length / 3.66) };
const claude47 = {
  englishByRate: Math.round(english.length / 3.6),
  englishByRatio: Math.round(claude46.english * 1.45),
  pythonByRatio: Math.round(claude46.code * 1.2),
  typescriptByRatio: Math.round(claude46.code * 1.13),
};

function error(estimate: number, published: number): number {
  return Math.round((estimate / published - 1) * 1000) / 10;
}

test('Claude up to Opus 4.6: +7.7% on English prose, -6.6% on code', () => {
  assert.deepEqual(claude46, { english: 429, code: 288 });
  assert.equal(error(countTokens(english, 'estimate:claude'), claude46.english), 7.7);
  assert.equal(error(countTokens(code, 'estimate:claude'), claude46.code), -6.6);
});

test('Claude Opus 4.7 and later: within -9.2% and +9.5% on English and code', () => {
  const englishEstimate = countTokens(english, 'estimate:claude-new-tokenizer');
  const codeEstimate = countTokens(code, 'estimate:claude-new-tokenizer');
  assert.equal(error(englishEstimate, claude47.englishByRate), 9.5);
  assert.equal(error(englishEstimate, claude47.englishByRatio), -9.2);
  assert.equal(error(codeEstimate, claude47.pythonByRatio), -4.9);
  assert.equal(error(codeEstimate, claude47.typescriptByRatio), 1.2);
});

test('non-Latin text: Opus 4.7 counts as Opus 4.6 does, so the new-tokenizer estimate is about 22% above the older one', () => {
  const multilingual = corpus.get('multilingual.txt')!;
  assert.equal(error(countTokens(multilingual, 'estimate:claude-new-tokenizer'), countTokens(multilingual, 'estimate:claude')), 22.3);
});
