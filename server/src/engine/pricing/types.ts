/** A price override from `prompt-cost.config.json` `prices`: USD per million tokens. */
export interface PriceOverride {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** Model name as written in code (or the table's row id) -> override. */
export type PriceOverrides = Record<string, PriceOverride>;
