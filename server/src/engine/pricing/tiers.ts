import { normalizeModelName } from '../tokens/model-family';
import tiers from './flagship-tiers.json';

const TIERS = tiers.tiers.map((t) => ({ pattern: new RegExp(t.pattern), cheaper: t.cheaper }));

/** `gpt-4o*` style wildcard patterns from the config (`*` = any run of characters), matched on the normalised name. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** The same provider's cheaper tier for a flagship model (`gpt-4o` -> `gpt-4o-mini`), from flagship-tiers.json. */
export function cheaperTierFor(model: string): string | undefined {
  const name = normalizeModelName(model);
  return TIERS.find((t) => t.pattern.test(name))?.cheaper;
}

/** True for flagship models: those in flagship-tiers.json, plus config `flagshipModels` wildcard patterns. */
export function isFlagship(model: string, extraPatterns: readonly string[] = []): boolean {
  const name = normalizeModelName(model);
  return cheaperTierFor(name) !== undefined || extraPatterns.some((p) => wildcard(p).test(name) || wildcard(p).test(model.toLowerCase()));
}
