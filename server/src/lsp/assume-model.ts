/**
 * "Assume a model for this call…": for a call whose model is set at run time, a quick fix that runs the client
 * command `promptCost.assumeModel`, which offers the provider's priced models (cheapest to dearest) and writes
 * `prompt-cost: model=<id>` above the call through the server request `promptCost/assumeModel`.
 */
import { CodeActionKind, type CodeAction, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { AnalyzedCallSite } from '../engine/analyze';
import type { Language } from '../engine/model';
import { describeRuntimeSource } from '../engine/model-source';
import { pricedChatModels } from '../engine/pricing';
import type { LineIndex } from '../engine/text';
import { commentMarker, workspaceEditOf } from './code-actions';
import { rangeOf, rangesOverlap } from './positions';

export const ASSUME_MODEL_COMMAND = 'promptCost.assumeModel';
export const ASSUME_MODEL_TITLE = 'Assume a model for this call…';

/** The arguments the code action hands to the client command (and the command hands back to the server). */
export interface AssumeModelArguments {
  uri: string;
  position: Position;
  /** Set by tests and keybindings to skip the pick list. */
  model?: string;
}

/** A model of the pick list, with its price per million tokens. */
export interface ModelChoice {
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Model ids an annotation can hold (the engine reads the same characters back). */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/;

export function isModelId(model: string): boolean {
  return MODEL_ID.test(model) && model.length <= 200;
}

/** True for a call the code does not name a model for (set at run time, or not given), including one already assumed. */
export function needsModelAssumption(analyzed: AnalyzedCallSite): boolean {
  const { model } = analyzed.site;
  return model.value === null || model.source === 'assumed';
}

/** One quick fix per call in `range` whose model the code leaves to run time. */
export function assumeModelActions(callSites: readonly AnalyzedCallSite[], lines: LineIndex, uri: string, range: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const analyzed of callSites) {
    if (analyzed.site.kind !== 'generation' || !needsModelAssumption(analyzed)) continue;
    const callRange = rangeOf(lines, analyzed.site.span);
    if (!rangesOverlap(callRange, range)) continue;
    const reason = analyzed.site.model.runtime ? ` (set by ${describeRuntimeSource(analyzed.site.model.runtime)})` : '';
    const args: AssumeModelArguments = { uri, position: callRange.start };
    actions.push({
      title: ASSUME_MODEL_TITLE,
      kind: CodeActionKind.QuickFix,
      command: { title: `${ASSUME_MODEL_TITLE}${reason}`, command: ASSUME_MODEL_COMMAND, arguments: [args] },
    });
  }
  return actions;
}

/** The provider's priced chat models for the call, cheapest to dearest. */
export function modelChoicesFor(analyzed: AnalyzedCallSite): ModelChoice[] {
  return pricedChatModels(analyzed.site.modelProvider ?? analyzed.site.provider).map((row) => ({
    model: row.model,
    inputPerMTok: row.inputPerMTok,
    outputPerMTok: row.outputPerMTok,
  }));
}

/**
 * Writes `prompt-cost: model=<model>` for the call: replaces the model of an annotation already on or above it,
 * else inserts a comment line above the call at its indentation.
 */
export function assumeModelEdit(uri: string, version: number, language: Language, analyzed: AnalyzedCallSite, lines: LineIndex, model: string): WorkspaceEdit {
  const callLine = lines.position(analyzed.site.span.start).line;
  const marker = commentMarker(language);
  const existing = existingModelAnnotation(lines, callLine, marker);
  if (existing) {
    return workspaceEditOf([{ uri, version, range: { start: { line: existing.line, character: existing.start }, end: { line: existing.line, character: existing.end } }, newText: model }]);
  }
  const indentation = /^[ \t]*/.exec(lines.lineText(callLine))![0];
  const lineBreak = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const at = { line: callLine, character: 0 };
  return workspaceEditOf([{ uri, version, range: { start: at, end: at }, newText: `${indentation}${marker} prompt-cost: model=${model}${lineBreak}` }]);
}

/** The model id of a `prompt-cost: … model=<id>` comment on the call's line or in the comment lines right above it. */
function existingModelAnnotation(lines: LineIndex, callLine: number, marker: string): { line: number; start: number; end: number } | undefined {
  const found = (line: number) => {
    const text = lines.lineText(line);
    const commentAt = text.indexOf(marker);
    if (commentAt < 0) return undefined;
    const match = /prompt-cost:.*?(?:^|\s)model\s*=\s*([A-Za-z0-9][A-Za-z0-9_.:@/-]*)/.exec(text.slice(commentAt));
    if (!match) return undefined;
    const end = commentAt + match.index + match[0].length;
    return { line, start: end - match[1].length, end };
  };
  const onLine = found(callLine);
  if (onLine) return onLine;
  for (let line = callLine - 1; line >= 0 && lines.lineText(line).trimStart().startsWith(marker); line--) {
    const above = found(line);
    if (above) return above;
  }
  return undefined;
}
