/**
 * Tool definitions and output schemas in a call's input, on fixture files that look like user code
 * (test/fixtures/requests/), against published figures: the OpenAI cookbook's tool-calling example (101 prompt tokens
 * on gpt-4o / gpt-4o-mini, 105 on gpt-4 / gpt-3.5-turbo, as the API reported them) and recomputed with the reference
 * tokenizer; Anthropic's tool-use system prompt table; Gemini declarations as their JSON.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { analyzeFile, prepareLanguages, type AnalyzedCallSite } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { countTokens, inputTokensOf, UNRESOLVED_SCHEMA_TOKENS } from '../../server/src/engine/tokens';
import { REPO_ROOT, referenceCount } from './helpers';

before(async () => {
  await prepareLanguages(['python', 'typescript']);
});

function sitesOf(name: string): AnalyzedCallSite[] {
  const file = `test/fixtures/requests/${name}`;
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const analysis = analyzeFile(file, text, isolatedContext, defaultConfig());
  assert.deepEqual(analysis.errors, []);
  return analysis.callSites;
}

const WEATHER_FUNCTION = {
  name: 'get_current_weather',
  description: 'Get the current weather in a given location',
  properties: {
    location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
    unit: { type: 'string', description: 'The unit of temperature to return', enum: ['celsius', 'fahrenheit'] },
  } as Record<string, { type: string; description: string; enum?: string[] }>,
};

/** The cookbook's num_tokens_for_tools, with the reference tokenizer. */
function cookbookToolTokens(encoding: 'o200k_base' | 'cl100k_base'): number {
  const funcInit = encoding === 'o200k_base' ? 7 : 10;
  let total = funcInit + referenceCount(`${WEATHER_FUNCTION.name}:${WEATHER_FUNCTION.description}`, encoding);
  total += 3;
  for (const [key, spec] of Object.entries(WEATHER_FUNCTION.properties)) {
    total += 3;
    if (spec.enum) {
      total += -3;
      for (const item of spec.enum) total += 3 + referenceCount(item, encoding);
    }
    total += referenceCount(`${key}:${spec.type}:${spec.description.replace(/\.$/, '')}`, encoding);
  }
  return total + 12;
}

test('OpenAI tools: the cookbook example comes to the prompt tokens the API reported (101 on gpt-4o models, 105 on gpt-4 / gpt-3.5-turbo)', () => {
  const sites = sitesOf('openai_tools.py');
  const byModel = new Map(sites.slice(0, 4).map((site) => [site.site.model.value, site]));
  for (const [model, published, encoding] of [
    ['gpt-4o', 101, 'o200k_base'],
    ['gpt-4o-mini', 101, 'o200k_base'],
    ['gpt-4', 105, 'cl100k_base'],
    ['gpt-3.5-turbo', 105, 'cl100k_base'],
  ] as const) {
    const tokens = byModel.get(model)!.tokens;
    assert.equal(inputTokensOf(tokens), published, model);
    assert.equal(tokens.tools, cookbookToolTokens(encoding), `${model}: tools equal the recipe with the reference tokenizer`);
    assert.equal(tokens.exact, true, `${model}: a published rule on static definitions is exact`);
  }
});

test('OpenAI tools: a model the recipe is not published for is counted the same way but labelled an estimate', () => {
  const [, , , , gpt41, withoutTools, withBuiltIn] = sitesOf('openai_tools.py');
  assert.equal(gpt41.tokens.tools, cookbookToolTokens('o200k_base'));
  assert.equal(gpt41.tokens.exact, false);
  assert.match(gpt41.tokens.requestNotes!.join(' '), /published for gpt-4o/);
  assert.equal(withoutTools.tokens.tools, 0);
  assert.equal(withoutTools.tokens.exact, true);
  // A built-in tool adds instructions OpenAI does not publish: the function still counts, the label says ≈.
  assert.equal(withBuiltIn.tokens.tools, cookbookToolTokens('o200k_base'));
  assert.equal(withBuiltIn.tokens.exact, false);
  assert.match(withBuiltIn.tokens.requestNotes!.join(' '), /built-in tool/);
});

