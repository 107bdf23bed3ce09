/**
 * ScanResult -> the JSON report (schemaVersion 1), the contract other tools read. Keys are written in a fixed
 * order and entries sorted by file, line, column, so the same scan prints the same bytes.
 */
import type { AnalyzedCallSite } from '../analyze';
import type { Finding, RuntimeSource, Span } from '../model';
import { describeRuntimeSource, howToPriceCall } from '../model-source';
import { promptFileUses } from './prompt-files';
import { cellPosition, type NotebookLayout } from '../languages/notebook';
import { positionAt, type ScanResult } from './types';
import { inputTokensOf } from '../tokens/prompt-tokens';
import { DAYS_PER_MONTH } from '../pricing/cost';

/** Input tokens of a reported call site (reports from before `input` existed: static + dynamic + overhead). */
export function jsonInputTokens(site: JsonCallSite): number {
  const tokens = site.promptTokens;
  return tokens.input ?? tokens.static + tokens.dynamicEstimate + tokens.overhead;
}

export const JSON_SCHEMA_VERSION = 1;

export interface JsonCallSite {
  file: string;
  /** For a notebook: the 1-based cell (counting every cell, markdown too); `line` and `column` are then inside the cell. */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  language: string;
  provider: string;
  api: string;
  model: string | null;
  modelSource: string;
  /** `libraryDefault`: the code sets no cap and the SDK sends this default. */
  outputCap: { param: string; value: number | null; libraryDefault?: true } | null;
  promptTokens: {
    static: number;
    dynamicEstimate: number;
    overhead: number;
    tokenizer: string;
    /** Tokens of tool definitions (with the provider's tool-use system prompt). Added in 0.x; absent means 0. */
    tools?: number;
    /** Tokens of the structured-output schema. Absent means 0. */
    schema?: number;
    /** Tokens of image and document inputs. Absent means 0. */
    images?: number;
    /** Input tokens per call: static + dynamicEstimate + overhead + tools + schema + images. */
    input?: number;
    /** The input split by what sends it; the parts sum to `input`. */
    breakdown?: { system: number; messages: number; tools: number; schema: number; images: number; overhead: number };
    /** How the tool, schema and image figures were made. */
    notes?: string[];
  };
  cost: {
    perCall: number;
    perMonth: number;
    callsPerDay: number;
    currency: 'USD';
    expectedOutputTokens: number;
    /** Where the expected output figure came from (`the cap (800)`, `expectedOutputTokens in prompt-cost.config.json (300)`). */
    expectedOutputSource?: string;
    /** Where calls per day came from: annotation, feature, file glob or the workspace default. */
    usage: { source: string; detail: string; feature?: string };
    /** The price row used, with its source and date. */
    price: { model: string; source: string; asOf: string; inputPerMTok: number; outputPerMTok: number };
    /** Output tokens when every reply reaches the cap (or the model's maximum without one), times `n`; null when unknown. */
    worstCaseOutputTokens?: number | null;
    /** Per call and per month with the worst-case output. */
    perCallWorstCase?: number;
    perMonthWorstCase?: number;
    /** Reasoning tokens included in `expectedOutputTokens`, and the assumption behind them. */
    reasoningTokens?: number;
    reasoningSource?: string;
    /** Completions per request (`n` > 1). */
    completions?: number;
    /** A service tier that changed the price (`flex`, `priority`). */
    serviceTier?: string;
  } | null;
  /** Why a call has no cost (unknown model, no price row). */
  costNote?: string;
  /** What sets the model at run time (an environment variable, a request field, a parameter, a settings key), when the code does not name it. */
  runtimeModel?: { kind: string; name: string; description: string };
  /** The model priced when the code leaves it to run time: from an annotation, the config's `models`, an env example file or a default in code. */
  modelAssumption?: { model: string; source: string; detail: string };
  /** For a call without a price: how to give it one. */
  howToPrice?: string;
}

