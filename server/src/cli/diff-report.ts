/**
 * What `prompt-cost diff` reports and how it is shown: the CostDiff shape, the CI gates on it and the text,
 * JSON and Markdown renderings. Kept apart from diff.ts (which reads git and runs the engine) so that the
 * pull-request Action can render a diff without loading the engine.
 */
import { markdownCell, markdownCode } from '../engine/report/markdown';
import type { JsonCallSite, JsonFinding } from '../engine/report/json';
import { formatPerMonth, lineLocation } from '../engine/report/text';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface CallSiteChange {
  change: ChangeKind;
  file: string;
  api: string;
  /** Enclosing function or method, null at module level. */
  function: string | null;
  /** 0-based index among the file's calls of the same api in the same function. */
  occurrence: number;
  base: JsonCallSite | null;
  head: JsonCallSite | null;
  perMonthDelta: number;
}

export interface FileCostChange {
  file: string;
  basePerMonth: number;
  headPerMonth: number;
  perMonthDelta: number;
}

export interface CostDiff {
  schemaVersion: 1;
  base: { ref: string; commit: string };
  root: string;
  prices: { source: string; asOf: string };
  /** Added, removed and changed call sites, biggest change first. */
  callSites: CallSiteChange[];
  /** Files whose monthly cost changed, biggest change first. */
  files: FileCostChange[];
  totals: { basePerMonth: number; headPerMonth: number; perMonthDelta: number; added: number; removed: number; changed: number; unchanged: number };
  /** Findings on the working tree that the base did not have, and findings of the base that are gone. */
  findings: { new: JsonFinding[]; resolved: JsonFinding[] };
  problems: { side: 'base' | 'head'; file: string; line: number | null; message: string }[];
}


export const SEVERITY_RANK: Readonly<Record<string, number>> = { info: 1, warning: 2, error: 3 };

export interface DiffGates {
  /** Fail when a new finding at or above this severity exists. */
  failOn?: 'info' | 'warning' | 'error';
  /** Fail when the working tree's monthly estimate is over this many USD. */
  budget?: number;
}

/** Messages for each gate the diff fails (empty when all pass). Only new findings count: old ones are the base's. */
export function diffGateFailures(diff: CostDiff, gates: DiffGates): string[] {
  const failures: string[] = [];
  if (gates.failOn !== undefined) {
    const threshold = SEVERITY_RANK[gates.failOn];
    const hits = diff.findings.new.filter((finding) => (SEVERITY_RANK[finding.severity] ?? 0) >= threshold).length;
    if (hits > 0) failures.push(`${hits} new finding${hits === 1 ? '' : 's'} at or above ${gates.failOn} (--fail-on ${gates.failOn})`);
  }
  if (gates.budget !== undefined && diff.totals.headPerMonth > gates.budget) {
    failures.push(
      `estimated ${formatPerMonth(diff.totals.headPerMonth)}/month is over the budget of ${formatPerMonth(gates.budget)}/month (--budget ${gates.budget})`,
    );
  }
  return failures;
}

export function perMonthOf(site: JsonCallSite | null): number {
  return site?.cost?.perMonth ?? 0;
}

/** `+$12.34`, `-$5.00`, `$0.00`. */
export function formatDelta(value: number): string {
  if (value === 0) return '$0.00';
  return (value > 0 ? '+' : '-') + formatPerMonth(Math.abs(value));
}

function percentChange(diff: CostDiff): string {
  const { basePerMonth, perMonthDelta } = diff.totals;
  if (basePerMonth === 0) return '';
  const pct = (perMonthDelta / basePerMonth) * 100;
  return ` (${pct > 0 ? '+' : ''}${pct.toFixed(1)}%)`;
}

function modelChange(change: CallSiteChange): string {
  const before = change.base?.model ?? (change.base ? '?' : null);
  const after = change.head?.model ?? (change.head ? '?' : null);
  if (before !== null && after !== null && before !== after) return `${before} → ${after}`;
  return (after ?? before) ?? '?';
}

function callsChange(change: CallSiteChange): string {
  const before = change.base?.cost?.callsPerDay;
  const after = change.head?.cost?.callsPerDay;
  if (before !== undefined && after !== undefined && before !== after) return `, calls/day ${before.toLocaleString('en-US')} → ${after.toLocaleString('en-US')}`;
  return '';
}

function whereOf(change: CallSiteChange): string {
  const site = change.head ?? change.base!;
  return lineLocation({ file: change.file, cell: site.cell, line: site.line });
}

function inFunction(change: CallSiteChange): string {
  return change.function ? ` in ${change.function}` : '';
}

function findingLine(finding: JsonFinding): string {
  return `${lineLocation(finding)}  ${finding.severity}  ${finding.message} (${finding.rule})`;
}

export function renderDiffJson(diff: CostDiff): string {
  return JSON.stringify(diff, null, 2) + '\n';
}

