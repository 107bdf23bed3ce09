import type { ModelInfo, ModelPrice } from '@pydantic/genai-prices';
import type { PriceRow, Provider } from '../model';
import { familyOfModel, normalizeModelName, routePrefixOf } from '../tokens/model-family';
import { PRICE_DATA_SOURCE } from './data-source';
import { basePrice, matchModel, priceOnDataDate } from './genai-table';
import { defaultMaxOutputTokens, limitsFor } from './model-limits';
import providerMap from './provider-map.json';
import type { PriceOverrides } from './types';

const PROVIDER_TABLES = providerMap.providers as Record<Provider, string[]>;
const ROUTE_TABLES = providerMap.routePrefixes as Record<string, string>;
const FAMILY_TABLES = providerMap.families as Record<string, string>;
const BATCH_API_TABLES: ReadonlySet<string> = new Set(providerMap.batchApiProviders);
/** Providers whose calls go to one vendor's API: a name their table does not know is unknown, not searched elsewhere. */
const FIRST_PARTY: ReadonlySet<Provider> = new Set<Provider>(['openai', 'azure-openai', 'anthropic', 'google', 'bedrock']);

/** genai-prices provider ids to search for a model, most specific first. */
export function tableIdsFor(provider: Provider | null | undefined, model: string): string[] {
  const ids: string[] = [];
  const add = (id: string | undefined): void => {
    if (id && !ids.includes(id)) ids.push(id);
  };
  if (provider) PROVIDER_TABLES[provider]?.forEach(add);
  const prefix = routePrefixOf(model);
  if (prefix) add(ROUTE_TABLES[prefix]);
  add(FAMILY_TABLES[familyOfModel(model)]);
  return ids;
}

/** `gpt-4.1-mini-2025-09-09` -> `gpt-4.1-mini`; `claude-x-20250101` -> `claude-x`; `-latest` dropped. */
function withoutSnapshotSuffix(name: string): string {
  return name.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest|preview)$/, '');
}

/** Row id without Bedrock decorations (`regional.anthropic.claude-...-v1:0` -> `claude-...`). */
function plainRowId(id: string): string {
  return normalizeModelName(id);
}

export function rowFromTable(providerId: string, model: ModelInfo, price: ModelPrice, nameInCode: string): PriceRow | undefined {
  const input = basePrice(price.input_mtok);
  if (input === undefined) return undefined;
  const limits = limitsFor(nameInCode, model.id, plainRowId(model.id), withoutSnapshotSuffix(plainRowId(model.id)));
  const row: PriceRow = {
    model: model.id,
    provider: providerId,
    inputPerMTok: input,
    outputPerMTok: basePrice(price.output_mtok) ?? 0,
    source: PRICE_DATA_SOURCE.source,
    asOf: PRICE_DATA_SOURCE.asOf,
  };
  const cacheRead = basePrice(price.cache_read_mtok);
  const cacheWrite = basePrice(price.cache_write_mtok);
  if (cacheRead !== undefined) row.cacheReadPerMTok = cacheRead;
  if (cacheWrite !== undefined) row.cacheWritePerMTok = cacheWrite;
  const batchMultiplier = limits?.batchMultiplier ?? (BATCH_API_TABLES.has(providerId) ? 0.5 : undefined);
  if (batchMultiplier !== undefined) row.batchMultiplier = batchMultiplier;
  row.maxOutputTokens = limits?.maxOutputTokens ?? defaultMaxOutputTokens(plainRowId(model.id));
  if (model.context_window !== undefined) row.contextWindow = model.context_window;
  return row;
}

/** A row built from a table model directly (for listings), priced on the data date. */
export function rowForModel(providerId: string, model: ModelInfo): PriceRow | undefined {
  return rowFromTable(providerId, model, priceOnDataDate(model), model.id);
}

const memo = new Map<string, PriceRow | null>();

function lookupInTable(provider: Provider | null | undefined, model: string): PriceRow | undefined {
  const key = `${provider ?? ''}\u0000${model}`;
  const cached = memo.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const row = findRow(provider, model);
  memo.set(key, row ?? null);
  return row;
}

/**
 * What may follow a model name in the id of the same model's row: a snapshot or version number (`-0`, `-002`,
 * `-1212`, `-3-1`), `latest`, `preview`, an instruction-tuned `it`. A word (`-sol`, `-reasoning`) names a variant.
 */
const SNAPSHOT_TAIL = /^(?:v?\d[\d.:-]*|latest|preview|it|instruct)$/;

/**
 * True when the table row is the model named, not another one: the table's match rules also map a generic name
 * to one variant (`gpt-5.6` to the `gpt-5.6-sol` row), which would price a model at another model's rate. A name
 * that is the row id minus a variant word is refused; the row id minus a snapshot tail is the same model.
 */
