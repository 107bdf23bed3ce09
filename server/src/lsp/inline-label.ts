/** The short cost label shown at each call (inlay hint and code lens): `≈ 1.2k tok · $0.004/call · $120/mo`. */
import type { AnalyzedCallSite } from '../engine/analyze';
import { formatUsd } from '../engine/format';
import type { PromptTokens } from '../engine/model';
import { runtimeModelReason } from '../engine/model-source';

import { inputTokensOf } from '../engine/tokens/prompt-tokens';

export { inputTokensOf };

/** A count is an estimate when the tokenizer is not the model's own or dynamic parts were guessed. */
export function isTokenEstimate(tokens: PromptTokens): boolean {
  return !tokens.exact || tokens.dynamicEstimate > 0;
}

/** 850, 1.2k, 12k, 1.2M. */
export function compactCount(value: number): string {
  const rounded = Math.round(value);
  if (rounded < 1000) return String(rounded);
  if (rounded < 1_000_000) return trimZero(rounded / 1000, rounded < 10_000 ? 1 : 0) + 'k';
  return trimZero(rounded / 1_000_000, rounded < 10_000_000 ? 1 : 0) + 'M';
}

function trimZero(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(/\.0$/, '');
}

export function inlineCostLabel(analyzed: AnalyzedCallSite): string {
  const tokens = `${isTokenEstimate(analyzed.tokens) ? '≈ ' : ''}${compactCount(inputTokensOf(analyzed.tokens))} tok`;
  const runtime = runtimeModelReason(analyzed.site.model);
  if (!analyzed.cost && runtime) {
    // What is still counted: the prompt's tokens and the output cap.
    const cap = analyzed.site.outputCap?.value;
    return `${tokens}${typeof cap === 'number' ? ` · cap ${compactCount(cap)}` : ''} · ${runtime}`;
  }
  if (!analyzed.cost) return `${tokens} · no price`;
  const assumed = isAssumedModel(analyzed) ? ` · as ${analyzed.site.model.value}` : '';
  return `${tokens} · ${formatUsd(analyzed.cost.perCall)}/call · ${formatUsd(analyzed.cost.perMonth)}/mo${assumed}`;
}

/** True when the model priced is not written in the code but assumed (annotation, config, env example file). */
export function isAssumedModel(analyzed: AnalyzedCallSite): boolean {
  return analyzed.site.model.source === 'assumed';
}
