/** One inlay hint per call site, at the end of the call's first line, with the cost label. */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { AnalyzedCallSite } from '../engine/analyze';
import type { LineIndex } from '../engine/text';
import { howToPriceRuntimeModel, runtimeModelReason } from '../engine/model-source';
import { inlineCostLabel } from './inline-label';

export function inlayHintsOf(callSites: readonly AnalyzedCallSite[], lines: LineIndex, range?: Range): InlayHint[] {
  const hints: InlayHint[] = [];
  const seenLines = new Set<number>();
  for (const analyzed of callSites) {
    const line = lines.position(analyzed.site.span.start).line;
    if (range && (line < range.start.line || line > range.end.line)) continue;
    // Two calls on one line share the line's end: the first one speaks for it.
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    const hint: InlayHint = {
      position: { line, character: lines.lineText(line).length },
      label: inlineCostLabel(analyzed),
      kind: InlayHintKind.Type,
      paddingLeft: true,
    };
    const runtime = runtimeModelReason(analyzed.site.model);
    if (runtime && !analyzed.cost) hint.tooltip = `No price: ${runtime}. To price it, ${howToPriceRuntimeModel(analyzed.site.model, analyzed.site.modelProvider ?? analyzed.site.provider)}.`;
    else if (analyzed.modelAssumption && analyzed.modelAssumption.source !== 'code-default') hint.tooltip = `Model ${analyzed.modelAssumption.model} assumed: ${analyzed.modelAssumption.detail}`;
    else if (analyzed.costNote) hint.tooltip = analyzed.costNote;
    hints.push(hint);
  }
  return hints;
}
