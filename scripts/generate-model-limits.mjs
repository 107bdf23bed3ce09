#!/usr/bin/env node
/**
 * Reads a LiteLLM-format price file (default: ../shared/data/litellm-model-prices.subset.json relative to the repo)
 * and writes server/src/engine/pricing/model-limits.generated.json with only what the engine needs:
 * the maximum output per model, the batch discount where the file lists batch prices, the provider and the
 * deprecation date. The output is committed, so the app never reads shared/ at run time.
 *
 * Usage: node scripts/generate-model-limits.mjs [path/to/litellm-model-prices.json] [output.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const inputPath = resolve(process.argv[2] ?? resolve(repoRoot, '../shared/data/litellm-model-prices.subset.json'));
const outputPath = resolve(process.argv[3] ?? resolve(repoRoot, 'server/src/engine/pricing/model-limits.generated.json'));

/** Date the input was synced from LiteLLM upstream (see shared/data/README.md). */
const AS_OF = '2026-07-24';
const SOURCE = 'LiteLLM model_prices_and_context_window.json (MIT), subset mirror Wei-Shaw/model-price-repo f9ff14734f62';

function providerOf(litellmProvider) {
  if (litellmProvider === 'openai' || litellmProvider === 'text-completion-openai') return 'openai';
  if (litellmProvider === 'gemini' || litellmProvider.startsWith('vertex_ai')) return 'google';
  return litellmProvider;
}

function ratio(batchPrice, price) {
  if (typeof batchPrice !== 'number' || typeof price !== 'number' || price <= 0) return undefined;
  return Math.round((batchPrice / price) * 10000) / 10000;
}

const raw = JSON.parse(readFileSync(inputPath, 'utf8'));
const models = {};
for (const name of Object.keys(raw).sort()) {
  const entry = raw[name];
  if (!entry || typeof entry !== 'object' || name === 'sample_spec') continue;
  const row = { provider: providerOf(String(entry.litellm_provider ?? 'unknown')) };
  if (Number.isInteger(entry.max_output_tokens) && entry.max_output_tokens > 0) row.maxOutputTokens = entry.max_output_tokens;
  const batchMultiplier = ratio(entry.input_cost_per_token_batches, entry.input_cost_per_token);
  if (batchMultiplier !== undefined) row.batchMultiplier = batchMultiplier;
  if (typeof entry.deprecation_date === 'string') row.deprecationDate = entry.deprecation_date;
  if (row.maxOutputTokens === undefined && row.batchMultiplier === undefined) continue;
  models[name] = row;
}

const output = { source: SOURCE, asOf: AS_OF, models };
writeFileSync(outputPath, JSON.stringify(output, null, 2) + '\n');
console.log(`wrote ${Object.keys(models).length} models to ${relative(process.cwd(), outputPath)}`);
