/**
 * The workspace cost report as numbers: totals, call sites by monthly cost, groups by file / feature / model /
 * provider, savings per rule, the total if every fix were applied, and the usage assumptions behind it all.
 * Works on the JSON report so the CLI renderers and the editor's report view show the same figures.
 */
import type { JsonCallSite, JsonFinding, JsonReport } from './json';

/** json.ts's rounding (6 significant digits), kept here so the editor's report view does not bundle the analyser. */
function roundMoney(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  return Number(value.toPrecision(6));
}

/** Where each rule's documentation lives; report formats link to `<base><rule>.md`. */
export const RULE_DOCS_BASE_URL = 'https://github.com/prompt-cost-lint/prompt-cost-lint/blob/main/docs/rules/';
export const PROJECT_URL = 'https://github.com/prompt-cost-lint/prompt-cost-lint';

export function ruleDocsUrl(rule: string): string {
  return `${RULE_DOCS_BASE_URL}${encodeURIComponent(rule)}.md`;
}

export type GroupingKey = 'file' | 'feature' | 'model' | 'provider';

/** Shown instead of a group name when a call site has none. */
export const NO_FEATURE = '(no feature)';
export const UNRESOLVED_MODEL = '(unresolved)';

export interface CostGroup {
  name: string;
  callSites: number;
  /** Call sites in the group without a price (unknown model); they add nothing to `perMonth`. */
  unpriced: number;
  perMonth: number;
  /** Share of the workspace's monthly total, 0..1. */
  share: number;
}

export interface RuleSaving {
  rule: string;
  findings: number;
  /** Sum of the findings' `savingPerMonth` (findings without a known saving add nothing). */
  savingPerMonth: number;
}

export interface UsageGroup {
  /** `annotation`, `feature`, `file-glob` or `default`. */
  source: string;
  detail: string;
  callsPerDay: number;
  callSites: number;
  perMonth: number;
}

/** A call site the report cannot price, why, and how to give it a price. */
export interface UnpricedCallSite {
  site: JsonCallSite;
  /** `model set at run time (environment variable OPENAI_MODEL)`, `no price for model "x" in the price table`. */
  reason: string;
  howToPrice: string;
}

export interface ReportAggregate {
  totals: {
    callSites: number;
    priced: number;
    unpriced: number;
    /** Unpriced call sites whose model is set at run time. */
    unpricedRuntime: number;
    perMonth: number;
    /** Calls per month over all priced call sites (calls per day × 30). */
    callsPerMonth: number;
    /** Average cost of one call, weighted by each call site's calls per day; 0 when nothing is priced. */
    perCall: number;
    findings: number;
    findingsBySeverity: { error: number; warning: number; info: number };
  };
  /** Every call site, highest monthly cost first; unpriced ones last. */
  callSites: JsonCallSite[];
  groups: Record<GroupingKey, CostGroup[]>;
  /** Rules with findings, highest saving first. */
  savingsByRule: RuleSaving[];
  /**
   * What the fixes would save together. Several findings on one call (a cap and a model swap) cannot save
   * more than the call costs, so each call site's savings are capped at its monthly cost.
   */
  savingsAvailable: number;
  /** The monthly total if every finding's fix were applied. */
  ifAllFixesApplied: number;
  /** Calls-per-day assumptions in use, the biggest monthly cost first. */
  usage: UsageGroup[];
  /** Call sites without a price, in file order, with the reason and how to price them. */
  withoutPrice: UnpricedCallSite[];
  prices: { source: string; asOf: string };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Highest monthly cost first, unpriced last, ties by file and line. */
export function byMonthlyCost(a: JsonCallSite, b: JsonCallSite): number {
  return (b.cost?.perMonth ?? -1) - (a.cost?.perMonth ?? -1) || compareText(a.file, b.file) || a.line - b.line || a.column - b.column;
}

export function groupNameOf(site: JsonCallSite, key: GroupingKey): string {
  switch (key) {
    case 'file':
      return site.file;
    case 'feature':
      return site.cost?.usage?.feature ?? NO_FEATURE;
    case 'model':
      return site.model ?? UNRESOLVED_MODEL;
    case 'provider':
      return site.provider;
  }
}

function groupBy(sites: readonly JsonCallSite[], key: GroupingKey, total: number): CostGroup[] {
  const groups = new Map<string, CostGroup>();
  for (const site of sites) {
    const name = groupNameOf(site, key);
    const group = groups.get(name) ?? { name, callSites: 0, unpriced: 0, perMonth: 0, share: 0 };
    group.callSites++;
    if (site.cost) group.perMonth += site.cost.perMonth;
    else group.unpriced++;
    groups.set(name, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, perMonth: roundMoney(group.perMonth), share: total > 0 ? group.perMonth / total : 0 }))
    .sort((a, b) => b.perMonth - a.perMonth || b.callSites - a.callSites || compareText(a.name, b.name));
}

