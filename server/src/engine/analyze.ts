/**
 * One file through the whole pipeline: language view -> call sites -> tokens -> cost -> findings.
 * CONTRACT ONLY for now: the integrator fills in the body; callers may rely on these signatures.
 */
import type { AnalyzeContext } from './languages/context';
import type { CallSite, CostEstimate, Finding, Language, PromptTokens, Span, UsageAssumption } from './model';

export interface AnalyzedCallSite {
  site: CallSite;
  tokens: PromptTokens;
  /** Null when the model is unknown or has no price row; `costNote` says why. */
  cost: CostEstimate | null;
  costNote?: string;
  usage: UsageAssumption;
}

export interface FileAnalysis {
  file: string;
  language: Language;
  callSites: AnalyzedCallSite[];
  findings: Finding[];
  /** Parse errors and analysis problems; the rest of the file was still analysed. */
  errors: { message: string; span: Span }[];
}

/** The language of a file by its extension, or null when the engine does not analyse it. */
export function languageOf(file: string): Language | null {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'py' || ext === 'pyi') return 'python';
  if (['ts', 'tsx', 'mts', 'cts'].includes(ext)) return 'typescript';
  if (['js', 'jsx', 'mjs', 'cjs'].includes(ext)) return 'javascript';
  if (ext === 'prompty') return 'prompty';
  return null;
}

/** Loads the parsers the given languages need (tree-sitter for Python is asynchronous to start). */
export async function prepareLanguages(_languages: Iterable<Language>): Promise<void> {
  throw new Error('not implemented yet');
}

/** Analyses one file. Never throws: problems land in `errors`. `config` is the parsed workspace config. */
export function analyzeFile(_file: string, _text: string, _ctx: AnalyzeContext, _config: unknown): FileAnalysis {
  throw new Error('not implemented yet');
}
