/**
 * Image and document tokens against the providers' published rules and worked examples, and image blocks found in
 * real call shapes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageTokens, countMediaTokens } from '../../server/src/engine/tokens/media-tokens';
import type { PromptPart } from '../../server/src/engine/model';

const image = (width?: number, height?: number, detail?: string) => ({ kind: 'image' as const, ...(width ? { width, height } : {}), ...(detail ? { detail } : {}) });

test("OpenAI tiles: the docs' worked examples (1024x1024 high 765, 2048x4096 high 1,105, low 85)", () => {
  assert.equal(imageTokens(image(1024, 1024), 'openai-chat', 'gpt-4o'), 765);
  assert.equal(imageTokens(image(2048, 4096), 'openai-chat', 'gpt-4o'), 1105);
  assert.equal(imageTokens(image(4096, 8192, 'low'), 'openai-chat', 'gpt-4o'), 85);
  // gpt-4o-mini bills images at 2,833 + 5,667 per tile, o1 / o3 at 75 + 150.
  assert.equal(imageTokens(image(1024, 1024), 'openai-chat', 'gpt-4o-mini'), 2833 + 4 * 5667);
  assert.equal(imageTokens(image(512, 512), 'openai-responses', 'o3'), 75 + 150);
});

test('OpenAI patches: gpt-4.1-mini counts 32 px patches times 1.62', () => {
  assert.equal(imageTokens(image(1024, 1024), 'openai-chat', 'gpt-4.1-mini'), Math.ceil(1024 * 1.62));
  // Over 1,536 patches the image is shrunk to fit.
  assert.ok(imageTokens(image(4096, 4096), 'openai-chat', 'gpt-4.1-mini') <= Math.ceil(1536 * 1.62));
});

test("Anthropic: width x height / 750 (1000x1000 about 1,334), large images resized to about 1,600 at most", () => {
  assert.equal(imageTokens(image(1000, 1000), 'anthropic', 'claude-sonnet-4-5'), 1334);
  assert.equal(imageTokens(image(200, 200), 'anthropic', 'claude-sonnet-4-5'), 54);
  assert.equal(imageTokens(image(4000, 3000), 'anthropic', 'claude-sonnet-4-5'), 1600);
});

test('Gemini: 258 tokens at 384 px or less, else 258 per crop unit tile', () => {
  assert.equal(imageTokens(image(300, 300), 'google', 'gemini-2.5-flash'), 258);
  assert.equal(imageTokens(image(960, 540), 'google', 'gemini-2.5-flash'), 6 * 258);
  assert.equal(imageTokens(image(1024, 1024), 'google', 'gemini-2.5-flash'), 4 * 258);
});

test('an image of unknown size counts as 1024x1024 and a document as 3 pages, both labelled', () => {
  const span = { file: 'a.py', start: 0, end: 0 };
  const parts: PromptPart[] = [{ role: 'user', pieces: [], span, messageIndex: 0, cached: false, media: [{ kind: 'image' }, { kind: 'document' }] }];
  const counted = countMediaTokens(parts, 'anthropic', 'claude-sonnet-4-5');
  assert.equal(counted.tokens, Math.ceil((1024 * 1024) / 750) + 3 * 2250);
  assert.match(counted.notes.join(' '), /unknown size counted as 1024x1024/);
  assert.match(counted.notes.join(' '), /3 assumed pages/);
});
