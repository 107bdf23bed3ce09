/**
 * The expected output of a call: what the prompt asks for (length words, task kind, schema size), reasoning tokens
 * from the effort / thinking budget / model default, bounded by the cap; the worst case stays the cap.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lengthAskedFor, reasoningOf, serviceTierPricing, typicalOutputOf } from '../../server/src/engine/output-estimate';
import { estimateCost } from '../../server/src/engine/pricing/cost';
import type { PriceRow, PromptTokens, UsageAssumption } from '../../server/src/engine/model';

test('length words in the prompt decide the typical output', () => {
  const cases: [string, number][] = [
    ['Answer with one word.', 2],
    ['Reply in a single word: the city.', 2],
    ['Give 3 bullet points on the risks.', 75],
    ['Summarize in under 100 words.', 135],
    ['Write two sentences about the product.', 60],
    ['Write one paragraph.', 120],
  ];
  for (const [prompt, tokens] of cases) assert.equal(lengthAskedFor(prompt)?.tokens, tokens, prompt);
  assert.equal(lengthAskedFor('Tell me about the weather.'), null);
  assert.match(lengthAskedFor('Give 3 bullet points on the risks.')!.reason, /"3 bullet points"/);
});

test('the task kind decides when no length is asked; a schema is about its own size; nothing known: null', () => {
  assert.deepEqual(typicalOutputOf('Classify the ticket as billing, bug or account.', { schemaTokens: 0, structuredOutput: false }), { tokens: 10, reason: 'a classification task' });
  assert.equal(typicalOutputOf('Answer yes or no: is this spam?', { schemaTokens: 0, structuredOutput: false })?.tokens, 5);
  assert.equal(typicalOutputOf('Extract the invoice fields.', { schemaTokens: 80, structuredOutput: true })?.tokens, 80);
  assert.equal(typicalOutputOf('Plan the trip.', { schemaTokens: 60, structuredOutput: true })?.tokens, 60);
  assert.equal(typicalOutputOf('Write a blog post about pandas.', { schemaTokens: 0, structuredOutput: false }), null);
});

test('reasoning: the effort or budget on the call, else the model default; non-reasoning models none', () => {
  assert.equal(reasoningOf('o4-mini', { tools: [], reasoningEffort: 'high', reasoningParam: 'reasoning_effort' })?.tokens, 6000);
  assert.equal(reasoningOf('o4-mini', { tools: [] })?.tokens, 2000);
  assert.match(reasoningOf('gpt-5', { tools: [] })!.reason, /default, "medium"/);
  assert.equal(reasoningOf('gpt-5-mini', { tools: [], reasoningEffort: 'minimal' })?.tokens, 100);
  assert.equal(reasoningOf('claude-sonnet-4-5', { tools: [], thinkingBudget: 8000, reasoningParam: 'thinking.budget_tokens' })?.tokens, 4000);
  assert.equal(reasoningOf('claude-sonnet-4-5', { tools: [] }), null);
  assert.equal(reasoningOf('gemini-2.5-flash', { tools: [] })?.tokens, 1500);
  assert.equal(reasoningOf('gemini-2.5-flash', { tools: [], thinkingBudget: 0, reasoningParam: 'config.thinking_config.thinking_budget' })?.tokens, 0);
  assert.equal(reasoningOf('gemini-2.5-flash-lite', { tools: [] }), null);
  assert.equal(reasoningOf('gpt-4o', { tools: [] }), null);
  assert.equal(reasoningOf('openai/o3', { tools: [] })?.tokens, 2000);
});

test('service tiers: flex at half price, priority above standard, default none', () => {
  assert.equal(serviceTierPricing('flex')?.multiplier, 0.5);
  assert.ok(serviceTierPricing('priority')!.multiplier > 1);
  assert.equal(serviceTierPricing('default'), null);
  assert.equal(serviceTierPricing(undefined), null);
});

const tokens: PromptTokens = { static: 1000, dynamicEstimate: 0, overhead: 7, cachedPrefix: 0, tokenizer: 'o200k_base', exact: true, perPart: [] };
const price: PriceRow = { model: 'o4-mini', provider: 'openai', inputPerMTok: 1, outputPerMTok: 4, batchMultiplier: 0.5, source: 'test', asOf: '2026-01-01' };
const usage: UsageAssumption = { callsPerDay: 1000, source: 'default', detail: 'workspace default' };

test('cost: the typical output plus reasoning, bounded by the cap; the worst case is the cap; n multiplies output', () => {
  const base = { tokens, price, batch: false, usage, defaultExpectedOutput: 500 };
  const label = estimateCost({ ...base, outputCap: 1024, typicalOutput: { tokens: 10, reason: 'a classification task' }, reasoning: null });
  assert.equal(label.expectedOutputTokens, 10);
  assert.equal(label.worstCaseOutputTokens, 1024);
  assert.ok(label.perCallWorstCase > label.perCall);
  assert.match(label.expectedOutputSource, /typical: 10 from a classification task/);

  const reasoning = estimateCost({ ...base, outputCap: 4000, typicalOutput: { tokens: 10, reason: 'a classification task' }, reasoning: { tokens: 6000, reason: 'reasoning_effort="high"' } });
  assert.equal(reasoning.expectedOutputTokens, 4000, 'reasoning is output, and the cap bounds it');
  assert.match(reasoning.expectedOutputSource, /limited by the cap/);
  assert.equal(reasoning.reasoningTokens, 6000);

  const unknownTask = estimateCost({ ...base, outputCap: 1024, typicalOutput: null });
  assert.equal(unknownTask.expectedOutputTokens, 500, 'the default, not the cap');

  const twice = estimateCost({ ...base, outputCap: 1024, typicalOutput: { tokens: 100, reason: 'x' }, completions: 2 });
  assert.equal(twice.expectedOutputTokens, 200);
  assert.equal(twice.perCallWorstCase, (1007 * 1 + 2048 * 4) / 1e6);

  const oldRule = estimateCost({ ...base, outputCap: 1024 });
  assert.equal(oldRule.expectedOutputTokens, 1024, 'without a typical figure the older rule holds');

  const flex = estimateCost({ ...base, outputCap: 1024, typicalOutput: null, serviceTier: { name: 'flex', multiplier: 0.5, note: 'n' } });
  assert.equal(flex.perCall, unknownTask.perCall * 0.5);
  assert.equal(flex.serviceTier, 'flex');
});
