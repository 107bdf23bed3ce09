/** Cheaper models of the same provider, priced for one call, for the hover. */
import { costWithModel, type AnalyzedCallSite } from '../engine/analyze';
import type { Config } from '../engine/config';
import { cheaperAlternatives } from '../engine/pricing/alternatives';
import type { HoverAlternative } from './hover';

export function cheaperAlternativesOf(analyzed: AnalyzedCallSite, config: Config): HoverAlternative[] {
  if (!analyzed.cost) return [];
  const alternatives: HoverAlternative[] = [];
  for (const row of cheaperAlternatives(analyzed.site.modelProvider ?? analyzed.site.provider, analyzed.cost.price)) {
    const cost = costWithModel(analyzed, row.model, config);
    if (cost && cost.perCall < analyzed.cost.perCall) alternatives.push({ model: row.model, perCall: cost.perCall, perMonth: cost.perMonth });
  }
  return alternatives;
}
