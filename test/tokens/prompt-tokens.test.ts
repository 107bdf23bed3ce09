import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatFormatFor, countPromptTokens, countTokens, tokenizerFor } from '../../server/src/engine/tokens';
import { dynamic, part, referenceCount, text } from './helpers';

/**
 * The example conversation from the OpenAI cookbook "How to count tokens with tiktoken".
 * Its rule: 3 tokens per message + the tokens of every value (role, content, name) + 1 per name + 3 reply priming.
 */
const cookbookMessages: { role: 'system' | 'user'; name?: string; content: string }[] = [
  { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  { role: 'system', name: 'example_user', content: "Let's circle back when we have more time to touch base on opportunities for increased leverage." },
  { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
  { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];

/** The cookbook's num_tokens_from_messages, computed with the reference tokenizer. */
function cookbookRule(messages: typeof cookbookMessages, encoding: 'o200k_base' | 'cl100k_base'): number {
  let total = 3;
  for (const message of messages) {
    total += 3;
    for (const [key, value] of Object.entries(message)) {
      total += referenceCount(value as string, encoding);
      if (key === 'name') total += 1;
    }
  }
  return total;
}

test('the cookbook example, derived from the reference tokenizer: 124 (o200k_base) and 129 (cl100k_base)', () => {
  // The cookbook prints 129 for gpt-3.5-turbo / gpt-4 (cl100k_base); gpt-4o and gpt-4o-mini (o200k_base) come to 124.
  assert.equal(cookbookRule(cookbookMessages, 'o200k_base'), 124);
  assert.equal(cookbookRule(cookbookMessages, 'cl100k_base'), 129);
});

for (const [model, encoding] of [
  ['gpt-4o-mini', 'o200k_base'],
  ['gpt-4-0613', 'cl100k_base'],
] as const) {
  test(`static + overhead match the cookbook rule for ${model} (messages without names)`, () => {
    // PromptPart carries no `name`, so compare on the example with names removed.
    const withoutNames = cookbookMessages.map(({ role, content }) => ({ role, content }));
    const parts = withoutNames.map((m, i) => part(m.role, i, m.content));
    const tokens = countPromptTokens(parts, tokenizerFor('openai', model), {
      provider: 'openai',
      api: 'chat.completions.create',
      dynamicTokensPerPiece: 50,
    });
    assert.equal(tokens.tokenizer, encoding);
    assert.equal(tokens.exact, true);
    assert.equal(tokens.static + tokens.overhead, cookbookRule(withoutNames, encoding));
    // 6 messages x (3 + 1 role token) + 3 priming.
    assert.equal(tokens.overhead, 27);
    assert.equal(tokens.static, withoutNames.reduce((sum, m) => sum + referenceCount(m.content, encoding), 0));
    assert.equal(tokens.dynamicEstimate, 0);
    assert.equal(tokens.cachedPrefix, 0);
  });
}

test('a fully static part is tokenized as a whole; a mixed part piece by piece', () => {
  const whole = part('system', 0, [text('You are a '), text('careful reviewer.')]);
  const mixed = part('user', 1, [text('Review this diff: '), dynamic('diff'), text(' and answer in JSON.')]);
  const tokens = countPromptTokens([whole, mixed], tokenizerFor('openai', 'gpt-4o'), {
    provider: 'openai',
    api: 'chat.completions.create',
    dynamicTokensPerPiece: 50,
  });
  const systemTokens = referenceCount('You are a careful reviewer.', 'o200k_base');
  const userTokens = referenceCount('Review this diff: ', 'o200k_base') + referenceCount(' and answer in JSON.', 'o200k_base');
  assert.deepEqual(tokens.perPart, [
    { role: 'system', messageIndex: 0, staticTokens: systemTokens, dynamicPieces: 0, dynamicEstimate: 0 },
    { role: 'user', messageIndex: 1, staticTokens: userTokens, dynamicPieces: 1, dynamicEstimate: 50 },
  ]);
  assert.equal(tokens.static, systemTokens + userTokens);
  assert.equal(tokens.dynamicEstimate, 50);
  assert.equal(tokens.overhead, 2 * (3 + 1) + 3);
});

test('dynamic estimate = dynamic pieces x tokens per piece', () => {
  const tokens = countPromptTokens(
    [part('user', 0, [dynamic('a'), text(' vs '), dynamic('b'), dynamic('c')])],
    tokenizerFor('openai', 'gpt-4o'),
    { provider: 'openai', api: 'chat.completions.create', dynamicTokensPerPiece: 120 },
  );
  assert.equal(tokens.dynamicEstimate, 360);
  assert.equal(tokens.perPart[0].dynamicPieces, 3);
});

test('parts of one message share its overhead; parts outside a list count once per role', () => {
  const tokens = countPromptTokens(
    [part('system', -1, 'Be brief.'), part('user', 0, 'First block.'), part('user', 0, 'Second block.')],
    tokenizerFor('openai', 'gpt-4o'),
    { provider: 'openai', api: 'responses.create', dynamicTokensPerPiece: 50 },
  );
  assert.equal(tokens.overhead, 2 * (3 + 1) + 3);
});

test('no parts, no overhead', () => {
  const tokens = countPromptTokens([], tokenizerFor('openai', 'gpt-4o'), { provider: 'openai', api: 'chat.completions.create', dynamicTokensPerPiece: 50 });
  assert.deepEqual(tokens, {
    static: 0,
    dynamicEstimate: 0,
    overhead: 0,
    cachedPrefix: 0,
    tokenizer: 'o200k_base',
    exact: true,
    perPart: [],
    tools: 0,
    schema: 0,
    images: 0,
    breakdown: { system: 0, messages: 0, tools: 0, schema: 0, images: 0, overhead: 0 },
    requestNotes: [],
  });
});

test('legacy completions and embeddings have no chat overhead', () => {
  for (const api of ['completions.create', 'embeddings.create']) {
    const tokens = countPromptTokens([part('prompt', -1, 'Say hi.')], tokenizerFor('openai', 'gpt-3.5-turbo-instruct'), {
      provider: 'openai',
      api,
      dynamicTokensPerPiece: 50,
    });
    assert.equal(tokens.overhead, 0, api);
  }
});

test('chat formats: routers use the model vendor format', () => {
  assert.equal(chatFormatFor('openai', 'chat.completions.create', 'o200k_base'), 'openai-chat');
  assert.equal(chatFormatFor('azure-openai', 'chat.completions.create', 'o200k_base'), 'openai-chat');
  assert.equal(chatFormatFor('openai', 'responses.create', 'o200k_base'), 'openai-responses');
  assert.equal(chatFormatFor('openai', 'completions.create', 'cl100k_base'), 'openai-completion');
  assert.equal(chatFormatFor('openai', 'embeddings.create', 'cl100k_base'), 'openai-completion');
  assert.equal(chatFormatFor('vercel-ai', 'generateText', 'o200k_base'), 'openai-chat');
  assert.equal(chatFormatFor('anthropic', 'messages.create', 'estimate:claude'), 'anthropic');
  assert.equal(chatFormatFor('litellm', 'completion', 'estimate:claude'), 'anthropic');
  assert.equal(chatFormatFor('bedrock', 'converse', 'estimate:claude-new-tokenizer'), 'anthropic');
  assert.equal(chatFormatFor('google', 'models.generate_content', 'estimate:gemini'), 'google');
  assert.equal(chatFormatFor('langchain', 'ChatMistralAI', 'estimate:generic'), 'generic');
});

test('Anthropic: estimated counts, 4 tokens per message + 3, cached prefix up to the last cache marker', () => {
  const tokenizer = tokenizerFor('anthropic', 'claude-sonnet-4-5');
  const parts = [
    part('system', -1, 'You are a contract analyst. Follow the checklist exactly.', true),
    part('user', 0, 'Here is the master services agreement text.', true),
    part('user', 1, [text('Question: '), dynamic('question')]),
  ];
  const tokens = countPromptTokens(parts, tokenizer, { provider: 'anthropic', api: 'messages.create', dynamicTokensPerPiece: 50 });
  const s0 = countTokens('You are a contract analyst. Follow the checklist exactly.', 'estimate:claude');
  const s1 = countTokens('Here is the master services agreement text.', 'estimate:claude');
  const s2 = countTokens('Question: ', 'estimate:claude');
  assert.equal(s0, Math.ceil(referenceCount('You are a contract analyst. Follow the checklist exactly.', 'o200k_base') * 1.07));
  assert.equal(tokens.tokenizer, 'estimate:claude');
  assert.equal(tokens.exact, false);
  assert.equal(tokens.static, s0 + s1 + s2);
  assert.equal(tokens.cachedPrefix, s0 + s1);
  assert.equal(tokens.overhead, 3 * 4 + 3);
});

test('cached prefix is 0 without a marker, even when the provider caches automatically', () => {
  const tokens = countPromptTokens([part('system', 0, 'A long static instruction block.'), part('user', 1, [dynamic('q')])], tokenizerFor('openai', 'gpt-4o'), {
    provider: 'openai',
    api: 'chat.completions.create',
    dynamicTokensPerPiece: 50,
  });
  assert.equal(tokens.cachedPrefix, 0);
});
