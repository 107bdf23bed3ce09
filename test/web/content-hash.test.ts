import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentHash as nodeHash } from '../../server/src/engine/tokens/content-hash';
import { contentHash as browserHash } from '../../server/src/engine/tokens/content-hash.browser';

test('content hash: the web worker SHA-1 is the same digest as node:crypto', () => {
  assert.equal(browserHash(''), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
  assert.equal(browserHash('abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  const texts = ['x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'You are a helpful assistant. '.repeat(40), 'naïve café — 日本語 🙂'.repeat(30)];
  for (const text of texts) assert.equal(browserHash(text), nodeHash(text), `${text.length} characters`);
});
