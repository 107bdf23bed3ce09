import type { Provider } from '../model';
import families from './tokenizer-families.json';
import estimateMethods from './estimate-methods.json';
import { familyOfModel, normalizeModelName } from './model-family';
import { gemma3Available } from './gemma-vocab';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** The SentencePiece vocabulary Google's SDKs count Gemini 2.0 / 2.5 / 3.0 and Gemma 3 with. */
export const GEMMA3_TOKENIZER = 'gemma3';

export interface TokenizerChoice {
  /** `o200k_base`, `cl100k_base`, `gemma3`, or `estimate:<method>`. */
  id: string;
  /** True only when the model's own tokenizer is used. */
  exact: boolean;
  /** For estimates (and inexact defaults): how the count is made, in one sentence. */
  method?: string;
}

interface EstimateMethod {
  base: EncodingName;
  factor: number;
  description: string;
}

const ESTIMATES = estimateMethods as unknown as Record<string, EstimateMethod>;
const O200K_PATTERNS = families.openai.o200k_base.map((p) => new RegExp(p));
const CL100K_PATTERNS = families.openai.cl100k_base.map((p) => new RegExp(p));
const GEMMA3_PATTERNS = families.gemma3.patterns.map((p) => new RegExp(p));
const ESTIMATE_PATTERNS = families.estimates.map((e) => ({ method: e.method, pattern: new RegExp(e.pattern) }));

const OPENAI_PROVIDERS: ReadonlySet<Provider> = new Set<Provider>(['openai', 'azure-openai']);

/** The estimate method behind an `estimate:<method>` id, or undefined for exact encodings and unknown ids. */
export function estimateMethodOf(tokenizerId: string): EstimateMethod | undefined {
  if (!tokenizerId.startsWith('estimate:')) return undefined;
  return ESTIMATES[tokenizerId.slice('estimate:'.length)];
}

function estimate(method: string): TokenizerChoice {
  return { id: `estimate:${method}`, exact: false, method: ESTIMATES[method].description };
}

/**
 * Which tokenizer counts a model's prompt.
 *
 * OpenAI models (under any provider: openai, azure-openai, or a router like litellm / langchain / vercel-ai with an
 * OpenAI model name) get their real tiktoken encoding: `o200k_base` (gpt-4o, 4.1, 4.5, 5, o-series, gpt-oss) or
 * `cl100k_base` (gpt-4, gpt-4-turbo, gpt-3.5, text-embedding-3 / ada-002), exact. An OpenAI-SDK call with a name we do
 * not recognise (an Azure deployment name, a new model) is counted with o200k_base but marked inexact.
 *
 * Gemini 2.0, 2.5 and 3.0 and Gemma 3 get the Gemma 3 SentencePiece vocabulary (`gemma3`), exact for text: it is the
 * vocabulary Google's own SDKs count these models with offline.
 *
 * Claude, other Gemini/Gemma models and every other family get a labelled estimate: an o200k_base count times a per-family
 * factor (`estimate-methods.json`, reasoning and error bounds in docs/tokens.md). Estimates are never exact.
 */
export function tokenizerFor(provider: Provider, model: string | null): TokenizerChoice {
  const name = model === null ? '' : normalizeModelName(model);
  if (name !== '') {
    if (O200K_PATTERNS.some((p) => p.test(name))) return { id: 'o200k_base', exact: true };
    if (CL100K_PATTERNS.some((p) => p.test(name))) return { id: 'cl100k_base', exact: true };
    // Without the packaged vocabulary (a trimmed install) these models keep the Gemini estimate.
    if (GEMMA3_PATTERNS.some((p) => p.test(name)) && gemma3Available()) return { id: GEMMA3_TOKENIZER, exact: true };
    for (const { method, pattern } of ESTIMATE_PATTERNS) {
      if (pattern.test(name)) return estimate(method);
    }
  }
  if (OPENAI_PROVIDERS.has(provider) || (name !== '' && familyOfModel(name) === 'openai')) {
    return {
      id: 'o200k_base',
      exact: false,
      method: model === null
        ? 'Model unknown: counted with o200k_base, the encoding of current OpenAI models.'
        : `Model "${model}" is not a known OpenAI model: counted with o200k_base, the encoding of current OpenAI models.`,
    };
  }
  if (provider === 'anthropic') return estimate('claude');
  if (provider === 'google') return estimate('gemini');
  return estimate('generic');
}
