import type { PriceRow, Provider } from '../model';
import { familyOfModel, normalizeModelName } from '../tokens/model-family';
import settings from './alternatives.json';
import { PRICE_DATA_SOURCE } from './data-source';
import { providerModels } from './genai-table';
import { rowForModel, tableIdsFor } from './lookup';
import { limitsFor } from './model-limits';
import providerMap from './provider-map.json';

const NOT_CHAT = settings.notChat.map((p) => new RegExp(p));
const LEGACY = settings.legacy.map((p) => new RegExp(p));

/** Blended USD per million tokens: `inputShare` of input + the rest output (3:1 input:output). */
export function blendedPrice(row: Pick<PriceRow, 'inputPerMTok' | 'outputPerMTok'>): number {
  return settings.inputShare * row.inputPerMTok + (1 - settings.inputShare) * row.outputPerMTok;
}

function isCurrentChatModel(id: string, deprecated: boolean | undefined): boolean {
  const name = normalizeModelName(id);
  if (deprecated) return false;
  if (NOT_CHAT.some((p) => p.test(name)) || LEGACY.some((p) => p.test(name))) return false;
  const deprecation = limitsFor(id, name)?.deprecationDate;
  return deprecation === undefined || deprecation > PRICE_DATA_SOURCE.asOf;
}

/**
 * Up to 3 current chat models of the same provider whose blended price is strictly lower than `row`'s, closest in
 * price first (the most comparable models; the cheapest ones are often far smaller). Deprecated, retired, and
 * non-chat rows (audio, image, embedding, realtime...) and other vendors' models in the same table are skipped. Empty for rows that are not chat models.
 */
export function cheaperAlternatives(provider: Provider | null | undefined, row: PriceRow): PriceRow[] {
  if (NOT_CHAT.some((p) => p.test(normalizeModelName(row.model)))) return [];
  const tableId = providerModels(row.provider).length > 0 ? row.provider : tableIdsFor(provider, row.model)[0];
  if (!tableId) return [];
  const reference = blendedPrice(row);
  const family = familyOfModel(row.model);
  const seen = new Set<string>([row.model]);
  const candidates: { row: PriceRow; blended: number }[] = [];
  for (const model of providerModels(tableId)) {
    if (seen.has(model.id) || !isCurrentChatModel(model.id, model.deprecated)) continue;
    if (family !== 'other' && familyOfModel(model.id) !== family) continue;
    const candidate = rowForModel(tableId, model);
    if (!candidate || candidate.outputPerMTok <= 0) continue;
    const blended = blendedPrice(candidate);
    if (blended < reference) {
      seen.add(model.id);
      candidates.push({ row: candidate, blended });
    }
  }
  return candidates
    .sort((a, b) => b.blended - a.blended || a.row.model.localeCompare(b.row.model))
    .slice(0, 3)
    .map((c) => c.row);
}

const PROVIDER_TABLES = (providerMap.providers ?? {}) as Partial<Record<Provider, string[]>>;
/** Routers and unknown providers: the three vendors most calls go to. */
const ROUTER_TABLES = ['openai', 'anthropic', 'google'];

/**
 * The current chat models a provider serves, priced from the table, cheapest to dearest by blended price
 * (the pick list for a call whose model is set at run time).
 */
export function pricedChatModels(provider: Provider | null | undefined): PriceRow[] {
  const tables = provider && PROVIDER_TABLES[provider]?.length ? PROVIDER_TABLES[provider]! : ROUTER_TABLES;
  const seen = new Set<string>();
  const rows: { row: PriceRow; blended: number }[] = [];
  for (const tableId of tables) {
    for (const model of providerModels(tableId)) {
      if (seen.has(model.id) || !isCurrentChatModel(model.id, model.deprecated)) continue;
      const row = rowForModel(tableId, model);
      if (!row || row.outputPerMTok <= 0) continue;
      seen.add(model.id);
      rows.push({ row, blended: blendedPrice(row) });
    }
  }
  return rows.sort((a, b) => a.blended - b.blended || a.row.model.localeCompare(b.row.model)).map((entry) => entry.row);
}
