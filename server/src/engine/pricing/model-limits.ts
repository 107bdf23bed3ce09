import limits from './model-limits.generated.json';
import defaults from './output-limit-defaults.json';
import { normalizeModelName } from '../tokens/model-family';

export interface ModelLimits {
  provider: string;
  maxOutputTokens?: number;
  batchMultiplier?: number;
  deprecationDate?: string;
}

const LIMITS = limits.models as Record<string, ModelLimits>;
const FAMILY_DEFAULTS = defaults.families.map((f) => ({ pattern: new RegExp(f.pattern), maxOutputTokens: f.maxOutputTokens }));

export const MODEL_LIMITS_SOURCE = { source: limits.source, asOf: limits.asOf };

/** The generated limits entry for the first of `names` it lists. */
export function limitsFor(...names: string[]): ModelLimits | undefined {
  for (const name of names) {
    const entry = LIMITS[name] ?? LIMITS[normalizeModelName(name)];
    if (entry) return entry;
  }
  return undefined;
}

/** Maximum output when the limits file does not list the model: the family default (output-limit-defaults.json). */
export function defaultMaxOutputTokens(model: string): number {
  const name = normalizeModelName(model);
  return FAMILY_DEFAULTS.find((f) => f.pattern.test(name))?.maxOutputTokens ?? defaults.fallback;
}

export function limitsModelNames(provider?: string): string[] {
  return Object.entries(LIMITS)
    .filter(([, entry]) => provider === undefined || entry.provider === provider)
    .map(([name]) => name);
}