export function renderDiffText(diff: CostDiff): string {
  const out: string[] = [];
  out.push(`Prompt cost diff: ${diff.root} against ${diff.base.ref} (${diff.base.commit.slice(0, 12)})`);
  out.push('');
  if (diff.callSites.length === 0) out.push('No call site changed cost.');
  for (const change of diff.callSites) {
    out.push(
      `${change.change.padEnd(7)}  ${whereOf(change)}  ${change.api}${inFunction(change)}  ${modelChange(change)}${callsChange(change)}  ` +
        `${formatPerMonth(perMonthOf(change.base))} -> ${formatPerMonth(perMonthOf(change.head))}  ${formatDelta(change.perMonthDelta)}/month`,
    );
  }
  if (diff.files.length > 0) {
    out.push('', 'By file');
    for (const file of diff.files) out.push(`  ${file.file}  ${formatPerMonth(file.basePerMonth)} -> ${formatPerMonth(file.headPerMonth)}  ${formatDelta(file.perMonthDelta)}/month`);
  }
  if (diff.findings.new.length > 0) {
    out.push('', 'New findings');
    for (const finding of diff.findings.new) out.push(`  ${findingLine(finding)}`);
  }
  if (diff.findings.resolved.length > 0) {
    out.push('', 'Resolved findings');
    for (const finding of diff.findings.resolved) out.push(`  ${findingLine(finding)}`);
  }
  for (const problem of diff.problems) out.push(`problem (${problem.side}): ${problem.file}${problem.line === null ? '' : ':' + problem.line}  ${problem.message}`);
  const { totals } = diff;
  out.push('');
  out.push(
    `Total: ${formatPerMonth(totals.basePerMonth)}/month -> ${formatPerMonth(totals.headPerMonth)}/month, ${formatDelta(totals.perMonthDelta)}/month${percentChange(diff)}; ` +
      `${totals.added} added, ${totals.removed} removed, ${totals.changed} changed, ${totals.unchanged} unchanged`,
  );
  if (diff.findings.new.length + diff.findings.resolved.length > 0) out.push(`Findings: ${diff.findings.new.length} new, ${diff.findings.resolved.length} resolved`);
  out.push(`Prices: ${diff.prices.source}, as of ${diff.prices.asOf}.`);
  return out.join('\n') + '\n';
}

/** A pull-request comment. */
export function renderDiffMarkdown(diff: CostDiff): string {
  const { totals } = diff;
  const out: string[] = [];
  out.push(`## Prompt cost: ${formatDelta(totals.perMonthDelta)}/month${percentChange(diff)}`);
  out.push('');
  out.push(
    `${formatPerMonth(totals.basePerMonth)}/month on ${markdownCode(diff.base.ref)} (${diff.base.commit.slice(0, 7)}) → ${formatPerMonth(totals.headPerMonth)}/month with this change · ` +
      `${totals.added} added, ${totals.removed} removed, ${totals.changed} changed call site${totals.changed === 1 ? '' : 's'}`,
  );
  if (diff.callSites.length > 0) {
    out.push('', '| Change | Call site | Model | Before $/month | After $/month | Δ $/month |', '|---|---|---|---:|---:|---:|');
    for (const change of diff.callSites) {
      out.push(
        `| ${change.change} | ${markdownCode(whereOf(change))} ${markdownCode(change.api)}${change.function ? ` in ${markdownCode(change.function)}` : ''} | ` +
          `${markdownCell(modelChange(change) + callsChange(change))} | ${change.base ? formatPerMonth(perMonthOf(change.base)) : '-'} | ` +
          `${change.head ? formatPerMonth(perMonthOf(change.head)) : '-'} | **${formatDelta(change.perMonthDelta)}** |`,
      );
    }
  }
  if (diff.files.length > 0) {
    out.push('', '<details><summary>By file</summary>', '', '| File | Before | After | Δ |', '|---|---:|---:|---:|');
    for (const file of diff.files) {
      out.push(`| ${markdownCode(file.file)} | ${formatPerMonth(file.basePerMonth)} | ${formatPerMonth(file.headPerMonth)} | ${formatDelta(file.perMonthDelta)} |`);
    }
    out.push('', '</details>');
  }
  if (diff.findings.new.length > 0) {
    out.push('', `### New findings (${diff.findings.new.length})`, '', '| Severity | Where | Rule | Finding | Saving $/month |', '|---|---|---|---|---:|');
    for (const finding of diff.findings.new) {
      out.push(
        `| ${finding.severity} | ${markdownCode(lineLocation(finding))} | ${markdownCode(finding.rule)} | ${markdownCell(finding.message)} | ` +
          `${finding.savingPerMonth === null ? '-' : formatPerMonth(finding.savingPerMonth)} |`,
      );
    }
  }
  if (diff.findings.resolved.length > 0) {
    out.push('', `${diff.findings.resolved.length} finding${diff.findings.resolved.length === 1 ? '' : 's'} resolved: ${diff.findings.resolved.map((f) => `${markdownCode(f.rule)} at ${markdownCode(lineLocation(f))}`).join(', ')}.`);
  }
  out.push('', `<sub>Monthly cost = cost per call × calls per day × 30; calls per day from each side's prompt-cost.config.json and annotations. Prices: ${markdownCell(diff.prices.source)}, as of ${diff.prices.asOf}.</sub>`);
  return out.join('\n') + '\n';
}
