import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Provider } from '../../server/src/engine/model';
import { tokenizerFor } from '../../server/src/engine/tokens';

const cases: [Provider, string | null, string, boolean][] = [
  ['openai', 'gpt-4o', 'o200k_base', true],
  ['openai', 'gpt-4o-2024-08-06', 'o200k_base', true],
  ['openai', 'gpt-4o-mini', 'o200k_base', true],
  ['openai', 'gpt-4.1-nano', 'o200k_base', true],
  ['openai', 'gpt-4.5-preview', 'o200k_base', true],
  ['openai', 'gpt-5-mini', 'o200k_base', true],
  ['openai', 'o1', 'o200k_base', true],
  ['openai', 'o3-mini', 'o200k_base', true],
  ['openai', 'o4-mini', 'o200k_base', true],
  ['openai', 'chatgpt-4o-latest', 'o200k_base', true],
  ['openai', 'gpt-oss-120b', 'o200k_base', true],
  ['openai', 'gpt-4', 'cl100k_base', true],
  ['openai', 'gpt-4-0613', 'cl100k_base', true],
  ['openai', 'gpt-4-turbo', 'cl100k_base', true],
  ['openai', 'gpt-3.5-turbo', 'cl100k_base', true],
  ['openai', 'text-embedding-3-small', 'cl100k_base', true],
  ['openai', 'text-embedding-ada-002', 'cl100k_base', true],
  ['azure-openai', 'gpt-4o', 'o200k_base', true],
  ['azure-openai', 'my-prod-deployment', 'o200k_base', false],
  ['openai', 'gpt-7-ultra', 'o200k_base', false],
  ['openai', null, 'o200k_base', false],
  ['litellm', 'gpt-4o-mini', 'o200k_base', true],
  ['litellm', 'openai/gpt-4-turbo', 'cl100k_base', true],
  ['langchain', 'gpt-3.5-turbo', 'cl100k_base', true],
  ['vercel-ai', 'gpt-4.1', 'o200k_base', true],
  ['anthropic', 'claude-3-5-sonnet-20241022', 'estimate:claude', false],
  ['anthropic', 'claude-haiku-4-5', 'estimate:claude', false],
  ['anthropic', 'claude-opus-4-7', 'estimate:claude-new-tokenizer', false],
  ['anthropic', 'claude-sonnet-5', 'estimate:claude-new-tokenizer', false],
  ['anthropic', null, 'estimate:claude', false],
  ['litellm', 'anthropic/claude-3-5-sonnet-latest', 'estimate:claude', false],
  ['bedrock', 'us.anthropic.claude-3-5-sonnet-20240620-v1:0', 'estimate:claude', false],
  ['google', 'gemini-2.5-flash', 'gemma3', true],
  ['google', 'gemini-2.0-flash-001', 'gemma3', true],
  ['google', 'gemini-3-pro-preview', 'gemma3', true],
  ['google', 'models/gemini-1.5-pro', 'estimate:gemini', false],
  ['google', 'gemini-3.1-pro-preview', 'estimate:gemini', false],
  ['google', 'gemma-3-27b-it', 'gemma3', true],
  ['google', 'gemma-2-9b-it', 'estimate:gemini', false],
  ['google', null, 'estimate:gemini', false],
  ['litellm', 'gemini/gemini-2.5-pro', 'gemma3', true],
  ['litellm', 'vertex_ai/gemini-2.5-flash-lite', 'gemma3', true],
  ['litellm', 'mistral/mistral-large-latest', 'estimate:generic', false],
  ['bedrock', 'meta.llama3-70b-instruct-v1:0', 'estimate:generic', false],
  ['langchain', null, 'estimate:generic', false],
];

for (const [provider, model, id, exact] of cases) {
  test(`tokenizerFor(${provider}, ${model}) is ${id}${exact ? ' (exact)' : ' (estimate)'}`, () => {
    const choice = tokenizerFor(provider, model);
    assert.equal(choice.id, id);
    assert.equal(choice.exact, exact);
    if (!exact) assert.ok(choice.method && choice.method.length > 20, 'an inexact count says how it is made');
  });
}

test('an estimate never claims to be exact', () => {
  for (const [provider, model] of cases) {
    const choice = tokenizerFor(provider, model);
    if (choice.id.startsWith('estimate:')) assert.equal(choice.exact, false);
  }
});
