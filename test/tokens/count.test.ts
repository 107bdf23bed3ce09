import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearTokenCache, countTokens, encodeCount, estimateMethodOf, tokenCacheStats, TOKEN_CACHE_LIMIT } from '../../server/src/engine/tokens';
import { readPromptCorpus, referenceCount } from './helpers';

const corpus = readPromptCorpus();

test('the prompt corpus is present and varied', () => {
  assert.deepEqual(
    corpus.map((c) => c.name),
    [
      'emoji-chat.txt',
      'json-schema.txt',
      'markdown-doc.txt',
      'multilingual.txt',
      'python-code.txt',
      'special-tokens.txt',
      'support-system-prompt.txt',
      'whitespace-yaml.txt',
    ],
  );
});

for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
  for (const { name, text } of corpus) {
    test(`js-tiktoken ${encoding} equals the tiktoken reference on ${name}`, () => {
      const expected = referenceCount(text, encoding);
      assert.ok(expected > 50, `${name} should be a realistic prompt`);
      assert.equal(encodeCount(text, encoding), expected);
      assert.equal(countTokens(text, encoding), expected);
    });
  }
}

test('special-token text in user input is counted as plain text, not rejected', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    const value = 'before <|endoftext|> after <|fim_prefix|>';
    assert.doesNotThrow(() => countTokens(value, encoding));
    assert.equal(countTokens(value, encoding), referenceCount(value, encoding));
    // As plain text `<|endoftext|>` is several tokens, never the single special token.
    assert.ok(countTokens('<|endoftext|>', encoding) > 1);
  }
});

test('the empty string is zero tokens', () => {
  assert.equal(countTokens('', 'o200k_base'), 0);
  assert.equal(countTokens('', 'estimate:claude'), 0);
});

test('estimates are the base encoding count times the factor, rounded up', () => {
  const sample = corpus.find((c) => c.name === 'support-system-prompt.txt')!.text;
  const base = referenceCount(sample, 'o200k_base');
  for (const id of ['estimate:claude', 'estimate:claude-new-tokenizer', 'estimate:gemini', 'estimate:generic']) {
    const method = estimateMethodOf(id)!;
    assert.equal(method.base, 'o200k_base');
    assert.equal(countTokens(sample, id), Math.ceil(base * method.factor));
  }
  assert.equal(countTokens(sample, 'estimate:claude'), Math.ceil(base * 1.07));
  assert.equal(countTokens(sample, 'estimate:generic'), base);
});

test('an unknown tokenizer id is an error, not a silent zero', () => {
  assert.throws(() => countTokens('hello', 'estimate:nope'), /Unknown tokenizer id "estimate:nope"/);
  assert.throws(() => countTokens('hello', 'p50k_base'), /Unknown tokenizer id/);
});

test('counts are cached by tokenizer and content', () => {
  clearTokenCache();
  assert.deepEqual(tokenCacheStats(), { hits: 0, misses: 0, size: 0 });
  const long = 'x'.repeat(300) + ' long prompt';
  countTokens('short prompt', 'o200k_base');
  countTokens('short prompt', 'o200k_base');
  countTokens('short prompt', 'cl100k_base');
  countTokens(long, 'o200k_base');
  countTokens(long, 'o200k_base');
  assert.deepEqual(tokenCacheStats(), { hits: 2, misses: 3, size: 3 });
  clearTokenCache();
  assert.deepEqual(tokenCacheStats(), { hits: 0, misses: 0, size: 0 });
});

test('the cache is bounded and evicts the least recently used entry', () => {
  clearTokenCache();
  countTokens('entry 0', 'o200k_base');
  for (let i = 1; i < TOKEN_CACHE_LIMIT; i++) countTokens(`entry ${i}`, 'o200k_base');
  assert.equal(tokenCacheStats().size, TOKEN_CACHE_LIMIT);
  countTokens('entry 0', 'o200k_base'); // touch: entry 1 is now the oldest
  countTokens('one more', 'o200k_base');
  const stats = tokenCacheStats();
  assert.equal(stats.size, TOKEN_CACHE_LIMIT);
  assert.equal(stats.hits, 1);
  countTokens('entry 0', 'o200k_base');
  assert.equal(tokenCacheStats().hits, 2, 'the touched entry survived');
  countTokens('entry 1', 'o200k_base');
  assert.equal(tokenCacheStats().misses, TOKEN_CACHE_LIMIT + 2, 'the oldest entry was evicted');
  clearTokenCache();
});
