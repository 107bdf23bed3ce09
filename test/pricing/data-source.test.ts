import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MODEL_LIMITS_SOURCE, PRICE_DATA_SOURCE, PRICE_TABLE_VERSION, limitsFor } from '../../server/src/engine/pricing';
import { REPO_ROOT } from './helpers';

test('the price table constant matches the installed @pydantic/genai-prices', () => {
  const installed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@pydantic/genai-prices/package.json'), 'utf8'));
  // When this fails, the dependency moved: update PRICE_TABLE_VERSION and its publication date in data-source.ts.
  assert.equal(installed.version, PRICE_TABLE_VERSION);
  assert.deepEqual(PRICE_DATA_SOURCE, { source: '@pydantic/genai-prices 0.1.8', asOf: '2026-09-23' });
});

test('the committed model limits carry their source and date', () => {
  assert.equal(MODEL_LIMITS_SOURCE.asOf, '2026-07-24');
  assert.match(MODEL_LIMITS_SOURCE.source, /LiteLLM/);
  assert.deepEqual(limitsFor('gpt-4o'), { provider: 'openai', maxOutputTokens: 16384, batchMultiplier: 0.5 });
  assert.deepEqual(limitsFor('claude-haiku-4-5'), { provider: 'anthropic', maxOutputTokens: 64000 });
  assert.deepEqual(limitsFor('gemini-2.5-flash'), { provider: 'google', maxOutputTokens: 65535 });
});

test('generate-model-limits.mjs keeps only the needed fields', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-limits-'));
  const input = path.join(dir, 'prices.json');
  const output = path.join(dir, 'limits.json');
  fs.writeFileSync(
    input,
    JSON.stringify({
      sample_spec: { max_output_tokens: 1 },
      'gpt-x': { litellm_provider: 'openai', max_output_tokens: 1000, input_cost_per_token: 2e-6, input_cost_per_token_batches: 1e-6, output_cost_per_token: 8e-6, mode: 'chat' },
      'claude-x': { litellm_provider: 'anthropic', max_output_tokens: 64000, deprecation_date: '2026-01-01', supports_vision: true },
      'gemini-x': { litellm_provider: 'vertex_ai-language-models', max_output_tokens: 65535 },
      'embed-x': { litellm_provider: 'openai', mode: 'embedding', input_cost_per_token: 1e-7 },
    }),
  );
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/generate-model-limits.mjs'), input, output], { stdio: 'pipe' });
  const generated = JSON.parse(fs.readFileSync(output, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(generated.asOf, '2026-07-24');
  assert.deepEqual(generated.models, {
    'claude-x': { provider: 'anthropic', maxOutputTokens: 64000, deprecationDate: '2026-01-01' },
    'gemini-x': { provider: 'google', maxOutputTokens: 65535 },
    'gpt-x': { provider: 'openai', maxOutputTokens: 1000, batchMultiplier: 0.5 },
  });
});