/** The call site a finding is about: same file, starting on a line the call spans. */
export function callSiteOfFinding(finding: Pick<JsonFinding, 'file' | 'cell' | 'line'>, sites: readonly JsonCallSite[]): JsonCallSite | undefined {
  let best: JsonCallSite | undefined;
  for (const site of sites) {
    if (site.file !== finding.file || site.cell !== finding.cell || finding.line < site.line || finding.line > site.endLine) continue;
    // Nested calls: the innermost (latest start) wins.
    if (!best || site.line > best.line || (site.line === best.line && site.column > best.column)) best = site;
  }
  return best;
}

export function aggregateReport(report: JsonReport): ReportAggregate {
  const sites = [...report.callSites].sort(byMonthlyCost);
  let perMonth = 0;
  let callsPerMonth = 0;
  let priced = 0;
  for (const site of sites) {
    if (!site.cost) continue;
    priced++;
    perMonth += site.cost.perMonth;
    callsPerMonth += site.cost.callsPerDay * 30;
  }

  const findingsBySeverity = { error: 0, warning: 0, info: 0 };
  const savings = new Map<string, RuleSaving>();
  const savedPerSite = new Map<JsonCallSite, number>();
  let unattachedSavings = 0;
  for (const finding of report.findings) {
    if (finding.severity === 'error' || finding.severity === 'warning' || finding.severity === 'info') findingsBySeverity[finding.severity]++;
    const entry = savings.get(finding.rule) ?? { rule: finding.rule, findings: 0, savingPerMonth: 0 };
    entry.findings++;
    const saving = finding.savingPerMonth ?? 0;
    entry.savingPerMonth += saving;
    savings.set(finding.rule, entry);
    if (saving <= 0) continue;
    const site = callSiteOfFinding(finding, sites);
    if (site?.cost) savedPerSite.set(site, (savedPerSite.get(site) ?? 0) + saving);
    else unattachedSavings += saving;
  }
  let savingsAvailable = unattachedSavings;
  for (const [site, saved] of savedPerSite) savingsAvailable += Math.min(saved, site.cost!.perMonth);
  savingsAvailable = Math.min(savingsAvailable, perMonth);

  const usage = new Map<string, UsageGroup>();
  for (const site of sites) {
    if (!site.cost?.usage) continue;
    const { source, detail } = site.cost.usage;
    const key = `${source}\u0000${detail}\u0000${site.cost.callsPerDay}`;
    const group = usage.get(key) ?? { source, detail, callsPerDay: site.cost.callsPerDay, callSites: 0, perMonth: 0 };
    group.callSites++;
    group.perMonth += site.cost.perMonth;
    usage.set(key, group);
  }

  const withoutPrice = unpricedCallSites(report.callSites);

  return {
    totals: {
      callSites: sites.length,
      priced,
      unpriced: sites.length - priced,
      unpricedRuntime: withoutPrice.filter((entry) => isRuntimeUnpriced(entry.site)).length,
      perMonth: roundMoney(perMonth),
      callsPerMonth,
      perCall: callsPerMonth > 0 ? roundMoney(perMonth / callsPerMonth) : 0,
      findings: report.findings.length,
      findingsBySeverity,
    },
    callSites: sites,
    groups: {
      file: groupBy(sites, 'file', perMonth),
      feature: groupBy(sites, 'feature', perMonth),
      model: groupBy(sites, 'model', perMonth),
      provider: groupBy(sites, 'provider', perMonth),
    },
    savingsByRule: [...savings.values()]
      .map((entry) => ({ ...entry, savingPerMonth: roundMoney(entry.savingPerMonth) }))
      .sort((a, b) => b.savingPerMonth - a.savingPerMonth || b.findings - a.findings || compareText(a.rule, b.rule)),
    savingsAvailable: roundMoney(savingsAvailable),
    ifAllFixesApplied: roundMoney(Math.max(0, perMonth - savingsAvailable)),
    usage: [...usage.values()]
      .map((group) => ({ ...group, perMonth: roundMoney(group.perMonth) }))
      .sort((a, b) => b.perMonth - a.perMonth || compareText(a.detail, b.detail)),
    prices: { source: report.prices.source, asOf: report.prices.asOf },
    withoutPrice,
  };
}

