/**
 * One file through the whole pipeline: language view -> call sites -> tokens -> cost -> findings.
 * Never throws: a file that cannot be analysed yields an empty analysis with the reason in `errors`.
 */
import { expectedOutputFor, usageFor, type Config } from './config';
import type { AnalyzeContext } from './languages/context';
import type { ParseReuse } from './languages/parse-reuse';
import { analyzePrompty } from './languages/prompty';
import { pythonFrontEnd, typeScriptFrontEnd } from './languages/front-ends';
import type { CallSite, CostEstimate, Finding, Language, PriceRow, PromptTokens, SourceView, Span, UsageAssumption } from './model';
import { lookupPrice, estimateCost } from './pricing';
import { assumedModelRef, modelAssumptionFor, runtimeModelReason, type ModelAssumption } from './model-source';
import { callSitesOf } from './providers';
import { RULES, runRules } from './rules';
import { AnalysisBudget, skipReason, type AnalyzeOptions } from './limits';
import { LineIndex } from './text';
import { countPromptTokens, countTokens, tokenizerFor } from './tokens';
import { languageOf } from './language-of';
import { reasoningOf, serviceTierPricing, typicalOutputOf } from './output-estimate';
import { cellOfLine, isNotebookFile, notebookModuleOf, type NotebookLayout, type NotebookModule } from './languages/notebook';

export interface AnalyzedCallSite {
  site: CallSite;
  tokens: PromptTokens;
  /** Null when the model is unknown or has no price row; `costNote` says why. */
  cost: CostEstimate | null;
  costNote?: string;
  usage: UsageAssumption;
  /** Where the priced model came from when the code leaves it to run time (or to a default in code). */
  modelAssumption?: ModelAssumption;
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
  /** Set when the file was not analysed at all: too large, generated or minified. */
  skipped?: string;
  /** For a notebook: how the lines of the virtual module its spans point into map to cells. */
  notebook?: NotebookLayout;
}

export type { AnalyzeOptions } from './limits';
export { ParseReuse } from './languages/parse-reuse';

// In a module of its own so that listing files does not load the whole engine.
export { languageOf };

/** Loads the parsers the given languages need (tree-sitter for Python starts asynchronously). */
export async function prepareLanguages(languages: Iterable<Language>): Promise<void> {
  for (const language of languages) {
    if (language === 'python') await pythonFrontEnd().initPythonParser();
    // Loading the TypeScript compiler takes a while: done here, not inside the first file's time budget.
    if (language === 'typescript' || language === 'javascript') typeScriptFrontEnd();
  }
}

function sourceViewOf(file: string, text: string, language: Language, ctx: AnalyzeContext, reuse: ParseReuse | undefined): SourceView {
  switch (language) {
    case 'python':
      return pythonFrontEnd().analyzePython(file, text, ctx, reuse);
    case 'typescript':
    case 'javascript':
      return typeScriptFrontEnd().analyzeTypeScript(file, text, ctx, reuse);
    case 'prompty':
      return analyzePrompty(file, text);
    default:
      return { file, language, text, calls: [], errors: [], comments: [] };
  }
}

/**
 * Analyses one file. Never throws: problems land in `errors`. Files over `config.maxFileSizeBytes`, generated and
 * minified files are not analysed (`skipped` says why); a file over its time budget stops between stages with a notice.
 */
export function analyzeFile(file: string, text: string, ctx: AnalyzeContext, config: Config, options: AnalyzeOptions = {}): FileAnalysis {
  if (isNotebookFile(file)) {
    const module = notebookModuleOf(text);
    if (!module.ok) return { file, language: 'python', callSites: [], findings: [], errors: [{ message: module.problem, span: { file, start: 0, end: 0 } }], comments: [] };
    const analysis = analyzeNotebookModule(file, module, ctx, config, options);
    // Cells that cannot be read are reported; the others were analysed.
    analysis.errors.push(...module.skipped.filter((note) => !note.endsWith('is skipped')).map((message) => ({ message, span: { file, start: 0, end: 0 } })));
    return analysis;
  }
  return analyzeSource(file, text, ctx, config, options);
}

/**
 * Analyses a notebook's virtual module (languages/notebook.ts); every span of the result points into `module.text`,
 * and `notebook` maps its lines to cells.
 */
export function analyzeNotebookModule(file: string, module: NotebookModule, ctx: AnalyzeContext, config: Config, options: AnalyzeOptions = {}): FileAnalysis {
  const analysis = analyzeSource(file, module.text, ctx, config, options, 'python');
  // The Python front end counts lines of the whole module; people count them in the cell.
  for (const error of analysis.errors) {
    error.message = error.message.replace(/\(line (\d+)\)/, (text, line: string) => {
      const found = cellOfLine(module.layout, Number(line) - 1);
      return found ? `(cell ${found.cell + 1}, line ${Number(line) - found.firstLine})` : text;
    });
  }
  return { ...analysis, notebook: module.layout };
}

