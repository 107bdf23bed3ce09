import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PriceRow, PromptTokens, UsageAssumption } from '../../server/src/engine/model';
import { estimateCost } from '../../server/src/engine/pricing';

const GPT_4O: PriceRow = {
  model: 'gpt-4o',
  provider: 'openai',
  inputPerMTok: 2.5,
  outputPerMTok: 10,
  cacheReadPerMTok: 1.25,
  batchMultiplier: 0.5,
  maxOutputTokens: 16384,
  source: '@pydantic/genai-prices 0.1.8',
  asOf: '2026-09-23',
};
const SONNET: PriceRow = {
  model: 'claude-sonnet-4-5',
  provider: 'anthropic',
  inputPerMTok: 3,
  outputPerMTok: 15,
  cacheReadPerMTok: 0.3,
  cacheWritePerMTok: 3.75,
  batchMultiplier: 0.5,
  maxOutputTokens: 64000,
  source: '@pydantic/genai-prices 0.1.8',
  asOf: '2026-09-23',
};
const USAGE: UsageAssumption = { callsPerDay: 1000, source: 'default', detail: 'workspace default (1,000 calls per day)' };

function tokens(partial: Partial<PromptTokens>): PromptTokens {
  return { static: 0, dynamicEstimate: 0, overhead: 0, cachedPrefix: 0, tokenizer: 'o200k_base', exact: true, perPart: [], ...partial };
}

test('uncached input + output at the cap', () => {
  const cost = estimateCost({
    tokens: tokens({ static: 900, dynamicEstimate: 50, overhead: 50 }),
    outputCap: 200,
    price: GPT_4O,
    batch: false,
    usage: USAGE,
    defaultExpectedOutput: 500,
  });
  // (1000 x 2.5 + 200 x 10) / 1e6 = 0.0045
  assert.equal(cost.inputTokens, 1000);
  assert.equal(cost.cachedInputTokens, 0);
  assert.equal(cost.expectedOutputTokens, 200);
  assert.equal(cost.expectedOutputSource, 'the cap (200)');
  assert.equal(cost.worstCaseOutputTokens, 200);
  assert.equal(cost.perCall, 0.0045);
  assert.equal(cost.perCallWorstCase, 0.0045);
  assert.equal(cost.perMonth, 0.0045 * 1000 * 30);
  assert.equal(cost.callsPerDay, 1000);
  assert.equal(cost.currency, 'USD');
  assert.deepEqual(cost.assumptions, [
    'Input: 900 static prompt tokens + 50 estimated for dynamic values + 50 chat-format overhead = 1,000 tokens per call.',
    "Token counts use the model's own tokenizer (o200k_base).",
    'Expected output: 200 tokens per call, from the cap (200).',
    'Worst case: the cap, 200 output tokens.',
    'Prices per million tokens from gpt-4o (@pydantic/genai-prices 0.1.8, 2026-09-23): input $2.5, output $10, cache read $1.25.',
    '1,000 calls per day (workspace default (1,000 calls per day)), 30 days per month.',
  ]);
});

test('no cap: default expected output, worst case at the model maximum', () => {
  const cost = estimateCost({ tokens: tokens({ static: 2000 }), outputCap: null, price: GPT_4O, batch: false, usage: USAGE, defaultExpectedOutput: 500 });
  // expected: (2000 x 2.5 + 500 x 10) / 1e6 = 0.01; worst: (5000 + 16384 x 10) / 1e6 = 0.16884
  assert.equal(cost.expectedOutputTokens, 500);
  assert.equal(cost.expectedOutputSource, 'default for a call with no cap (500)');
  assert.equal(cost.worstCaseOutputTokens, 16384);
  assert.equal(cost.perCall, 0.01);
  assert.equal(cost.perCallWorstCase, 0.16884);
  assert.ok(cost.assumptions.includes("Worst case: no cap, so the model's maximum output, 16,384 tokens."));
});

