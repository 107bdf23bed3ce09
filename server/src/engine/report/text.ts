/**
 * ScanResult -> a table for people: one row per call site, then findings grouped by file, then totals and
 * the price source. Token counts that are estimates (no exact tokenizer, or dynamic parts) carry a ≈.
 */
import { aggregateReport, describeUsage, howToPriceHints } from './aggregate';
import { jsonInputTokens, toJsonReport, type JsonCallSite, type JsonReport } from './json';
import { formatPerCall, formatPerMonth } from './money';

export { formatPerCall, formatPerMonth };
import type { ScanResult } from './types';

const HEADERS = ['Location', 'Provider', 'Model', 'Cap', 'Tokens', '$/call', '$/month'] as const;
const RIGHT_ALIGNED = new Set([4, 5, 6]);

function isEstimated(site: JsonCallSite): boolean {
  return site.promptTokens.tokenizer.startsWith('estimate') || site.promptTokens.dynamicEstimate > 0;
}

function tokenCell(site: JsonCallSite): string {
  const total = jsonInputTokens(site);
  return (isEstimated(site) ? '≈' : '') + total.toLocaleString('en-US');
}

/** Monthly total with every reply at its cap, or null when no call site reports a worst case (older reports). */
export function worstCasePerMonth(report: JsonReport): number | null {
  let total = 0;
  let any = false;
  for (const site of report.callSites) {
    if (!site.cost) continue;
    if (site.cost.perMonthWorstCase !== undefined) any = true;
    total += site.cost.perMonthWorstCase ?? site.cost.perMonth;
  }
  return any ? total : null;
}

function capCell(site: JsonCallSite): string {
  if (!site.outputCap) return 'none';
  return `${site.outputCap.param}=${site.outputCap.value ?? '?'}${site.outputCap.libraryDefault ? ' (default)' : ''}`;
}

/** `app/x.py:12`, or `nb.ipynb:cell 3:12` in a notebook. */
export function lineLocation(at: { file: string; cell?: number; line: number | null }): string {
  const cell = at.cell !== undefined ? `:cell ${at.cell}` : '';
  return `${at.file}${cell}${at.line === null ? '' : ':' + at.line}`;
}

function row(site: JsonCallSite): string[] {
  return [
    lineLocation(site),
    site.provider,
    site.model ?? '? (unresolved)',
    capCell(site),
    tokenCell(site),
    site.cost ? formatPerCall(site.cost.perCall) : '-',
    site.cost ? formatPerMonth(site.cost.perMonth) : '-',
  ];
}

/** Display width: the ≈ sign and other BMP characters count one column each. */
function width(text: string): number {
  return [...text].length;
}

function table(rows: string[][]): string[] {
  const widths = HEADERS.map((header, column) => Math.max(width(header), ...rows.map((cells) => width(cells[column]))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const pad = ' '.repeat(widths[column] - width(cell));
        return RIGHT_ALIGNED.has(column) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const USAGE_SOURCES: Record<string, string> = {
  annotation: 'annotations',
  feature: 'usage.features',
  'file-glob': 'usage.files globs',
};

/** Where the calls-per-day figures came from, one clause per kind of source (annotations are not listed one by one). */
export function usageSummary(report: JsonReport): string {
  const calls = (n: number) => `${n} call site${n === 1 ? '' : 's'}`;
  const clauses: string[] = [];
  const bySource = new Map<string, number>();
  for (const group of aggregateReport(report).usage) {
    if (group.source === 'default') clauses.push(`${calls(group.callSites)} at ${describeUsage(group)}`);
    else bySource.set(group.source, (bySource.get(group.source) ?? 0) + group.callSites);
  }
  for (const [source, count] of bySource) clauses.push(`${calls(count)} from ${USAGE_SOURCES[source] ?? source}`);
  return clauses.join('; ');
}

export function renderText(result: ScanResult): string {
  return renderTextReport(toJsonReport(result));
}

export function renderTextReport(report: JsonReport): string {
  const out: string[] = [];
  out.push(`Prompt Cost Lint: ${report.root}`);
  out.push('');
  if (report.callSites.length === 0) {
    out.push('No LLM call sites found.');
  } else {
    out.push(...table(report.callSites.map(row)));
  }

  if (report.findings.length > 0) {
    out.push('');
    out.push(`Findings (${report.findings.length})`);
    let currentFile = '';
    for (const finding of report.findings) {
      if (finding.file !== currentFile) {
        currentFile = finding.file;
        out.push('');
        out.push(currentFile);
      }
      const cell = finding.cell !== undefined ? `cell ${finding.cell}:` : '';
      out.push(`  ${cell}${finding.line}:${finding.column}  ${finding.severity}  ${finding.rule}  ${finding.message}`);
    }
  }

  const promptFiles = report.promptFiles ?? [];
  if (promptFiles.length > 0) {
    out.push('');
    out.push(`Prompt files (${promptFiles.length})`);
    for (const promptFile of promptFiles) {
      const users = promptFile.usedBy.map(lineLocation).join(', ');
      const money = formatPerMonth(promptFile.perMonth) + '/month' + (promptFile.unpriced > 0 ? ` (+${promptFile.unpriced} unpriced)` : '');
      out.push(`  ${promptFile.file}  ${promptFile.tokens.toLocaleString('en-US')} tokens  used by ${users}  ${money}`);
    }
  }

  const { withoutPrice, totals } = aggregateReport(report);
  if (withoutPrice.length > 0) {
    out.push('');
    out.push(`Without a price (${withoutPrice.length})`);
    for (const entry of withoutPrice) out.push(`  ${lineLocation(entry.site)}  ${entry.reason}`);
    for (const hint of howToPriceHints(withoutPrice)) out.push(`  ${hint}`);
  }

  if (report.problems.length > 0) {
    out.push('');
    out.push(`Problems (${report.problems.length})`);
    for (const problem of report.problems) {
      out.push(`  ${lineLocation(problem)}  ${problem.message}`);
    }
  }

  const unpriced = report.callSites.filter((site) => site.cost === null).length;
  out.push('');
  out.push(
    `Total: ${report.totals.callSites} call site${report.totals.callSites === 1 ? '' : 's'}, ` +
      `${formatPerMonth(report.totals.perMonth)}/month` +
      (unpriced > 0 ? ` (${unpriced} without a price${totals.unpricedRuntime > 0 ? `: ${totals.unpricedRuntime} with a model set at run time` : ''})` : '') +
      `, ${report.totals.findings} finding${report.totals.findings === 1 ? '' : 's'}`,
  );
  const worstCase = worstCasePerMonth(report);
  if (worstCase !== null && worstCase > report.totals.perMonth) out.push(`Worst case: ${formatPerMonth(worstCase)}/month if every reply reaches its cap (or the model's maximum output without one).`);
  out.push(
    `Files: ${report.stats.filesListed} listed, ${report.stats.filesParsed} parsed, ` +
      `${report.stats.filesPrefiltered} skipped (no LLM SDK mentioned)`,
  );
  const usage = usageSummary(report);
  if (usage) out.push(`Usage: ${usage}.`);
  out.push(`Prices: ${report.prices.source || 'unknown source'}${report.prices.asOf ? `, as of ${report.prices.asOf}` : ''}. ≈ marks estimated token counts.`);
  return out.join('\n') + '\n';
}
