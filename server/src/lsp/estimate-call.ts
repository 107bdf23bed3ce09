/**
 * `promptCost/estimateCall`: what the call on a line of an open document costs, and would cost with another
 * model. The editor's language-model tool asks this on behalf of a chat model.
 */
import type { FileAnalysis } from '../engine/analyze';
import type { Config } from '../engine/config';
import type { LineIndex } from '../engine/text';
import { CostQueryError, callSiteOnLine, estimateCallCost, type CallCost } from '../tools/call-cost';

export const ESTIMATE_CALL_REQUEST = 'promptCost/estimateCall';

export interface EstimateCallParams {
  uri: string;
  /** 0-based line, as LSP counts; any line inside the call. */
  line: number;
  /** Another model to price the same call with. */
  model?: string;
}

/** The answer, or why there is none; `call` lines are 1-based, as people count. */
export type EstimateCallResult = { call: CallCost } | { error: string };

export function estimateCallAt(analysis: FileAnalysis, lines: LineIndex, config: Config, params: EstimateCallParams): EstimateCallResult {
  const lineOf = (offset: number) => lines.position(offset).line;
  const analyzed = callSiteOnLine(analysis.callSites, lineOf, params.line);
  if (!analyzed) {
    const starts = analysis.callSites.map((call) => lineOf(call.site.span.start) + 1);
    return {
      error:
        starts.length === 0
          ? `${analysis.file}: no LLM API call found in this file`
          : `${analysis.file}:${params.line + 1}: no LLM API call on this line; calls start on line${starts.length === 1 ? '' : 's'} ${starts.join(', ')}`,
    };
  }
  try {
    return { call: estimateCallCost(analyzed, config, { file: analysis.file, line: lineOf(analyzed.site.span.start) + 1 }, params.model) };
  } catch (error) {
    if (error instanceof CostQueryError) return { error: error.message };
    throw error;
  }
}