test('an explicit expected output wins over the cap but never exceeds it', () => {
  const under = estimateCost({ tokens: tokens({ static: 1000 }), outputCap: 800, expectedOutputTokens: 100, price: GPT_4O, batch: false, usage: USAGE, defaultExpectedOutput: 500 });
  assert.equal(under.expectedOutputTokens, 100);
  assert.equal(under.expectedOutputSource, 'expectedOutputTokens in prompt-cost.config.json (100)');
  assert.equal(under.perCall, 0.0035); // (2500 + 1000) / 1e6
  assert.equal(under.perCallWorstCase, 0.0105); // (2500 + 8000) / 1e6
  const over = estimateCost({ tokens: tokens({ static: 1000 }), outputCap: 80, expectedOutputTokens: 300, price: GPT_4O, batch: false, usage: USAGE, defaultExpectedOutput: 500 });
  assert.equal(over.expectedOutputTokens, 80);
  assert.equal(over.expectedOutputSource, 'expectedOutputTokens in prompt-cost.config.json (300), limited by the cap (80)');
});

test('cached prefix billed at the cache-read price; writes not charged, and said so', () => {
  const cost = estimateCost({
    tokens: tokens({ static: 3000, dynamicEstimate: 100, overhead: 15, cachedPrefix: 2500, tokenizer: 'estimate:claude', exact: false }),
    outputCap: 400,
    price: SONNET,
    batch: false,
    usage: { callsPerDay: 5000, source: 'annotation', detail: 'annotation on line 12' },
    defaultExpectedOutput: 500,
  });
  // uncached 615 x 3 + cached 2500 x 0.3 + 400 x 15 = 1845 + 750 + 6000 = 8595 -> 0.008595
  assert.equal(cost.inputTokens, 3115);
  assert.equal(cost.cachedInputTokens, 2500);
  assert.equal(cost.perCall, 0.008595);
  assert.equal(cost.perMonth, 0.008595 * 5000 * 30);
  assert.ok(cost.assumptions.includes('2,500 tokens of the marked cached prefix are billed at the cache-read price on every call; cache writes (when the cache expires) are not included.'));
  assert.ok(cost.assumptions.includes("Token counts are an estimate (estimate:claude); the model's own tokenizer is not available offline."));
  assert.ok(cost.assumptions.includes('5,000 calls per day (annotation on line 12), 30 days per month.'));
});

test('a cached prefix without a cache-read price is billed as input', () => {
  const noCacheRead: PriceRow = { ...SONNET, cacheReadPerMTok: undefined };
  delete noCacheRead.cacheReadPerMTok;
  const cost = estimateCost({ tokens: tokens({ static: 2000, cachedPrefix: 1500 }), outputCap: 100, price: noCacheRead, batch: false, usage: USAGE, defaultExpectedOutput: 500 });
  assert.equal(cost.cachedInputTokens, 0);
  assert.equal(cost.perCall, 0.0075); // (2000 x 3 + 100 x 15) / 1e6
  assert.ok(cost.assumptions.includes('The price row has no cache-read price, so the 1,500 cached-prefix tokens are billed at the input price.'));
});

test('batch calls get the batch multiplier', () => {
  const cost = estimateCost({ tokens: tokens({ static: 1000 }), outputCap: 200, price: GPT_4O, batch: true, usage: USAGE, defaultExpectedOutput: 500 });
  assert.equal(cost.perCall, 0.00225); // 0.0045 x 0.5
  assert.ok(cost.assumptions.includes('Batch call: prices x 0.5.'));
  const noBatch: PriceRow = { ...GPT_4O };
  delete noBatch.batchMultiplier;
  const full = estimateCost({ tokens: tokens({ static: 1000 }), outputCap: 200, price: noBatch, batch: true, usage: USAGE, defaultExpectedOutput: 500 });
  assert.equal(full.perCall, 0.0045);
  assert.ok(full.assumptions.includes('Batch call, but no batch discount is known for this model: full prices.'));
});

test('no cap and no model maximum: worst case unknown, computed with the expected output', () => {
  const bare: PriceRow = { model: 'x', provider: 'p', inputPerMTok: 1, outputPerMTok: 2, source: 'prompt-cost.config.json prices["x"]', asOf: '' };
  const cost = estimateCost({ tokens: tokens({ static: 1000 }), outputCap: null, price: bare, batch: false, usage: USAGE, defaultExpectedOutput: 500 });
  assert.equal(cost.worstCaseOutputTokens, null);
  assert.equal(cost.perCall, 0.002);
  assert.equal(cost.perCallWorstCase, 0.002);
  assert.ok(cost.assumptions.includes('Prices per million tokens from x (prompt-cost.config.json prices["x"]): input $1, output $2.'));
});
