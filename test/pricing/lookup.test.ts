import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Provider } from '../../server/src/engine/model';
import { lookupPrice } from '../../server/src/engine/pricing';

const TABLE = { source: '@pydantic/genai-prices 0.1.8', asOf: '2026-09-23' };

test('gpt-4o: the full row', () => {
  assert.deepEqual(lookupPrice('openai', 'gpt-4o'), {
    model: 'gpt-4o',
    provider: 'openai',
    inputPerMTok: 2.5,
    outputPerMTok: 10,
    cacheReadPerMTok: 1.25,
    batchMultiplier: 0.5,
    maxOutputTokens: 16384,
    contextWindow: 128000,
    ...TABLE,
  });
});

const resolves: [Provider | null, string, string, string, number, number][] = [
  ['openai', 'gpt-4o-2024-08-06', 'openai', 'gpt-4o', 2.5, 10],
  ['openai', 'gpt-4o-2024-05-13', 'openai', 'gpt-4o-2024-05-13', 5, 15],
  ['openai', 'gpt-4o-mini', 'openai', 'gpt-4o-mini', 0.15, 0.6],
  ['openai', 'gpt-4.1-mini-2025-09-09', 'openai', 'gpt-4.1-mini', 0.4, 1.6],
  ['openai', 'o3', 'openai', 'o3', 2, 8],
  ['azure-openai', 'gpt-4o', 'azure', 'gpt-4o', 2.5, 10],
  ['anthropic', 'claude-3-5-sonnet-latest', 'anthropic', 'claude-3-5-sonnet', 3, 15],
  ['anthropic', 'claude-3-5-sonnet-20241022', 'anthropic', 'claude-3-5-sonnet', 3, 15],
  ['anthropic', 'claude-haiku-4-5-20251001', 'anthropic', 'claude-haiku-4-5', 1, 5],
  ['google', 'gemini-2.5-flash', 'google', 'gemini-2.5-flash', 0.3, 2.5],
  ['google', 'models/gemini-2.5-pro', 'google', 'gemini-2.5-pro', 1.25, 10],
  ['bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 'aws', 'regional.anthropic.claude-3-5-sonnet-20240620-v1:0', 3, 15],
  ['bedrock', 'us.anthropic.claude-3-5-sonnet-20240620-v1:0', 'aws', 'regional.anthropic.claude-3-5-sonnet-20240620-v1:0', 3, 15],
  ['litellm', 'anthropic/claude-haiku-4-5', 'anthropic', 'claude-haiku-4-5', 1, 5],
  ['litellm', 'gemini/gemini-2.5-flash', 'google', 'gemini-2.5-flash', 0.3, 2.5],
  ['litellm', 'gpt-4o-mini', 'openai', 'gpt-4o-mini', 0.15, 0.6],
  ['langchain', 'claude-opus-4-1-20250805', 'anthropic', 'claude-opus-4-1', 15, 75],
  ['vercel-ai', 'gpt-4.1', 'openai', 'gpt-4.1', 2, 8],
  [null, 'gemini-2.5-flash', 'google', 'gemini-2.5-flash', 0.3, 2.5],
  ['langchain', 'mistral-large-latest', 'mistral', 'mistral-large', 2, 6],
];

for (const [provider, model, rowProvider, rowModel, input, output] of resolves) {
  test(`lookupPrice(${provider}, ${model}) -> ${rowProvider}/${rowModel}`, () => {
    const row = lookupPrice(provider, model);
    assert.ok(row, 'a row');
    assert.deepEqual([row.provider, row.model, row.inputPerMTok, row.outputPerMTok, row.source, row.asOf], [rowProvider, rowModel, input, output, TABLE.source, TABLE.asOf]);
  });
}

test('unknown or misspelled models have no row under a first-party provider', () => {
  assert.equal(lookupPrice('openai', 'gpt-4-o'), undefined);
  assert.equal(lookupPrice('anthropic', 'claude-3-5-sonet'), undefined);
  assert.equal(lookupPrice('google', 'gemini-9-ultra'), undefined);
});

test("the OpenAI SDK pointed at another vendor's compatible endpoint is priced by the model's vendor", () => {
  assert.equal(lookupPrice('openai', 'claude-3-5-sonnet')?.provider, 'anthropic');
  assert.equal(lookupPrice('openai', 'gemini-2.5-flash')?.provider, 'google');
});

test('maxOutputTokens: limits file first, then the family default', () => {
  assert.equal(lookupPrice('anthropic', 'claude-haiku-4-5')?.maxOutputTokens, 64000);
  assert.equal(lookupPrice('openai', 'gpt-4.1')?.maxOutputTokens, 32768);
  // Not in the limits file: claude-3-5-sonnet (family default 8,192) and Bedrock ids.
  assert.equal(lookupPrice('anthropic', 'claude-3-5-sonnet-latest')?.maxOutputTokens, 8192);
  assert.equal(lookupPrice('bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0')?.maxOutputTokens, 8192);
  assert.equal(lookupPrice('langchain', 'mistral-large-latest')?.maxOutputTokens, 4096);
});

test('batchMultiplier: 0.5 where the provider has a batch API, none otherwise', () => {
  assert.equal(lookupPrice('openai', 'gpt-5')?.batchMultiplier, 0.5);
  assert.equal(lookupPrice('anthropic', 'claude-sonnet-4-5')?.batchMultiplier, 0.5);
  assert.equal(lookupPrice('google', 'gemini-2.5-flash')?.batchMultiplier, 0.5);
  assert.equal(lookupPrice('bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0')?.batchMultiplier, undefined);
  assert.equal(lookupPrice('langchain', 'mistral-large-latest')?.batchMultiplier, undefined);
});

test('tiered prices use their base tier', () => {
  const row = lookupPrice('google', 'gemini-2.5-pro');
  assert.deepEqual([row?.inputPerMTok, row?.outputPerMTok, row?.cacheReadPerMTok], [1.25, 10, 0.125]);
});

test('config overrides win, for the name in code or the row id', () => {
  const overrides = { 'gpt-4o-2024-08-06': { input: 2, output: 8, cacheRead: 1 }, 'claude-haiku-4-5': { input: 0.9, output: 4.5 }, 'my-finetune': { input: 3, output: 12 } };
  assert.deepEqual(lookupPrice('openai', 'gpt-4o-2024-08-06', overrides), {
    model: 'gpt-4o-2024-08-06',
    provider: 'openai',
    inputPerMTok: 2,
    outputPerMTok: 8,
    cacheReadPerMTok: 1,
    batchMultiplier: 0.5,
    maxOutputTokens: 16384,
    contextWindow: 128000,
    source: 'prompt-cost.config.json prices["gpt-4o-2024-08-06"]',
    asOf: '',
  });
  const byRowId = lookupPrice('anthropic', 'claude-haiku-4-5-20251001', overrides);
  assert.equal(byRowId?.source, 'prompt-cost.config.json prices["claude-haiku-4-5"]');
  assert.equal(byRowId?.inputPerMTok, 0.9);
  const custom = lookupPrice('openai', 'my-finetune', overrides);
  assert.deepEqual(custom, {
    model: 'my-finetune',
    provider: 'openai',
    inputPerMTok: 3,
    outputPerMTok: 12,
    maxOutputTokens: 4096,
    source: 'prompt-cost.config.json prices["my-finetune"]',
    asOf: '',
  });
  assert.equal(lookupPrice('openai', 'gpt-4o', overrides)?.source, TABLE.source, 'other names keep the table row');
});

test('lookups are memoized', () => {
  assert.equal(lookupPrice('openai', 'gpt-5-mini'), lookupPrice('openai', 'gpt-5-mini'));
});

test('pattern: a model id never takes another model\'s price through a fuzzy match; exact names and declared snapshots do', () => {
  // The table maps the generic gpt-5.6 onto its Sol variant: a different model, so no price rather than the wrong one.
  assert.equal(lookupPrice('openai', 'gpt-5.6'), undefined);
  assert.equal(lookupPrice('openai', 'gpt-5.6-sol')?.model, 'gpt-5.6-sol');
  assert.equal(lookupPrice(undefined, 'gpt-5.6'), undefined);
  // Snapshots and versions of the same model keep their row.
  assert.equal(lookupPrice('openai', 'gpt-4o-2024-08-06')?.model, 'gpt-4o');
  assert.equal(lookupPrice('anthropic', 'claude-opus-4')?.model, 'claude-opus-4-0');
  assert.equal(lookupPrice('anthropic', 'claude-3-5-sonnet-20241022')?.model, 'claude-3-5-sonnet');
});
