import type { CostEstimate, PriceRow, PromptTokens, UsageAssumption } from '../model';
import { inputTokensOf } from '../tokens/prompt-tokens';

export interface CostInput {
  tokens: PromptTokens;
  /** The call's output cap, or null when it has none. */
  outputCap: number | null;
  /** An explicit expected output from the config (`expectedOutputTokens`), if any. */
  expectedOutputTokens?: number;
  price: PriceRow;
  batch: boolean;
  usage: UsageAssumption;
  /** Expected output for a call with neither an explicit figure nor a cap. */
  defaultExpectedOutput: number;
  /**
   * The visible output the call typically produces, judged from what it asks for (output-estimate.ts). When given,
   * it replaces "the cap" as the expected figure (bounded by the cap); null: nothing in the call says, so the default
   * applies, bounded by the cap. Undefined: the older rule (the cap, else the default).
   */
  typicalOutput?: { tokens: number; reason: string } | null;
  /** Reasoning tokens billed as output before the answer, with the assumption behind them. */
  reasoning?: { tokens: number; reason: string; ceiling?: number } | null;
  /** Completions per request (`n`): output is billed for each. */
  completions?: number;
  /** A service tier that changes the price (flex, priority). */
  serviceTier?: { name: string; multiplier: number; note: string } | null;
}

const PER_MILLION = 1_000_000;
export const DAYS_PER_MONTH = 30;

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function priceLabel(price: PriceRow): string {
  return price.asOf ? `${price.model} (${price.source}, ${price.asOf})` : `${price.model} (${price.source})`;
}

/**
 * Cost of one call and per month, with every assumption as a sentence.
 *   per call = (uncached input x input price + cached input x cache-read price + output x output price) / 1e6
 *              x batch multiplier (batch calls only)
 * Cache writes are not charged: how often a cached prefix expires and is rewritten depends on traffic timing that
 * code does not show, so cached tokens are priced as reads and the assumption says so.
 * Expected output: the explicit figure (capped by the call's cap), else the cap, else the default.
 * Worst case: the cap, else the model's maximum output. Monthly = per call x calls per day x 30.
 */
