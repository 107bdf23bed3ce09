/**
 * Thin access to the embedded @pydantic/genai-prices table. The package is loaded on first use (it takes tens of
 * milliseconds), and every lookup is pinned to the table's data date so results do not drift with the clock.
 */
import type { ModelInfo, ModelPrice, PriceCalculationResult, Provider as GenaiProvider, TieredPrices } from '@pydantic/genai-prices';
import { PRICE_DATA_SOURCE } from './data-source';

interface GenaiModule {
  calcPrice(usage: Record<string, number>, modelId: string, options?: { providerId?: string; timestamp?: Date }): PriceCalculationResult;
  findProvider(options: { providerId?: string; modelId?: string }): GenaiProvider | undefined;
}

let genai: GenaiModule | undefined;
function table(): GenaiModule {
  genai ??= require('@pydantic/genai-prices') as GenaiModule;
  return genai;
}

const DATA_DATE = new Date(`${PRICE_DATA_SOURCE.asOf}T00:00:00Z`);

export interface TableMatch {
  providerId: string;
  model: ModelInfo;
  price: ModelPrice;
}

/** The table row a model name matches under one provider id (or any provider when `providerId` is undefined). */
export function matchModel(providerId: string | undefined, modelName: string): TableMatch | undefined {
  let result: PriceCalculationResult;
  try {
    result = table().calcPrice({ input_tokens: 0, output_tokens: 0 }, modelName, { providerId, timestamp: DATA_DATE });
  } catch {
    return undefined;
  }
  if (!result) return undefined;
  return { providerId: result.provider.id, model: result.model, price: result.model_price };
}

/** All rows of one provider in the table. */
export function providerModels(providerId: string): ModelInfo[] {
  return table().findProvider({ providerId })?.models ?? [];
}

/** The price of a row as in effect on the data date (conditional prices: the latest whose start date has passed). */
export function priceOnDataDate(model: ModelInfo): ModelPrice {
  if (!Array.isArray(model.prices)) return model.prices;
  let chosen: ModelPrice | undefined;
  for (const conditional of model.prices) {
    const constraint = conditional.constraint;
    if (!constraint) chosen ??= conditional.prices;
    else if (constraint.type === 'start_date' && new Date(constraint.start_date) <= DATA_DATE) chosen = conditional.prices;
  }
  return chosen ?? model.prices[0].prices;
}

/** A per-million-token price; tiered prices (`{ base, tiers }`) give their base tier. */
export function basePrice(value: number | TieredPrices | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return typeof value.base === 'number' ? value.base : undefined;
}

/** Model names a row matches exactly (`equals` leaves of its match rule), for name suggestions. */
export function exactAliases(model: ModelInfo): string[] {
  const out: string[] = [];
  const visit = (logic: unknown): void => {
    if (!logic || typeof logic !== 'object') return;
    const record = logic as Record<string, unknown>;
    if (typeof record.equals === 'string') out.push(record.equals);
    for (const key of ['or', 'and']) {
      const list = record[key];
      if (Array.isArray(list)) list.forEach(visit);
    }
  };
  visit(model.match);
  return out;
}
