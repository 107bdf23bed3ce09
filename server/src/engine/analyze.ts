/**
 * One file through the whole pipeline: language view -> call sites -> tokens -> cost -> findings.
 * Never throws: a file that cannot be analysed yields an empty analysis with the reason in `errors`.
 */
import type { Config } from './config';
import { expectedOutputFor } from './config';
import type { AnalyzeContext } from './languages/context';
import { analyzePrompty } from './languages/prompty';
import { pythonFrontEnd, typeScriptFrontEnd } from './languages/front-ends';
import type { CallSite, CostEstimate, Finding, Language, PromptTokens, SourceView, Span, UsageAssumption } from './model';
import { lookupPrice, estimateCost } from './pricing';
import { callSitesOf } from './providers';
import { runRules } from './rules';
import { LineIndex } from './text';
import { countPromptTokens, countTokens, tokenizerFor } from './tokens';
import { usageFor } from './config';

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
  /** Comment lines of the file (annotations, ignore comments). */
  comments: { line: number; text: string }[];
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

/** Loads the parsers the given languages need (tree-sitter for Python starts asynchronously). */
export async function prepareLanguages(languages: Iterable<Language>): Promise<void> {
  for (const language of languages) {
    if (language === 'python') await pythonFrontEnd().initPythonParser();
  }
}

function sourceViewOf(file: string, text: string, language: Language, ctx: AnalyzeContext): SourceView {
  switch (language) {
    case 'python':
      return pythonFrontEnd().analyzePython(file, text, ctx);
    case 'typescript':
    case 'javascript':
      return typeScriptFrontEnd().analyzeTypeScript(file, text, ctx);
    case 'prompty':
      return analyzePrompty(file, text);
    default:
      return { file, language, text, calls: [], errors: [], comments: [] };
  }
}

/** Analyses one file. Never throws: problems land in `errors`. */
export function analyzeFile(file: string, text: string, ctx: AnalyzeContext, config: Config): FileAnalysis {
  const language = languageOf(file) ?? 'typescript';
  const empty: FileAnalysis = { file, language, callSites: [], findings: [], errors: [], comments: [] };
  let view: SourceView;
  try {
    view = sourceViewOf(file, text, language, ctx);
  } catch (error) {
    return { ...empty, errors: [{ message: `analysis failed: ${messageOf(error)}`, span: { file, start: 0, end: 0 } }] };
  }
  const lines = new LineIndex(text);
  const errors = [...view.errors];
  const callSites: AnalyzedCallSite[] = [];
  for (const site of callSitesOf(view)) {
    try {
      callSites.push(priceCallSite(site, lines, view.comments, config));
    } catch (error) {
      errors.push({ message: `could not price the call: ${messageOf(error)}`, span: site.span });
    }
  }
  let findings: Finding[] = [];
  try {
    findings = runRules(
      {
        file,
        text,
        language,
        lines,
        callSites,
        config,
        costWithModel: (analyzed, model) => costWithModel(analyzed, model, config),
        countTokens,
      },
      config.rules ?? {},
      view.comments,
    );
  } catch (error) {
    errors.push({ message: `a rule failed: ${messageOf(error)}`, span: { file, start: 0, end: 0 } });
  }
  return { file, language, callSites, findings, errors, comments: view.comments };
}

function priceCallSite(site: CallSite, lines: LineIndex, comments: SourceView['comments'], config: Config): AnalyzedCallSite {
  const start = lines.position(site.span.start);
  site.id = `${site.file}:${start.line + 1}:${start.column + 1}`;
  const pricedAs = site.modelProvider ?? site.provider;
  const tokenizer = tokenizerFor(pricedAs, site.model.value);
  const tokens = countPromptTokens(site.promptParts, tokenizer, {
    provider: pricedAs,
    api: site.api,
    dynamicTokensPerPiece: config.dynamicTokensPerPlaceholder,
  });
  const usage = usageFor({ file: site.file, callLine: start.line, comments, config });
  const analyzed: AnalyzedCallSite = { site, tokens, cost: null, usage };
  if (!site.model.value) {
    analyzed.costNote = `model unknown: ${site.model.note ?? 'not resolvable statically'}`;
    return analyzed;
  }
  const price = lookupPrice(site.modelProvider, site.model.value, config.prices);
  if (!price) {
    analyzed.costNote = `no price for model "${site.model.value}" in the price table`;
    return analyzed;
  }
  analyzed.cost = estimateCost({
    tokens,
    outputCap: site.outputCap?.value ?? null,
    expectedOutputTokens: expectedOutputFor(config, usage.feature),
    price,
    batch: site.batch,
    usage,
    defaultExpectedOutput: config.defaultExpectedOutputTokens,
  });
  return analyzed;
}

/** The cost of the same call with another model name (for savings in rule messages). */
export function costWithModel(analyzed: AnalyzedCallSite, model: string, config: Config): CostEstimate | null {
  const { site } = analyzed;
  const price = lookupPrice(site.modelProvider, model, config.prices);
  if (!price) return null;
  const pricedAs = site.modelProvider ?? site.provider;
  const tokens = countPromptTokens(site.promptParts, tokenizerFor(pricedAs, model), {
    provider: pricedAs,
    api: site.api,
    dynamicTokensPerPiece: config.dynamicTokensPerPlaceholder,
  });
  return estimateCost({
    tokens,
    outputCap: site.outputCap?.value ?? null,
    expectedOutputTokens: expectedOutputFor(config, analyzed.usage.feature),
    price,
    batch: site.batch,
    usage: analyzed.usage,
    defaultExpectedOutput: config.defaultExpectedOutputTokens,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
