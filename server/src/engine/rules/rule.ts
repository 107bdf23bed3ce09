/**
 * The contract of a rule. One rule = one module in this folder exporting a `Rule`:
 * metadata (id, severity, docs), `check` producing findings with their fixes.
 */
import type { AnalyzedCallSite } from '../analyze';
import type { CostEstimate, Finding, Language, Severity } from '../model';
import type { LineIndex } from '../text';

export interface RuleExample {
  language: 'python' | 'typescript';
  code: string;
}

export interface RuleMeta {
  /** Stable kebab-case id (`missing-max-tokens`), used in config, ignore comments and diagnostics. */
  id: string;
  defaultSeverity: Exclude<Severity, 'off'>;
  /** One sentence: what the rule finds. */
  description: string;
  /** Whether findings carry fixes, and whether those fixes preserve behaviour. */
  fixable: 'safe' | 'unsafe' | 'none';
  docs: {
    /** What it does / Why is this bad? / Fix safety — as ruff documents rules. */
    whatItDoes: string;
    whyBad: string;
    fixSafety: string;
    /** Why the rule has its default severity, when that needs saying (a rule lowered to `info` for its precision). */
    severityNote?: string;
    /** Further sections of the rule's page (a table of what it matches), rendered after "Why is this bad?". */
    sections?: { title: string; markdown: string }[];
    /** Code the rule reports; the docs test runs each through the engine and expects a finding. */
    incorrect: RuleExample[];
    /** Code the rule accepts; the docs test expects no finding of this rule. */
    correct: RuleExample[];
  };
}

/** What a rule sees: one analysed file. */
export interface FileRuleContext {
  file: string;
  text: string;
  language: Language;
  lines: LineIndex;
  callSites: readonly AnalyzedCallSite[];
  /** The workspace config in force (engine/config). */
  config: unknown;
  /** The cost of a call if it used another model (for savings in messages); null when that model has no price. */
  costWithModel(site: AnalyzedCallSite, model: string): CostEstimate | null;
  /** Token count of a text with a tokenizer id (`o200k_base`, `estimate:…`), cached. */
  countTokens(text: string, tokenizer: string): number;
}

/** A finding before the runner applies the configured severity. */
export type RuleFinding = Omit<Finding, 'severity' | 'rule'>;

export interface Rule {
  meta: RuleMeta;
  check(context: FileRuleContext): RuleFinding[];
}