export function rowIsTheModelNamed(name: string, rowId: string): boolean {
  const id = normalizeModelName(rowId).toLowerCase();
  const named = name.toLowerCase();
  if (id === named || !id.startsWith(named)) return true;
  const tail = id.slice(named.length);
  if (!/^[-.:@_]/.test(tail)) return true;
  return SNAPSHOT_TAIL.test(tail.slice(1));
}

function findRow(provider: Provider | null | undefined, model: string): PriceRow | undefined {
  const raw = model.trim();
  const normalized = normalizeModelName(raw);
  const rawWithoutRoute = raw.toLowerCase().replace(/^(bedrock|converse|invoke)\//, '');
  const names = [...new Set([rawWithoutRoute, normalized, withoutSnapshotSuffix(normalized)])];
  const tables = tableIdsFor(provider, raw);
  for (const name of names) {
    for (const tableId of tables) {
      const match = matchModel(tableId, name);
      if (match && match.providerId === tableId && rowIsTheModelNamed(name, match.model.id)) {
        const row = rowFromTable(match.providerId, match.model, match.price, raw);
        if (row) return row;
      }
    }
  }
  if (provider && FIRST_PARTY.has(provider)) return undefined;
  // Routers and unknown providers: let the table find the vendor from the name (mistral-large, deepseek-chat...).
  for (const name of names) {
    const match = matchModel(undefined, name);
    if (match && rowIsTheModelNamed(name, match.model.id)) return rowFromTable(match.providerId, match.model, match.price, raw);
  }
  return undefined;
}

function overrideFor(overrides: PriceOverrides | undefined, ...names: (string | undefined)[]): [string, PriceOverrides[string]] | undefined {
  if (!overrides) return undefined;
  for (const name of names) {
    if (name !== undefined && Object.prototype.hasOwnProperty.call(overrides, name)) return [name, overrides[name]];
  }
  return undefined;
}

/**
 * The price row for a model as written in code. Provider prefixes (`anthropic/`, `gemini/`), Bedrock ids
 * (`us.anthropic.claude-...-v1:0`), dated snapshots and aliases resolve to the table's row (`gpt-4o-2024-08-06` ->
 * `gpt-4o`). `maxOutputTokens` comes from model-limits.generated.json (else a family default), `batchMultiplier` from
 * the limits file or 0.5 where the provider has a batch API. A Claude or Gemini name under the OpenAI SDK (their
 * OpenAI-compatible endpoints) is priced by its vendor; other names under a first-party provider are not searched for
 * in unrelated tables, so typos stay unknown. A config override for the name in code (or the row id)
 * wins over the table. Undefined when nothing matches. Table lookups are memoized.
 */
export function lookupPrice(provider: Provider | null | undefined, model: string, overrides?: PriceOverrides): PriceRow | undefined {
  const tableRow = provider === 'local' ? localRow(model) : lookupInTable(provider, model);
  const override = overrideFor(overrides, model, model.trim(), normalizeModelName(model), tableRow?.model);
  if (!override) return tableRow;
  const [name, price] = override;
  const row: PriceRow = {
    model: name,
    provider: tableRow?.provider ?? provider ?? 'unknown',
    inputPerMTok: price.input,
    outputPerMTok: price.output,
    source: `prompt-cost.config.json prices[${JSON.stringify(name)}]`,
    // The config carries no date; the figures are as current as the user's file.
    asOf: '',
    maxOutputTokens: tableRow?.maxOutputTokens ?? defaultMaxOutputTokens(model),
  };
  if (price.cacheRead !== undefined) row.cacheReadPerMTok = price.cacheRead;
  if (price.cacheWrite !== undefined) row.cacheWritePerMTok = price.cacheWrite;
  if (tableRow?.batchMultiplier !== undefined) row.batchMultiplier = tableRow.batchMultiplier;
  if (tableRow?.contextWindow !== undefined) row.contextWindow = tableRow.contextWindow;
  return row;
}

/** A model served on the developer's own machine or network (Ollama, LM Studio, vLLM): no per-token price. */
function localRow(model: string): PriceRow {
  return {
    model,
    provider: 'local',
    inputPerMTok: 0,
    outputPerMTok: 0,
    source: 'a local model server (no per-token price)',
    asOf: PRICE_DATA_SOURCE.asOf,
    maxOutputTokens: defaultMaxOutputTokens(model),
  };
}

/** Forgets memoized lookups (tests; a refreshed table). */
export function clearPriceLookupCache(): void {
  memo.clear();
}
