/** A code lens above each call site with the cost label; it opens the report filtered to that call. */
import type { CodeLens } from 'vscode-languageserver';
import type { AnalyzedCallSite } from '../engine/analyze';
import type { LineIndex } from '../engine/text';
import { inlineCostLabel } from './inline-label';

/** The client command a lens runs; its argument is a `CallSiteFilter`. */
export const SHOW_REPORT_COMMAND = 'promptCost.showReport';

export interface CallSiteFilter {
  callSiteId: string;
  uri: string;
  /** 0-based line of the call. */
  line: number;
}

export function codeLensesOf(callSites: readonly AnalyzedCallSite[], lines: LineIndex, uri: string): CodeLens[] {
  return callSites.map((analyzed) => {
    const line = lines.position(analyzed.site.span.start).line;
    const filter: CallSiteFilter = { callSiteId: analyzed.site.id, uri, line };
    return {
      range: { start: { line, character: 0 }, end: { line, character: lines.lineText(line).length } },
      command: { title: inlineCostLabel(analyzed), command: SHOW_REPORT_COMMAND, arguments: [filter] },
    };
  });
}
