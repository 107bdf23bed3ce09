/**
 * Every OpenAI-model call site in the example apps: the engine's static prompt tokens equal the reference
 * tokenizer (tiktoken WASM) applied the way the engine documents it — a fully static message is tokenized
 * as a whole, the text pieces of a mixed message one by one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { scanPaths } from '../../server/src/cli/scan';
import type { PromptPart } from '../../server/src/engine/model';
import { REPO_ROOT, referenceCount } from './helpers';

function referenceStaticTokens(parts: readonly PromptPart[], encoding: 'o200k_base' | 'cl100k_base'): number {
  let total = 0;
  for (const part of parts) {
    const texts = part.pieces.flatMap((piece) => (piece.kind === 'text' ? [piece.text] : []));
    if (texts.length === part.pieces.length) total += texts.length ? referenceCount(texts.join(''), encoding) : 0;
    else for (const text of texts) total += referenceCount(text, encoding);
  }
  return total;
}

test('OpenAI token counts of every example prompt equal the reference tokenizer', async () => {
  const result = await scanPaths({ paths: ['examples'], cwd: REPO_ROOT });
  const exact = result.files.flatMap((file) => file.callSites).filter((analyzed) => analyzed.tokens.exact);
  assert.ok(exact.length >= 12, `expected at least 12 call sites with an exact tokenizer in the examples, got ${exact.length}`);
  let compared = 0;
  for (const analyzed of exact) {
    const encoding = analyzed.tokens.tokenizer as 'o200k_base' | 'cl100k_base';
    assert.ok(encoding === 'o200k_base' || encoding === 'cl100k_base', `exact tokenizer ${encoding}`);
    const where = `${path.basename(analyzed.site.file)} ${analyzed.site.id}`;
    assert.equal(analyzed.tokens.static, referenceStaticTokens(analyzed.site.promptParts, encoding), where);
    if (analyzed.tokens.static > 0) compared++;
  }
  assert.ok(compared >= 10, `expected at least 10 prompts with static text, compared ${compared}`);
});
