/** The counting encoder (engine/tokens/bpe.ts) against the tiktoken reference on generated text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeCount } from '../../server/src/engine/tokens';

// tiktoken's WASM encoder, built once per encoding for the whole property run.
const { get_encoding } = require('tiktoken') as typeof import('tiktoken');

// Mixes the cases BPE merging gets wrong first: long unseen words, digits, punctuation runs, CJK, emoji, newlines.
const fragment = fc.oneof(
  fc.constantFrom('the ', 'Summarise', ' tickets', '\n\n', '  ', '\t', '{"role": "user"}', '1234567', '!!!?', '<|endoftext|>', 'naïve café', '日本語のテキスト', '👩‍💻🚀', "don't", 'ZZZqxqxqxqx'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const texts = fc.array(fragment, { maxLength: 20 }).map((parts) => parts.join(''));

for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
  test(`${encoding}: the counting encoder equals tiktoken on generated text`, () => {
    const reference = get_encoding(encoding);
    try {
      fc.assert(
        fc.property(texts, (text) => {
          assert.equal(encodeCount(text, encoding), reference.encode(text, [], []).length);
        }),
        { numRuns: 400, seed: 7 },
      );
    } finally {
      reference.free();
    }
  });
}

test('a word that is not one token is merged by rank: exact counts for known pieces', () => {
  assert.equal(encodeCount('hello', 'o200k_base'), 1);
  assert.equal(encodeCount('Supercalifragilisticexpialidocious', 'o200k_base'), 10);
  assert.equal(encodeCount('<|endoftext|>', 'cl100k_base'), 7);
});
