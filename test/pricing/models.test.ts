import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  blendedPrice,
  cacheMinimumTokens,
  cheaperAlternatives,
  cheaperTierFor,
  editDistance,
  isFlagship,
  knownModelNames,
  lookupPrice,
  nearestModelNames,
} from '../../server/src/engine/pricing';

test('blended price is 3:1 input:output', () => {
  assert.equal(blendedPrice({ inputPerMTok: 2.5, outputPerMTok: 10 }), 4.375);
});

test('cheaper alternatives: same provider, strictly cheaper, current chat models, closest first, at most 3', () => {
  const gpt4o = lookupPrice('openai', 'gpt-4o')!;
  const alternatives = cheaperAlternatives('openai', gpt4o);
  assert.deepEqual(alternatives.map((r) => r.model), ['gpt-6-sol', 'gpt-4.1', 'o3']);
  for (const row of alternatives) {
    assert.equal(row.provider, 'openai');
    assert.ok(blendedPrice(row) < blendedPrice(gpt4o));
  }
  const sonnet = lookupPrice('anthropic', 'claude-sonnet-4-5')!;
  // Retired Claude 3.x rows are never suggested.
  assert.deepEqual(cheaperAlternatives('anthropic', sonnet).map((r) => r.model), ['claude-sonnet-5', 'claude-haiku-4-5']);
  const gemini = lookupPrice('google', 'gemini-2.5-pro')!;
  // The Google table also lists Claude on Vertex; only Gemini rows are suggested.
  assert.deepEqual(cheaperAlternatives('google', gemini).map((r) => r.model), ['gemini-3.5-flash', 'gemini-3.6-flash', 'gemini-3.7-flash']);
});

test('no cheaper alternatives for non-chat rows or the cheapest model', () => {
  assert.deepEqual(cheaperAlternatives('openai', lookupPrice('openai', 'text-embedding-3-small')!), []);
  assert.deepEqual(cheaperAlternatives('anthropic', lookupPrice('anthropic', 'claude-haiku-4-5')!), []);
});

const tiers: [string, string | undefined][] = [
  ['gpt-4o', 'gpt-4o-mini'],
  ['gpt-4o-2024-08-06', 'gpt-4o-mini'],
  ['gpt-4o-mini', undefined],
  ['gpt-4.1', 'gpt-4.1-mini'],
  ['gpt-4.1-nano', undefined],
  ['gpt-5', 'gpt-5-mini'],
  ['gpt-5-mini', undefined],
  ['o1', 'o4-mini'],
  ['o3', 'o4-mini'],
  ['o3-mini', undefined],
  ['o4-mini', undefined],
  ['claude-opus-4-1', 'claude-haiku-4-5'],
  ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5'],
  ['claude-3-5-sonnet-latest', 'claude-haiku-4-5'],
  ['anthropic/claude-sonnet-4-5', 'claude-haiku-4-5'],
  ['claude-haiku-4-5', undefined],
  ['gemini-2.5-pro', 'gemini-2.5-flash'],
  ['gemini-3-pro-preview', 'gemini-2.5-flash'],
  ['gemini-2.5-flash', undefined],
];

for (const [model, cheaper] of tiers) {
  test(`cheaperTierFor(${model}) = ${cheaper}`, () => {
    assert.equal(cheaperTierFor(model), cheaper);
    assert.equal(isFlagship(model), cheaper !== undefined);
  });
}

test('every cheaper tier is a model the price table knows', () => {
  for (const [model, cheaper] of tiers) {
    if (cheaper) assert.ok(lookupPrice(null, cheaper), `${cheaper} (for ${model})`);
  }
});

test('config flagshipModels add wildcard patterns', () => {
  assert.equal(isFlagship('my-big-model-v2'), false);
  assert.equal(isFlagship('my-big-model-v2', ['my-big-*']), true);
  assert.equal(isFlagship('grok-4.5', ['grok-4.5']), true);
  assert.equal(isFlagship('grok-4.50', ['grok-4.5']), false, 'dots are literal');
});

test('known model names per provider', () => {
  const openai = knownModelNames('openai');
  assert.ok(openai.includes('gpt-4o') && openai.includes('gpt-4o-2024-08-06') && openai.includes('o4-mini'));
  assert.ok(!openai.includes('claude-3-5-sonnet'));
  assert.ok(knownModelNames('anthropic').includes('claude-haiku-4-5'));
  assert.deepEqual(openai, [...openai].sort());
});

test('nearest model names for typos', () => {
  assert.equal(editDistance('gpt-4-o', 'gpt-4o'), 1);
  assert.equal(editDistance('sonnet', 'sonent'), 1, 'a transposition is one edit');
  assert.deepEqual(nearestModelNames('gpt-4-o', 'openai'), ['gpt-4o', 'gpt-4.1', 'gpt-4']);
  assert.deepEqual(nearestModelNames('claude-3-5-sonet', 'anthropic'), ['claude-3-5-sonnet', 'claude-3-sonnet']);
  assert.deepEqual(nearestModelNames('gemini-2.5-flsh', 'google', 1), ['gemini-2.5-flash']);
  assert.deepEqual(nearestModelNames('claude-3-5-sonet'), ['claude-3-5-sonnet', 'claude-3-7-sonnet', 'claude-3-sonnet']);
  assert.deepEqual(nearestModelNames('my-internal-router', 'openai'), []);
});

const minimums: [Parameters<typeof cacheMinimumTokens>[0], string, number | undefined][] = [
  ['anthropic', 'claude-sonnet-4-5', 1024],
  ['anthropic', 'claude-opus-4-1', 1024],
  ['anthropic', 'claude-haiku-4-5', 4096],
  ['anthropic', 'claude-opus-4-5-20251101', 4096],
  ['anthropic', 'claude-opus-4-7', 2048],
  ['anthropic', 'claude-opus-5', 512],
  ['anthropic', 'claude-3-5-haiku-latest', 2048],
  ['anthropic', 'claude-3-haiku-20240307', 2048],
  ['bedrock', 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 4096],
  ['litellm', 'anthropic/claude-sonnet-4-5', 1024],
  ['openai', 'gpt-4o', 1024],
  ['openai', 'gpt-5-mini', 1024],
  ['openai', 'gpt-4', undefined],
  ['google', 'gemini-2.5-flash', 2048],
  ['google', 'gemini-2.5-pro', 2048],
  ['google', 'gemini-3.1-pro-preview', 4096],
  ['google', 'gemini-2.0-flash', undefined],
  ['langchain', 'mistral-large-latest', undefined],
];

for (const [provider, model, expected] of minimums) {
  test(`cacheMinimumTokens(${provider}, ${model}) = ${expected}`, () => {
    assert.equal(cacheMinimumTokens(provider, model), expected);
  });
}