export interface JsonEdit {
  file: string;
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface JsonFinding {
  rule: string;
  severity: string;
  file: string;
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  savingPerMonth: number | null;
  fixes: { title: string; safe: boolean; edits: JsonEdit[] }[];
}

/** A prompt file read by code: its tokens, the call sites that send it and what they cost together. */
export interface JsonPromptFile {
  file: string;
  tokens: number;
  tokenizer: string;
  usedBy: { file: string; cell?: number; line: number; column: number }[];
  /** Sum of `perMonth` of the using call sites that have a price. */
  perMonth: number;
  /** Using call sites without a price (unknown model). */
  unpriced: number;
}

export interface JsonReport {
  schemaVersion: 1;
  root: string;
  prices: { source: string; asOf: string };
  callSites: JsonCallSite[];
  /** Always written by scans; optional for reports built by other tools. */
  promptFiles?: JsonPromptFile[];
  findings: JsonFinding[];
  totals: { callSites: number; perMonth: number; findings: number };
  stats: { filesListed: number; filesPrefiltered: number; filesParsed: number };
  problems: { file: string; cell?: number; line: number | null; message: string }[];
}

/** Money keeps 6 significant digits: enough to compare, short enough to read. */
export function roundMoney(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  return Number(value.toPrecision(6));
}

function compareLocation(a: { file: string; cell?: number; line: number; column: number }, b: { file: string; cell?: number; line: number; column: number }): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.cell ?? 0) - (b.cell ?? 0) || a.line - b.line || a.column - b.column;
}

export function toJsonReport(result: ScanResult): JsonReport {
  const notebooks = new Map(result.files.filter((file) => file.notebook).map((file) => [file.file, file.notebook!]));
  const where: Locate = (span: Span) => {
    const notebook = notebooks.get(span.file);
    if (notebook) return notebookRange(notebook, span);
    const start = positionAt(result.lineStarts[span.file], span.start);
    const end = positionAt(result.lineStarts[span.file], span.end);
    return { start, end };
  };

  const callSites: JsonCallSite[] = [];
  const findings: JsonFinding[] = [];
  for (const file of result.files) {
    for (const analyzed of file.callSites) callSites.push(callSiteJson(analyzed, where));
    for (const finding of file.findings) findings.push(findingJson(finding, where));
  }
  callSites.sort(compareLocation);
  findings.sort((a, b) => compareLocation(a, b) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));

  const perMonth = callSites.reduce((sum, site) => sum + (site.cost?.perMonth ?? 0), 0);
  const problems = result.problems
    .map((p) => ({ file: p.file, ...(p.cell !== undefined ? { cell: p.cell } : {}), line: p.line ?? null, message: p.message }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.cell ?? 0) - (b.cell ?? 0) || (a.line ?? 0) - (b.line ?? 0)));

  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    root: result.displayRoot,
    prices: { source: result.prices.source, asOf: result.prices.asOf },
    callSites,
    promptFiles: promptFileUses(result.files).map((use) => ({
      file: use.file,
      tokens: use.tokens,
      tokenizer: use.tokenizer,
      usedBy: use.callSites.map(({ site }) => {
        const { cell, start } = where(site.span);
        return { file: site.file, ...cellField(cell), ...start };
      }),
      perMonth: roundMoney(use.perMonth),
      unpriced: use.unpriced,
    })),
    findings,
    totals: { callSites: callSites.length, perMonth: roundMoney(perMonth), findings: findings.length },
    stats: {
      filesListed: result.stats.filesListed,
      filesPrefiltered: result.stats.filesPrefiltered,
      filesParsed: result.stats.filesParsed,
    },
    problems,
  };
}

export function renderJson(result: ScanResult): string {
  return JSON.stringify(toJsonReport(result), null, 2) + '\n';
}

/** 1-based positions; `cell` (1-based) when the span is in a notebook, the positions then inside that cell. */
type Locate = (span: Span) => { cell?: number; start: { line: number; column: number }; end: { line: number; column: number } };

/** A span of a notebook's virtual module as 1-based positions inside its cell. */
export function notebookRange(notebook: NotebookLayout, span: { start: number; end: number }): ReturnType<Locate> & { cell: number } {
  const start = cellPosition(notebook, span.start);
  const end = cellPosition(notebook, span.end);
  // A span never crosses cells in practice; if one did, it is shown up to the end of its first cell's line.
  const endInCell = end.cell === start.cell ? end : { line: start.line, column: start.column };
  return {
    cell: start.cell + 1,
    start: { line: start.line + 1, column: start.column + 1 },
    end: { line: endInCell.line + 1, column: endInCell.column + 1 },
  };
}

function cellField(cell: number | undefined): { cell?: number } {
  return cell === undefined ? {} : { cell };
}