test("Anthropic tools: the definitions' JSON plus the tool-use system prompt from Anthropic's pricing table", () => {
  const [autoChoice, anyChoice, opus3, haiku3Tool] = sitesOf('anthropic_tools.py');
  const definition = JSON.stringify({
    name: 'get_weather',
    description: 'Get the current weather in a given location',
    input_schema: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'] },
  });
  const definitionTokens = countTokens(definition, 'estimate:claude');
  assert.equal(autoChoice.tokens.tools! - definitionTokens, 346);
  assert.equal(anyChoice.tokens.tools! - definitionTokens, 313);
  assert.equal(opus3.tokens.tools! - definitionTokens, 530);
  assert.equal(haiku3Tool.tokens.tools! - definitionTokens, 340);
  assert.equal(autoChoice.tokens.exact, false);
  assert.match(autoChoice.tokens.requestNotes!.join(' '), /tool-use system prompt \(346 tokens/);
});

test('Gemini: function declarations and a response schema are counted as Google SDK\'s offline counter counts them (estimates)', () => {
  const [tools, schema] = sitesOf('gemini_tools.py');
  // google-genai LocalTokenizer (_TextsAccumulator): name, description, required names, property names, descriptions.
  const texts = ['get_weather', 'Get the current weather in a given location', 'location', 'location', 'City name'];
  assert.equal(tools.tokens.tokenizer, 'gemma3');
  assert.equal(tools.tokens.tools, texts.reduce((sum, text) => sum + countTokens(text, 'gemma3'), 0));
  assert.equal(tools.tokens.tools, 3 + 8 + 1 + 1 + 2);
  // An array of strings has no countable text: types are not counted.
  assert.equal(schema.tokens.schema, 0);
  assert.equal(tools.tokens.exact, false);
  assert.match(tools.tokens.requestNotes!.join(' '), /as Google's SDK counts them offline/);
});

test('output schemas: a literal schema counts its JSON, JSON mode none, a class from a package a labelled estimate', () => {
  const [literal, jsonMode, pydantic, responses] = sitesOf('schemas.py');
  const schema = { type: 'object', properties: { total: { type: 'number' }, vendor: { type: 'string' } }, required: ['total', 'vendor'] };
  assert.equal(literal.tokens.schema, referenceCount(JSON.stringify({ name: 'invoice', schema }), 'o200k_base'));
  assert.equal(jsonMode.tokens.schema, 0);
  assert.equal(pydantic.tokens.schema, UNRESOLVED_SCHEMA_TOKENS);
  assert.match(pydantic.tokens.requestNotes!.join(' '), /not readable statically \(Invoice\)/);
  assert.equal(responses.tokens.schema, referenceCount(JSON.stringify({ name: 'invoice', schema: { type: 'object', properties: { total: { type: 'number' } } } }), 'o200k_base'));
  assert.equal(literal.tokens.exact, false, 'how a schema is billed is not published');
});

test('Vercel AI SDK: tools keyed by name and a zod schema from a constant are read statically', () => {
  const [recipe, weather] = sitesOf('vercel_tools.ts');
  const zodSchema = { type: 'object', properties: { name: { type: 'string', description: 'Recipe name' }, steps: { type: 'array', items: { type: 'string' } } }, required: ['name', 'steps'] };
  assert.equal(recipe.tokens.schema, referenceCount(JSON.stringify(zodSchema), 'o200k_base'));
  // get_weather:Get the current weather + one property line, by the cookbook recipe.
  const expected = 7 + referenceCount('get_weather:Get the current weather', 'o200k_base') + 3 + 3 + referenceCount('city:string:City name', 'o200k_base') + 12;
  assert.equal(weather.tokens.tools, expected);
});

test('the input breakdown sums to the input total and splits system from other messages', () => {
  for (const name of ['openai_tools.py', 'anthropic_tools.py', 'gemini_tools.py', 'schemas.py', 'vercel_tools.ts']) {
    for (const { tokens } of sitesOf(name)) {
      const b = tokens.breakdown!;
      assert.equal(b.system + b.messages + b.tools + b.schema + b.images + b.overhead, inputTokensOf(tokens), name);
    }
  }
  const [gpt4o] = sitesOf('openai_tools.py');
  assert.equal(gpt4o.tokens.breakdown!.system, referenceCount('You are a helpful assistant that can answer to questions about the weather.', 'o200k_base'));
  assert.equal(gpt4o.tokens.breakdown!.messages, referenceCount("What's the weather like in San Francisco?", 'o200k_base'));
});

test('the cost counts tools and schema as input', () => {
  const [gpt4o] = sitesOf('openai_tools.py');
  assert.equal(gpt4o.cost!.inputTokens, 101);
  assert.match(gpt4o.cost!.assumptions.join('\n'), /\+ 68 tool definitions = 101 tokens per call/);
});

test('images and documents in message content are counted into the input, by provider, labelled', () => {
  const [low, unsized, claude, gemini] = sitesOf('images.py');
  assert.equal(low.tokens.images, 85);
  assert.equal(unsized.tokens.images, 765, 'unknown size: 1024x1024 at detail auto');
  assert.equal(claude.tokens.images, Math.ceil((1024 * 1024) / 750) + 3 * 2250);
  assert.equal(gemini.tokens.images, 4 * 258);
  for (const site of [low, unsized, claude, gemini]) {
    assert.equal(site.tokens.exact, false);
    assert.equal(site.tokens.breakdown!.images, site.tokens.images);
    assert.equal(site.cost!.inputTokens, inputTokensOf(site.tokens));
  }
  assert.match(gemini.tokens.requestNotes!.join(' '), /258 tokens per 768 px tile/);
  assert.equal(gemini.tokens.dynamicEstimate, 0, 'a media part is not a dynamic text part');
});

test('reasoning settings, n and service tiers are read from the call and priced', () => {
  const [high, flex, defaultEffort, thinking, noThinking, three] = sitesOf('reasoning.py');
  assert.equal(high.site.requestSettings?.reasoningEffort, 'high');
  assert.equal(high.cost!.reasoningTokens, 6000);
  assert.equal(flex.site.requestSettings?.reasoningParam, 'reasoning.effort');
  assert.equal(flex.cost!.reasoningTokens, 500);
  assert.equal(flex.cost!.serviceTier, 'flex');
  assert.match(defaultEffort.cost!.reasoningSource!, /default, "medium"/);
  assert.equal(thinking.cost!.reasoningTokens, 4000);
  assert.equal(thinking.site.requestSettings?.reasoningParam, 'thinking.budget_tokens');
  assert.equal(noThinking.cost!.reasoningTokens, 0);
  assert.equal(noThinking.site.requestSettings?.reasoningParam, 'config.thinking_config.thinking_budget');
  assert.equal(three.cost!.completions, 3);
  assert.equal(three.cost!.expectedOutputTokens, 3 * 20, 'a title, three times');
  assert.equal(three.cost!.perCallWorstCase > three.cost!.perCall, true);
});
