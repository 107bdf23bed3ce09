import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countTokens, loadedEncodings } from '../../server/src/engine/tokens';

// Runs in its own process (node --test isolates files), so nothing else has loaded an encoder yet.
test('encoders are built on first use, one encoding at a time', () => {
  assert.deepEqual(loadedEncodings(), []);
  countTokens('Classify this ticket.', 'estimate:claude');
  assert.deepEqual(loadedEncodings(), ['o200k_base']);
  countTokens('Classify this ticket.', 'cl100k_base');
  assert.deepEqual(loadedEncodings().sort(), ['cl100k_base', 'o200k_base']);
});