/** The name in a runtime source: the variable, parameter, field path, settings path or expression. */
function runtimeName(source: RuntimeSource): string {
  switch (source.kind) {
    case 'env':
      return source.variable;
    case 'parameter':
      return source.name;
    case 'request-field':
    case 'settings-key':
      return source.path;
    case 'expression':
      return source.expression;
  }
}

function callSiteJson({ site, tokens, cost, costNote, modelAssumption }: AnalyzedCallSite, where: Locate): JsonCallSite {
  const runtime = site.model.runtime;
  const { cell, start, end } = where(site.span);
  return {
    file: site.file,
    ...cellField(cell),
    line: start.line,
    column: start.column,
    endLine: end.line,
    language: site.language,
    provider: site.provider,
    api: site.api,
    model: site.model.value,
    modelSource: site.model.source,
    outputCap: site.outputCap ? { param: site.outputCap.param, value: site.outputCap.value, ...(site.outputCap.libraryDefault ? { libraryDefault: true as const } : {}) } : null,
    promptTokens: {
      static: tokens.static,
      dynamicEstimate: tokens.dynamicEstimate,
      overhead: tokens.overhead,
      tokenizer: tokens.tokenizer,
      tools: tokens.tools ?? 0,
      schema: tokens.schema ?? 0,
      images: tokens.images ?? 0,
      input: inputTokensOf(tokens),
      ...(tokens.breakdown ? { breakdown: { ...tokens.breakdown } } : {}),
      ...(tokens.requestNotes && tokens.requestNotes.length > 0 ? { notes: [...tokens.requestNotes] } : {}),
    },
    cost: cost
      ? {
          perCall: roundMoney(cost.perCall),
          perMonth: roundMoney(cost.perMonth),
          callsPerDay: cost.callsPerDay,
          currency: cost.currency,
          expectedOutputTokens: cost.expectedOutputTokens,
          expectedOutputSource: cost.expectedOutputSource,
          usage: { source: cost.usage.source, detail: cost.usage.detail, ...(cost.usage.feature ? { feature: cost.usage.feature } : {}) },
          price: { model: cost.price.model, source: cost.price.source, asOf: cost.price.asOf, inputPerMTok: cost.price.inputPerMTok, outputPerMTok: cost.price.outputPerMTok },
          ...(typeof cost.perCallWorstCase === 'number'
            ? {
                worstCaseOutputTokens: cost.worstCaseOutputTokens == null ? null : cost.worstCaseOutputTokens * (cost.completions ?? 1),
                perCallWorstCase: roundMoney(cost.perCallWorstCase),
                perMonthWorstCase: roundMoney(cost.perCallWorstCase * cost.callsPerDay * DAYS_PER_MONTH),
              }
            : {}),
          ...(cost.reasoningTokens !== undefined ? { reasoningTokens: cost.reasoningTokens, reasoningSource: cost.reasoningSource } : {}),
          ...(cost.completions ? { completions: cost.completions } : {}),
          ...(cost.serviceTier ? { serviceTier: cost.serviceTier } : {}),
        }
      : null,
    ...(costNote ? { costNote } : {}),
    ...(runtime ? { runtimeModel: { kind: runtime.kind, name: runtimeName(runtime), description: describeRuntimeSource(runtime) } } : {}),
    ...(modelAssumption ? { modelAssumption: { model: modelAssumption.model, source: modelAssumption.source, detail: modelAssumption.detail } } : {}),
    ...(!cost ? { howToPrice: howToPriceCall(site.model, site.modelProvider ?? site.provider) } : {}),
  };
}

function findingJson(finding: Finding, where: Locate): JsonFinding {
  const { cell, start, end } = where(finding.span);
  return {
    rule: finding.rule,
    severity: finding.severity,
    file: finding.file,
    ...cellField(cell),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: finding.message,
    savingPerMonth: finding.savingPerMonth === undefined ? null : roundMoney(finding.savingPerMonth),
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      edits: fix.edits.map((edit) => {
        const range = where({ file: edit.file, start: edit.start, end: edit.end });
        return {
          file: edit.file,
          ...cellField(range.cell),
          line: range.start.line,
          column: range.start.column,
          endLine: range.end.line,
          endColumn: range.end.column,
          newText: edit.newText,
        };
      }),
    })),
  };
}
