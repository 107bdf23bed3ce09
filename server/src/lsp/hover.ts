/**
 * The hover on a call: model and tokenizer, a token table per prompt part, cost per call / per 1,000 calls /
 * per month with where the traffic figure came from, cached vs uncached input, cheaper models of the same
 * provider, and the price row's source and date. Compact Markdown.
 */
import type { AnalyzedCallSite } from '../engine/analyze';
import { formatTokens, formatUsd } from '../engine/format';
import type { CostEstimate, PromptTokens, UsageAssumption } from '../engine/model';
import { describeRuntimeSource, howToPriceRuntimeModel, runtimeModelReason } from '../engine/model-source';
import { inputTokensOf, isTokenEstimate } from './inline-label';

/** A cheaper model of the same provider, priced for this call. */
export interface HoverAlternative {
  model: string;
  perCall: number;
  perMonth: number;
}

/** The call site whose call expression contains `offset`, innermost first (nested calls). */
export function callSiteAt(callSites: readonly AnalyzedCallSite[], offset: number): AnalyzedCallSite | undefined {
  let best: AnalyzedCallSite | undefined;
  for (const analyzed of callSites) {
    const { start, end } = analyzed.site.span;
    if (offset < start || offset > end) continue;
    if (!best || end - start < best.site.span.end - best.site.span.start) best = analyzed;
  }
  return best;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

function tokenizerLine(tokens: PromptTokens): string {
  if (tokens.tokenizer.startsWith('estimate:')) {
    return `Tokenizer: ≈ estimate (${escapeMarkdown(tokens.tokenizer.slice('estimate:'.length))})`;
  }
  return `Tokenizer: ${escapeMarkdown(tokens.tokenizer)} (exact${tokens.dynamicEstimate > 0 ? ' for static text' : ''})`;
}

function partLabel(role: string, messageIndex: number): string {
  return messageIndex >= 0 ? `${role} #${messageIndex + 1}` : role;
}

function tokenTable(tokens: PromptTokens): string[] {
  const approx = isTokenEstimate(tokens) ? '≈ ' : '';
  const rows = ['| Part | Tokens |', '|:--|--:|'];
  for (const part of tokens.perPart) {
    const dynamic =
      part.dynamicPieces > 0
        ? ` + ≈ ${formatTokens(part.dynamicEstimate)} (${part.dynamicPieces} dynamic part${part.dynamicPieces === 1 ? '' : 's'})`
        : '';
    rows.push(`| ${partLabel(part.role, part.messageIndex)} | ${formatTokens(part.staticTokens)}${dynamic} |`);
  }
  rows.push(`| overhead | ${formatTokens(tokens.overhead)} |`);
  if (tokens.tools) rows.push(`| tools | ${tokens.exact ? '' : '≈ '}${formatTokens(tokens.tools)} |`);
  if (tokens.schema) rows.push(`| output schema | ≈ ${formatTokens(tokens.schema)} |`);
  if (tokens.images) rows.push(`| images and files | ≈ ${formatTokens(tokens.images)} |`);
  rows.push(`| **input** | **${approx}${formatTokens(inputTokensOf(tokens))}** |`);
  return rows;
}

export function usageSource(usage: UsageAssumption): string {
  const perDay = `${formatTokens(usage.callsPerDay)} calls/day`;
  return `${perDay}, ${escapeMarkdown(usage.detail)}`;
}

/** What the call would cost if nothing were read from the cache. */
function uncachedPerCall(cost: CostEstimate): number | null {
  if (cost.cachedInputTokens <= 0 || cost.price.cacheReadPerMTok === undefined) return null;
  const difference = cost.price.inputPerMTok - cost.price.cacheReadPerMTok;
  return cost.perCall + (cost.cachedInputTokens * difference) / 1_000_000;
}

/** `Input by kind: system 1,200 · messages 80 · tools 310 · overhead 11`, parts that are 0 left out. */
function breakdownLines(tokens: PromptTokens): string[] {
  const b = tokens.breakdown;
  if (!b) return [];
  const kinds: [string, number][] = [['system', b.system], ['messages', b.messages], ['tools', b.tools], ['schema', b.schema], ['images', b.images], ['overhead', b.overhead]];
  const shown = kinds.filter(([, value]) => value > 0).map(([name, value]) => `${name} ${formatTokens(value)}`);
  const lines = shown.length > 0 ? [`Input by kind: ${shown.join(' · ')}.`] : [];
  for (const note of tokens.requestNotes ?? []) lines.push(escapeMarkdown(note));
  return lines.length > 0 ? [...lines, ''] : [];
}

function costLines(cost: CostEstimate): string[] {
  const lines = [
    '| Cost | |',
    '|:--|--:|',
    `| per call | ${formatUsd(cost.perCall)} |`,
    `| per 1,000 calls | ${formatUsd(cost.perCall * 1000)} |`,
    `| per month | ${formatUsd(cost.perMonth)} |`,
    '',
    `Per month at ${usageSource(cost.usage)}.`,
    `Output: ${formatTokens(cost.expectedOutputTokens)} tokens expected (${escapeMarkdown(cost.expectedOutputSource)})` +
      (cost.perCallWorstCase > cost.perCall ? `; worst case ${formatUsd(cost.perCallWorstCase)}/call.` : '.'),
  ];
  if (cost.worstCaseOutputTokens !== null && cost.worstCaseOutputTokens !== cost.expectedOutputTokens) {
    const worst = cost.worstCaseOutputTokens * (cost.completions ?? 1);
    lines.push(`Output tokens: typical ${formatTokens(cost.expectedOutputTokens)} · worst case ${formatTokens(worst)} (${formatUsd(cost.perCall)} vs ${formatUsd(cost.perCallWorstCase)} per call).`);
  }
  if (cost.reasoningTokens !== undefined) {
    lines.push(`Reasoning: ≈ ${formatTokens(cost.reasoningTokens)} tokens billed as output (${escapeMarkdown(cost.reasoningSource ?? 'assumed')}).`);
  }
  if (cost.completions) lines.push(`n=${cost.completions}: output billed for each completion.`);
  if (cost.serviceTier) lines.push(`Service tier: ${escapeMarkdown(cost.serviceTier)} (priced as such).`);
  const uncached = uncachedPerCall(cost);
  if (uncached !== null) {
    lines.push(`Cached: ${formatTokens(cost.cachedInputTokens)} input tokens read from cache; ${formatUsd(cost.perCall)}/call cached vs ${formatUsd(uncached)}/call uncached.`);
  } else {
    lines.push(`Cached: none (${formatTokens(cost.inputTokens)} input tokens billed at the uncached rate).`);
  }
  return lines;
}

function priceLine(cost: CostEstimate): string {
  const { price } = cost;
  const rates = `$${price.inputPerMTok}/MTok in, $${price.outputPerMTok}/MTok out` +
    (price.cacheReadPerMTok !== undefined ? `, $${price.cacheReadPerMTok}/MTok cached` : '');
  return `Price: ${escapeMarkdown(price.model)} (${rates}) from ${escapeMarkdown(price.source)}, as of ${price.asOf}.`;
}

export function hoverMarkdown(analyzed: AnalyzedCallSite, alternatives: readonly HoverAlternative[]): string {
  const { site, tokens, cost } = analyzed;
  const runtime = runtimeModelReason(site.model);
  const model = site.model.value ? `**${escapeMarkdown(site.model.value)}**` : runtime ? '**model set at run time**' : '**model unknown**';
  const out: string[] = [`${model} · ${escapeMarkdown(site.modelProvider ?? site.provider)} \`${site.api}\``, ''];
  const assumption = analyzed.modelAssumption;
  if (assumption) {
    const setBy = site.model.runtime ? ` (set at run time by ${escapeMarkdown(describeRuntimeSource(site.model.runtime))})` : '';
    out.push(`Model: ${escapeMarkdown(assumption.model)} from ${escapeMarkdown(assumption.detail)}${setBy}.`, '');
  }
  out.push(tokenizerLine(tokens), '', ...tokenTable(tokens), '', ...breakdownLines(tokens));
  if (cost) {
    out.push(...costLines(cost));
  } else if (runtime) {
    const cap = site.outputCap ? `${site.outputCap.param}=${site.outputCap.value ?? 'set at run time'}${site.outputCap.libraryDefault ? " (the library's default)" : ''}` : 'none';
    out.push(`No price: ${escapeMarkdown(runtime)}. Still counted: the prompt's ${formatTokens(inputTokensOf(tokens))} input tokens and the output cap (${escapeMarkdown(cap)}).`);
    // Written by us, in code spans: not escaped.
    out.push(`To price it, ${howToPriceRuntimeModel(site.model, site.modelProvider ?? site.provider)}.`);
    out.push(`Traffic: ${usageSource(analyzed.usage)}.`);
  } else {
    out.push(`No cost: ${escapeMarkdown(analyzed.costNote ?? 'no price for this call')}.`);
    out.push(`Traffic: ${usageSource(analyzed.usage)}.`);
  }
  if (alternatives.length > 0) {
    out.push('');
    out.push(
      'Cheaper: ' +
        alternatives
          .slice(0, 3)
          .map((alt) => `${escapeMarkdown(alt.model)} ${formatUsd(alt.perCall)}/call · ${formatUsd(alt.perMonth)}/mo`)
          .join('; '),
    );
  }
  if (cost) {
    out.push('');
    out.push(priceLine(cost));
  }
  return out.join('\n');
}
