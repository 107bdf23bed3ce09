/**
 * Questions about cost that tools ask (the MCP server, the editor's language-model tool): what a folder's calls
 * cost, what one call costs and would cost with another model, what a prompt costs, how a branch changes the
 * bill. Each answer is a plain object for JSON; bad input throws UsageError naming what is wrong.
 */
import * as path from 'node:path';
import type { Config } from '../engine/config';
import type { PromptPart, Provider } from '../engine/model';
import { DAYS_PER_MONTH, estimateCost, lookupPrice, PRICE_DATA_SOURCE } from '../engine/pricing';
import { toJsonReport, type JsonCallSite, type JsonFinding } from '../engine/report/json';
import { positionAt, type ScanResult } from '../engine/report/types';
import { countPromptTokens, tokenizerFor } from '../engine/tokens';
import { loadConfig, scanPaths, UsageError } from '../cli/scan';
import { diffAgainstBase, type CostDiff } from '../cli/diff';
import { CostQueryError, callSiteOnLine, estimateCallCost, figures, unknownModel, type CallCost, type CostFigures } from './call-cost';

export type { CallCost, CostFigures };

/** Lists in answers are cut at this many entries, biggest first, so an answer stays readable. */
export const MAX_LISTED = 50;

export interface FolderCost {
  root: string;
  prices: { source: string; asOf: string };
  totals: { perMonth: number; callSites: number; findings: number };
  /** The most expensive call sites first. */
  callSites: (Pick<JsonCallSite, 'file' | 'cell' | 'line' | 'api' | 'provider' | 'model' | 'costNote'> & { perCall: number | null; perMonth: number | null })[];
  /** The findings that save the most first. */
  findings: Pick<JsonFinding, 'rule' | 'severity' | 'file' | 'cell' | 'line' | 'message' | 'savingPerMonth'>[];
  truncated: boolean;
}

/** Scans a folder (relative to `cwd`) and lists its call sites and findings, most expensive first. */
export async function scanFolder(options: { cwd: string; root?: string; folder?: string; configFile?: string }): Promise<FolderCost> {
  const root = path.resolve(options.cwd, options.root ?? '.');
  const result = await scanPaths({ paths: [path.resolve(root, options.folder ?? '.')], cwd: options.cwd, root, configFile: options.configFile });
  const report = toJsonReport(result);
  const sites = [...report.callSites].sort((a, b) => (b.cost?.perMonth ?? -1) - (a.cost?.perMonth ?? -1));
  const findings = [...report.findings].sort((a, b) => (b.savingPerMonth ?? 0) - (a.savingPerMonth ?? 0));
  return {
    root: result.displayRoot,
    prices: report.prices,
    totals: { perMonth: report.totals.perMonth, callSites: report.callSites.length, findings: report.findings.length },
    callSites: sites.slice(0, MAX_LISTED).map((site) => ({
      file: site.file,
      ...(site.cell !== undefined ? { cell: site.cell } : {}),
      line: site.line,
      api: site.api,
      provider: site.provider,
      model: site.model,
      perCall: site.cost?.perCall ?? null,
      perMonth: site.cost?.perMonth ?? null,
      ...(site.costNote ? { costNote: site.costNote } : {}),
    })),
    findings: findings.slice(0, MAX_LISTED).map((finding) => ({
      rule: finding.rule,
      severity: finding.severity,
      file: finding.file,
      ...(finding.cell !== undefined ? { cell: finding.cell } : {}),
      line: finding.line,
      message: finding.message,
      savingPerMonth: finding.savingPerMonth,
    })),
    truncated: sites.length > MAX_LISTED || findings.length > MAX_LISTED,
  };
}

