import type { Provider } from '../model';
import { familyOfModel, normalizeModelName } from '../tokens/model-family';
import minimums from './cache-minimums.json';

type CacheFamily = 'anthropic' | 'openai' | 'google';

interface CacheRules {
  source: string;
  rules: { pattern: RegExp; minTokens: number | null }[];
}

const TABLE: Record<CacheFamily, CacheRules> = Object.fromEntries(
  Object.entries(minimums.providers).map(([family, entry]) => [
    family,
    { source: entry.source, rules: entry.rules.map((r) => ({ pattern: new RegExp(r.pattern), minTokens: r.minTokens })) },
  ]),
) as Record<CacheFamily, CacheRules>;

function cacheFamily(provider: Provider | null | undefined, model: string): CacheFamily | undefined {
  if (provider === 'openai' || provider === 'azure-openai') return 'openai';
  if (provider === 'anthropic') return 'anthropic';
  if (provider === 'google') return 'google';
  const family = familyOfModel(model);
  return family === 'other' ? undefined : family;
}

/**
 * Smallest prefix (tokens) the provider caches for this model: Anthropic per model (512-4,096), OpenAI 1,024,
 * Gemini 2,048-4,096 (implicit caching). Undefined when the model has no prompt caching or the family is unknown.
 * Figures and their sources: cache-minimums.json.
 */
export function cacheMinimumTokens(provider: Provider | null | undefined, model: string): number | undefined {
  const family = cacheFamily(provider, model);
  if (!family) return undefined;
  const name = normalizeModelName(model);
  const rule = TABLE[family].rules.find((r) => r.pattern.test(name));
  return rule?.minTokens ?? undefined;
}

/** Where a family's minimums come from (page and date), for messages and docs. */
export function cacheMinimumSource(provider: Provider | null | undefined, model: string): string | undefined {
  const family = cacheFamily(provider, model);
  return family ? TABLE[family].source : undefined;
}
