/**
 * The rule registry and the runner: runs every enabled rule over one analysed file, applies the configured
 * severity, and drops findings silenced by ignore comments, as ESLint does:
 *   # prompt-cost-ignore-next-line [rule ...]   the finding starting on the next line (all rules when none named)
 *   // prompt-cost-ignore-file [rule ...]        the whole file (all rules when none named)
 */
import type { Finding, Severity } from '../model';
import { batchEligible } from './batch-eligible';
import { cacheBelowMinimum } from './cache-below-minimum';
import { cacheBustingPrefix } from './cache-busting-prefix';
import { duplicateMessageContent } from './duplicate-message-content';
import { flagshipOnSimpleTask } from './flagship-on-simple-task';
import { missingMaxTokens } from './missing-max-tokens';
import { outputVerbosity } from './output-verbosity';
import { reasoningOnSimpleTask } from './reasoning-on-simple-task';
import type { FileRuleContext, Rule } from './rule';
import { unboundedHistory } from './unbounded-history';
import { uncachedStaticPrefix } from './uncached-static-prefix';
import { unknownModel } from './unknown-model';
import { verbosePhrasing } from './verbose-phrasing';
import { prettyPrintedData } from './pretty-printed-data';
import { rowDataFormat } from './row-data-format';

export const RULES: Rule[] = [
  missingMaxTokens,
  uncachedStaticPrefix,
  verbosePhrasing,
  flagshipOnSimpleTask,
  batchEligible,
  unboundedHistory,
  unknownModel,
  outputVerbosity,
  reasoningOnSimpleTask,
  prettyPrintedData,
  rowDataFormat,
  duplicateMessageContent,
  cacheBustingPrefix,
  cacheBelowMinimum,
];

/** Every rule id, for validating the `rules` section of the config. */
export function ruleIds(): string[] {
  return RULES.map((rule) => rule.meta.id);
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}

/** Rules named by an ignore comment; `all` when it names none. */
export type IgnoredRules = 'all' | ReadonlySet<string>;

export interface IgnoreDirectives {
  /** Rules ignored in the whole file, or null when no file-level comment. */
  file: IgnoredRules | null;
  /** 0-based line -> rules ignored on that line (the line after the comment). */
  lines: Map<number, IgnoredRules>;
}

const DIRECTIVE = /^(?:#+|\/\/+|\/\*+)?\s*prompt-cost-ignore-(next-line|file)\b([^\n]*)$/;

/** Reads ignore directives from comment texts (with or without the `#` / `//` marker). */
export function ignoreDirectives(comments: readonly { line: number; text: string }[]): IgnoreDirectives {
  const result: IgnoreDirectives = { file: null, lines: new Map() };
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.text.trim());
    if (!match) continue;
    const rules = namedRules(match[2]);
    if (match[1] === 'file') result.file = merge(result.file, rules);
    else result.lines.set(comment.line + 1, merge(result.lines.get(comment.line + 1) ?? null, rules));
  }
  return result;
}

/** `missing-max-tokens, verbose-phrasing -- reason` -> the ids; text after `--` is a free-form reason, as in ESLint. */
function namedRules(rest: string): IgnoredRules {
  const list = rest.split('--')[0].replace(/\*\/\s*$/, '');
  const ids = list.split(/[\s,]+/).filter((id) => id !== '');
  return ids.length === 0 ? 'all' : new Set(ids);
}

function merge(existing: IgnoredRules | null, added: IgnoredRules): IgnoredRules {
  if (existing === 'all' || added === 'all') return 'all';
  if (!existing) return added;
  return new Set([...existing, ...added]);
}

function covers(ignored: IgnoredRules | null | undefined, ruleId: string): boolean {
  return ignored === 'all' || (!!ignored && ignored.has(ruleId));
}

/** The severity a rule runs at: the config's `rules[id]` when it names a valid severity, else the rule's default. */
export function severityOf(rule: Rule, severities: Readonly<Record<string, Severity>>): Severity {
  const configured = severities[rule.meta.id];
  return configured === 'off' || configured === 'info' || configured === 'warning' || configured === 'error' ? configured : rule.meta.defaultSeverity;
}

/**
 * Runs the enabled rules over one file. `severities` is the config's `rules` section; `comments` are the
 * file's comments (0-based lines). Findings come back sorted by position, then rule id.
 */
export function runRules(
  context: FileRuleContext,
  severities: Readonly<Record<string, Severity>>,
  comments: readonly { line: number; text: string }[],
  rules: readonly Rule[] = RULES,
): Finding[] {
  const ignore = ignoreDirectives(comments);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = severityOf(rule, severities);
    if (severity === 'off' || covers(ignore.file, rule.meta.id)) continue;
    for (const found of rule.check(context)) {
      if (found.span.file === context.file) {
        const line = context.lines.position(found.span.start).line;
        if (covers(ignore.lines.get(line), rule.meta.id)) continue;
      }
      findings.push({ rule: rule.meta.id, severity, ...found });
    }
  }
  return findings.sort((a, b) => a.span.start - b.span.start || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}