/** `estimateCallCost` for a file on disk: `file` relative to `root` (default `cwd`), `line` 1-based. */
export async function estimateCallInFile(options: { cwd: string; root?: string; file: string; line: number; model?: string; configFile?: string }): Promise<CallCost> {
  const root = path.resolve(options.cwd, options.root ?? '.');
  const result: ScanResult = await scanPaths({ paths: [path.resolve(root, options.file)], cwd: options.cwd, root, configFile: options.configFile });
  const analysis = result.files[0];
  const shown = analysis?.file ?? options.file;
  if (!analysis || analysis.callSites.length === 0) throw new UsageError(`${shown}: no LLM API call found in this file`);
  if (analysis.notebook) throw new UsageError(`${shown}: for a notebook, scan the folder instead (lines are per cell)`);
  const lineStarts = result.lineStarts[analysis.file];
  const analyzed = callSiteOnLine(analysis.callSites, (offset) => positionAt(lineStarts, offset).line, options.line);
  if (!analyzed) {
    const lines = analysis.callSites.map((call) => positionAt(lineStarts, call.site.span.start).line);
    throw new UsageError(`${shown}:${options.line}: no LLM API call on this line; calls start on line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`);
  }
  const config = loadConfig(root, options.cwd, options.configFile);
  return asUsageError(() => estimateCallCost(analyzed, config, { file: shown, line: positionAt(lineStarts, analyzed.site.span.start).line }, options.model));
}

function asUsageError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof CostQueryError) throw new UsageError(error.message);
    throw error;
  }
}

export interface PromptCost {
  model: string;
  tokenizer: string;
  exact: boolean;
  promptTokens: number;
  cost: CostFigures;
}

const PROVIDERS_BY_TABLE: Readonly<Record<string, Provider>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  'google-gla': 'google',
  'google-vertex': 'google',
  mistral: 'mistral',
  groq: 'groq',
  cohere: 'cohere',
  together: 'together',
  fireworks: 'fireworks',
  cerebras: 'cerebras',
  deepseek: 'deepseek',
  'x-ai': 'xai',
  xai: 'xai',
  openrouter: 'openrouter',
  perplexity: 'perplexity',
  deepinfra: 'deepinfra',
  aws: 'bedrock',
  azure: 'azure-openai',
};

/** What one call with this prompt costs on `model`: the prompt's tokens, the expected output, calls per day. */
export function estimatePromptCost(options: { prompt: string; system?: string; model: string; maxOutputTokens?: number; callsPerDay?: number; config?: Config }): PromptCost {
  const model = options.model.trim();
  if (model === '') throw new UsageError('model is empty');
  if (options.maxOutputTokens !== undefined && !(Number.isInteger(options.maxOutputTokens) && options.maxOutputTokens > 0)) {
    throw new UsageError(`maxOutputTokens must be a whole number above 0, not ${options.maxOutputTokens}`);
  }
  if (options.callsPerDay !== undefined && !(Number.isFinite(options.callsPerDay) && options.callsPerDay >= 0)) {
    throw new UsageError(`callsPerDay must be a number of 0 or more, not ${options.callsPerDay}`);
  }
  const price = lookupPrice(null, model, options.config?.prices);
  if (!price) throw new UsageError(unknownModel(model).message);
  const provider = PROVIDERS_BY_TABLE[price.provider] ?? 'openai';
  const tokenizer = tokenizerFor(provider, model);
  const parts: PromptPart[] = [];
  const part = (role: 'system' | 'user', text: string, messageIndex: number): PromptPart => ({
    role,
    pieces: [{ kind: 'text', text, verbatim: false, origin: { kind: 'literal' } }],
    span: { file: '<prompt>', start: 0, end: 0 },
    messageIndex,
    cached: false,
  });
  if (options.system) parts.push(part('system', options.system, parts.length));
  parts.push(part('user', options.prompt, parts.length));
  const tokens = countPromptTokens(parts, tokenizer, { provider, api: 'chat.completions.create', dynamicTokensPerPiece: 0 });
  const callsPerDay = options.callsPerDay ?? options.config?.usage.default.callsPerDay ?? 1000;
  const cost = estimateCost({
    tokens,
    outputCap: options.maxOutputTokens ?? null,
    price,
    batch: false,
    usage: { callsPerDay, source: options.callsPerDay !== undefined ? 'annotation' : 'default', detail: options.callsPerDay !== undefined ? 'given with the question' : 'workspace default' },
    defaultExpectedOutput: options.config?.defaultExpectedOutputTokens ?? 500,
  });
  return { model, tokenizer: tokenizer.id, exact: tokenizer.exact, promptTokens: tokens.static + tokens.overhead, cost: figures(cost) };
}

/** The cost change of the working tree in `cwd` against a git ref. */
export function diffAgainstRef(options: { cwd: string; base: string; root?: string; configFile?: string }): Promise<CostDiff> {
  return diffAgainstBase({ base: options.base, cwd: options.cwd, root: options.root, configFile: options.configFile });
}

export { DAYS_PER_MONTH, PRICE_DATA_SOURCE };
