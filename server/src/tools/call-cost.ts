/**
 * What one analysed call costs as written and with another model: the answer the MCP server's estimate_call and
 * the editor's language-model tool give. No disk, no CLI: the language server bundles it.
 */
import { costWithModel, type AnalyzedCallSite } from '../engine/analyze';
import type { Config } from '../engine/config';
import type { CostEstimate, Provider } from '../engine/model';
import { nearestModelNames } from '../engine/pricing';
import { roundMoney } from '../engine/report/json';

/** A question that cannot be answered as asked (unknown model, no call on the line): its message says why. */
export class CostQueryError extends Error {}

export interface CostFigures {
  model: string;
  priceRow: string;
  perCall: number;
  perCallWorstCase: number;
  perMonth: number;
  callsPerDay: number;
  inputTokens: number;
  expectedOutputTokens: number;
  assumptions: string[];
}

export function figures(cost: CostEstimate): CostFigures {
  return {
    model: cost.price.model,
    priceRow: `${cost.price.source}${cost.price.asOf ? `, ${cost.price.asOf}` : ''}`,
    perCall: roundMoney(cost.perCall),
    perCallWorstCase: roundMoney(cost.perCallWorstCase),
    perMonth: roundMoney(cost.perMonth),
    callsPerDay: cost.callsPerDay,
    inputTokens: cost.inputTokens,
    expectedOutputTokens: cost.expectedOutputTokens,
    assumptions: cost.assumptions,
  };
}

export function unknownModel(model: string, provider?: Provider | null): CostQueryError {
  const near = nearestModelNames(model, provider ?? undefined);
  return new CostQueryError(`model '${model}' has no price row${near.length > 0 ? `; did you mean ${near.map((name) => `'${name}'`).join(', ')}?` : ''}`);
}

export interface CallCost {
  file: string;
  line: number;
  api: string;
  provider: string;
  model: string | null;
  /** The call as written; null when its model has no price (`costNote` says why). */
  current: CostFigures | null;
  costNote?: string;
  /** The same call with the model asked about. */
  withModel?: CostFigures & { perMonthDelta: number | null };
}

/** The analysed call whose source range holds `line`; `lineOf` maps an offset to a line in the same numbering. */
export function callSiteOnLine(callSites: readonly AnalyzedCallSite[], lineOf: (offset: number) => number, line: number): AnalyzedCallSite | undefined {
  const holding = callSites.filter((analyzed) => lineOf(analyzed.site.span.start) <= line && line <= lineOf(analyzed.site.span.end));
  // Nested calls (a call inside another's arguments): the innermost, i.e. the one starting last.
  return holding.sort((a, b) => b.site.span.start - a.site.span.start)[0];
}

/** What the call in `file` at `line` costs, and with `model` when given. Analyses only that file (and its imports). */
export function estimateCallCost(
  analyzed: AnalyzedCallSite,
  config: Config,
  where: { file: string; line: number },
  model?: string,
): CallCost {
  const { site } = analyzed;
  const answer: CallCost = {
    file: where.file,
    line: where.line,
    api: site.api,
    provider: site.modelProvider ?? site.provider,
    model: site.model?.value ?? null,
    current: analyzed.cost ? figures(analyzed.cost) : null,
    ...(analyzed.costNote ? { costNote: analyzed.costNote } : {}),
  };
  if (model !== undefined && model.trim() !== '') {
    const other = costWithModel(analyzed, model.trim(), config);
    if (!other) throw unknownModel(model.trim(), site.modelProvider ?? site.provider);
    answer.withModel = { ...figures(other), perMonthDelta: analyzed.cost ? roundMoney(other.perMonth - analyzed.cost.perMonth) : null };
  }
  return answer;
}