/** True for an unpriced call site whose model is set at run time (no model, and something at run time sets it). */
export function isRuntimeUnpriced(site: JsonCallSite): boolean {
  return site.cost === null && site.model === null && site.runtimeModel !== undefined;
}

/** Reports written before `howToPrice` existed (or by other tools) still say something useful. */
const DEFAULT_HOW_TO_PRICE = 'add a `prompt-cost: model=<model>` comment above the call, or set "models" in prompt-cost.config.json';

function unpricedCallSites(sites: readonly JsonCallSite[]): UnpricedCallSite[] {
  return sites
    .filter((site) => site.cost === null)
    .map((site) => ({
      site,
      reason: site.costNote ?? (site.model === null ? 'model unknown' : `no price for model "${site.model}"`),
      howToPrice: site.howToPrice ?? DEFAULT_HOW_TO_PRICE,
    }));
}

/** The config `models` keys that would price the unpriced runtime-model calls: `env:OPENAI_MODEL`, `settings:llm_model`, `provider:openai`. */
export function suggestedModelsKeys(withoutPrice: readonly UnpricedCallSite[]): string[] {
  const keys = new Set<string>();
  for (const { site } of withoutPrice) {
    if (!isRuntimeUnpriced(site)) continue;
    const runtime = site.runtimeModel!;
    if (runtime.kind === 'env') keys.add(`env:${runtime.name}`);
    else if (runtime.kind === 'settings-key') keys.add(`settings:${runtime.name.split('.').pop()}`);
    else keys.add(`provider:${site.provider}`);
  }
  return [...keys].sort();
}

/**
 * How to price the unpriced calls of a report, one sentence per kind (the end of a "Without a price" section):
 * calls whose model the code does not name, and models missing from the price table.
 */
export function howToPriceHints(withoutPrice: readonly UnpricedCallSite[]): string[] {
  const hints: string[] = [];
  if (withoutPrice.some(({ site }) => site.model === null)) hints.push(priceRuntimeModelsHint(withoutPrice));
  if (withoutPrice.some(({ site }) => site.model !== null)) hints.push('A model missing from the price table is priced by adding it under "prices" in prompt-cost.config.json.');
  return hints;
}

/** How to price every call whose model the code does not name, in one sentence. */
export function priceRuntimeModelsHint(withoutPrice: readonly UnpricedCallSite[]): string {
  const keys = suggestedModelsKeys(withoutPrice).map((key) => `\`${key}\``);
  return (
    'To price calls whose model is set at run time: add `prompt-cost: model=<id>` in a comment on or above the call ' +
    '(in VS Code, the quick fix "Assume a model for this call…"), or map what sets the model under "models" in prompt-cost.config.json' +
    (keys.length > 0 ? ` (${keys.join(', ')})` : '') +
    ', or give the variable a value in .env.example.'
  );
}

/** `usage.files["jobs/**"] (50 calls per day)`, leaving out the figure when the detail already states it. */
export function describeUsage(group: Pick<UsageGroup, 'detail' | 'callsPerDay'>): string {
  if (/calls per day/.test(group.detail)) return group.detail;
  return `${group.detail} (${group.callsPerDay.toLocaleString('en-US')} calls per day)`;
}

/** Short form for a table cell beside the calls-per-day figure: `workspace default`, `annotation on line 12`. */
export function usageLabel(usage: { source: string; detail: string }): string {
  return usage.source === 'default' ? 'workspace default' : usage.detail;
}