function analyzeSource(file: string, text: string, ctx: AnalyzeContext, config: Config, options: AnalyzeOptions, languageOverride?: Language): FileAnalysis {
  const language = languageOverride ?? languageOf(file) ?? 'typescript';
  const empty: FileAnalysis = { file, language, callSites: [], findings: [], errors: [], comments: [] };
  const skipped = skipReason(file, text, config.maxFileSizeBytes, options);
  if (skipped !== null) return { ...empty, skipped, errors: [{ message: `not analysed: ${skipped}`, span: { file, start: 0, end: 0 } }] };
  const budget = new AnalysisBudget(options);
  const atStart = { file, start: 0, end: 0 };
  let view: SourceView;
  let sites: CallSite[];
  try {
    view = sourceViewOf(file, text, language, ctx, options.reuse);
    sites = callSitesOf(view);
  } catch (error) {
    return { ...empty, errors: [{ message: `analysis failed: ${messageOf(error)}`, span: atStart }] };
  }
  const lines = new LineIndex(text);
  const errors = [...view.errors];
  const callSites: AnalyzedCallSite[] = [];
  for (const site of sites) {
    if (budget.exhausted()) {
      errors.push({ message: budget.notice(file, `after ${callSites.length} of ${sites.length} calls`), span: site.span });
      return { file, language, callSites, findings: [], errors, comments: view.comments };
    }
    try {
      callSites.push(priceCallSite(site, lines, view.comments, config));
    } catch (error) {
      errors.push({ message: `could not price the call: ${messageOf(error)}`, span: site.span });
    }
  }
  const ruleContext = {
    file,
    text,
    language,
    lines,
    callSites,
    config,
    costWithModel: (analyzed: AnalyzedCallSite, model: string) => costWithModel(analyzed, model, config),
    countTokens,
  };
  const findings: Finding[] = [];
  // One rule at a time: a failing rule costs its own findings only, and the budget is checked between rules.
  for (const rule of RULES) {
    if (budget.exhausted()) {
      errors.push({ message: budget.notice(file, `before the rule ${rule.meta.id}`), span: atStart });
      break;
    }
    try {
      findings.push(...runRules(ruleContext, config.rules ?? {}, view.comments, [rule]));
    } catch (error) {
      errors.push({ message: `the rule ${rule.meta.id} failed: ${messageOf(error)}`, span: atStart });
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return { file, language, callSites, findings, errors, comments: view.comments };
}

function priceCallSite(site: CallSite, lines: LineIndex, comments: SourceView['comments'], config: Config): AnalyzedCallSite {
  const start = lines.position(site.span.start);
  site.id = `${site.file}:${start.line + 1}:${start.column + 1}`;
  const assumption = modelAssumptionFor(site, start.line, comments, config);
  if (assumption) site.model = assumedModelRef(site.model, assumption);
  const tokens = promptTokensFor(site, site.model.value, config);
  const usage = usageFor({ file: site.file, callLine: start.line, comments, config });
  const analyzed: AnalyzedCallSite = { site, tokens, cost: null, usage };
  if (assumption) analyzed.modelAssumption = assumption;
  if (!site.model.value) {
    const runtime = runtimeModelReason(site.model);
    analyzed.costNote = runtime ?? `model unknown: ${site.model.note ?? 'not resolvable statically'}`;
    return analyzed;
  }
  const price = lookupPrice(site.modelProvider, site.model.value, config.prices);
  if (!price) {
    analyzed.costNote = `no price for model "${site.model.value}" in the price table`;
    return analyzed;
  }
  analyzed.cost = costOf(site, tokens, price, usage, config);
  return analyzed;
}

/** Prompt tokens of a call with the tokenizer of `model` (the call's own model, or an alternative). */
function promptTokensFor(site: CallSite, model: string | null, config: Config): PromptTokens {
  const pricedAs = site.modelProvider ?? site.provider;
  return countPromptTokens(site.promptParts, tokenizerFor(pricedAs, model), {
    provider: pricedAs,
    api: site.api,
    dynamicTokensPerPiece: config.dynamicTokensPerPlaceholder,
    request: site.requestSettings,
    model,
  });
}

function costOf(site: CallSite, tokens: PromptTokens, price: PriceRow, usage: UsageAssumption, config: Config, model: string | null = site.model.value): CostEstimate {
  const settings = site.requestSettings;
  const generation = site.kind === 'generation';
  const promptText = site.promptParts.map((part) => part.pieces.map((piece) => (piece.kind === 'text' ? piece.text : ' ')).join('')).join('\n');
  const tier = serviceTierPricing(settings?.serviceTier);
  return estimateCost({
    tokens,
    outputCap: site.outputCap?.value ?? null,
    expectedOutputTokens: expectedOutputFor(config, usage.feature),
    price,
    batch: site.batch,
    usage,
    defaultExpectedOutput: config.defaultExpectedOutputTokens,
    typicalOutput: generation ? typicalOutputOf(promptText, { schemaTokens: tokens.schema ?? 0, structuredOutput: site.structuredOutput }) : undefined,
    reasoning: generation ? reasoningOf(model, settings) : null,
    completions: settings?.completions,
    serviceTier: tier && settings?.serviceTier ? { name: settings.serviceTier, ...tier } : null,
  });
}

/** The cost of the same call with another model name (for savings in rule messages). */
export function costWithModel(analyzed: AnalyzedCallSite, model: string, config: Config): CostEstimate | null {
  const { site } = analyzed;
  const price = lookupPrice(site.modelProvider, model, config.prices);
  if (!price) return null;
  return costOf(site, promptTokensFor(site, model, config), price, analyzed.usage, config, model);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