export function estimateCost(input: CostInput): CostEstimate {
  const { tokens, outputCap, price, batch, usage } = input;
  const assumptions: string[] = [];

  const inputTokens = inputTokensOf(tokens);
  const cacheReadPrice = price.cacheReadPerMTok;
  const cachedInputTokens = cacheReadPrice !== undefined ? Math.min(tokens.cachedPrefix, inputTokens) : 0;
  const uncachedInputTokens = inputTokens - cachedInputTokens;

  const requestParts = [
    tokens.tools ? ` + ${formatCount(tokens.tools)} tool definitions` : '',
    tokens.schema ? ` + ${formatCount(tokens.schema)} output schema` : '',
    tokens.images ? ` + ${formatCount(tokens.images)} images and files` : '',
  ].join('');
  assumptions.push(
    `Input: ${formatCount(tokens.static)} static prompt tokens + ${formatCount(tokens.dynamicEstimate)} estimated for dynamic values + ${formatCount(tokens.overhead)} chat-format overhead${requestParts} = ${formatCount(inputTokens)} tokens per call.`,
  );
  for (const note of tokens.requestNotes ?? []) assumptions.push(note);
  assumptions.push(
    tokens.exact
      ? `Token counts use the model's own tokenizer (${tokens.tokenizer}).`
      : `Token counts are an estimate (${tokens.tokenizer}); the model's own tokenizer is not available offline.`,
  );
  if (cachedInputTokens > 0) {
    assumptions.push(
      `${formatCount(cachedInputTokens)} tokens of the marked cached prefix are billed at the cache-read price on every call; cache writes (when the cache expires) are not included.`,
    );
  } else if (tokens.cachedPrefix > 0) {
    assumptions.push(`The price row has no cache-read price, so the ${formatCount(tokens.cachedPrefix)} cached-prefix tokens are billed at the input price.`);
  }

  let expectedOutputTokens: number;
  let expectedOutputSource: string;
  const completions = input.completions && input.completions > 1 ? input.completions : 1;
  const reasoningTokens = input.reasoning?.tokens ?? 0;
  if (input.expectedOutputTokens !== undefined) {
    expectedOutputTokens = outputCap !== null ? Math.min(input.expectedOutputTokens, outputCap) : input.expectedOutputTokens;
    expectedOutputSource =
      expectedOutputTokens < input.expectedOutputTokens
        ? `expectedOutputTokens in prompt-cost.config.json (${formatCount(input.expectedOutputTokens)}), limited by the cap (${formatCount(outputCap ?? 0)})`
        : `expectedOutputTokens in prompt-cost.config.json (${formatCount(expectedOutputTokens)})`;
  } else if (input.typicalOutput !== undefined) {
    // What the call asks for (or the default), plus its reasoning, never more than the cap allows.
    const visible = input.typicalOutput?.tokens ?? input.defaultExpectedOutput;
    const why = input.typicalOutput?.reason ?? `the default for a call (${formatCount(input.defaultExpectedOutput)})`;
    const wanted = visible + reasoningTokens;
    expectedOutputTokens = outputCap !== null ? Math.min(wanted, outputCap) : wanted;
    expectedOutputSource =
      `typical: ${formatCount(visible)} from ${why}` +
      (reasoningTokens > 0 ? ` + ${formatCount(reasoningTokens)} reasoning` : '') +
      (outputCap !== null && wanted > outputCap ? `, limited by the cap (${formatCount(outputCap)})` : '');
  } else if (outputCap !== null) {
    expectedOutputTokens = outputCap;
    expectedOutputSource = `the cap (${formatCount(outputCap)})`;
  } else {
    expectedOutputTokens = input.defaultExpectedOutput;
    expectedOutputSource = `default for a call with no cap (${formatCount(input.defaultExpectedOutput)})`;
  }
  assumptions.push(`Expected output: ${formatCount(expectedOutputTokens)} tokens per call, from ${expectedOutputSource}.`);
  if (input.reasoning && input.typicalOutput !== undefined) {
    assumptions.push(`Reasoning: ${formatCount(input.reasoning.tokens)} tokens billed as output, from ${input.reasoning.reason}.`);
  }

  const worstCaseOutputTokens = outputCap ?? price.maxOutputTokens ?? null;
  assumptions.push(
    worstCaseOutputTokens === null
      ? 'Worst case: unknown (no cap and no maximum output for this model); computed with the expected output.'
      : outputCap !== null
        ? `Worst case: the cap, ${formatCount(outputCap)} output tokens.`
        : `Worst case: no cap, so the model's maximum output, ${formatCount(worstCaseOutputTokens)} tokens.`,
  );
  if (completions > 1) {
    assumptions.push(`n=${completions}: output is billed for each of the ${completions} completions.`);
    expectedOutputTokens *= completions;
  }

  let multiplier = 1;
  if (batch) {
    if (price.batchMultiplier !== undefined) {
      multiplier = price.batchMultiplier;
      assumptions.push(`Batch call: prices x ${price.batchMultiplier}.`);
    } else {
      assumptions.push('Batch call, but no batch discount is known for this model: full prices.');
    }
  }

  if (input.serviceTier && !batch) {
    multiplier *= input.serviceTier.multiplier;
    assumptions.push(`Service tier ${input.serviceTier.name}: prices x ${input.serviceTier.multiplier} (${input.serviceTier.note}).`);
  }

  const inputCost = uncachedInputTokens * price.inputPerMTok + cachedInputTokens * (cacheReadPrice ?? price.inputPerMTok);
  const perCallFor = (outputTokens: number): number => ((inputCost + outputTokens * price.outputPerMTok) / PER_MILLION) * multiplier;
  const perCall = perCallFor(expectedOutputTokens);
  const perCallWorstCase = perCallFor(worstCaseOutputTokens !== null ? worstCaseOutputTokens * completions : expectedOutputTokens);

  assumptions.push(
    `Prices per million tokens from ${priceLabel(price)}: input $${price.inputPerMTok}, output $${price.outputPerMTok}` +
      (cacheReadPrice !== undefined ? `, cache read $${cacheReadPrice}.` : '.'),
  );
  assumptions.push(`${formatCount(usage.callsPerDay)} calls per day (${usage.detail}), 30 days per month.`);

  return {
    currency: 'USD',
    inputTokens,
    cachedInputTokens,
    expectedOutputTokens,
    expectedOutputSource,
    worstCaseOutputTokens,
    perCall,
    perCallWorstCase,
    perMonth: perCall * usage.callsPerDay * DAYS_PER_MONTH,
    callsPerDay: usage.callsPerDay,
    usage,
    price,
    assumptions,
    ...(input.typicalOutput !== undefined && input.expectedOutputTokens === undefined ? { visibleOutputTokens: input.typicalOutput?.tokens ?? input.defaultExpectedOutput } : {}),
    ...(input.reasoning && input.typicalOutput !== undefined ? { reasoningTokens: input.reasoning.tokens, reasoningSource: input.reasoning.reason } : {}),
    ...(completions > 1 ? { completions } : {}),
    ...(input.serviceTier && !batch ? { serviceTier: input.serviceTier.name } : {}),
  };
}
