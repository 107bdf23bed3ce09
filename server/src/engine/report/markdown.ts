/**
 * ScanResult -> Markdown ready to paste into a pull request: totals, savings, the costliest call sites,
 * groups by model / feature / file, savings per rule, findings (folded) and the assumptions behind every figure.
 */
import { aggregateReport, describeUsage, usageLabel, ruleDocsUrl, howToPriceHints, type CostGroup, type ReportAggregate } from './aggregate';
import { jsonInputTokens, toJsonReport, type JsonCallSite, type JsonReport } from './json';
import { formatPerCall, formatPerMonth, worstCasePerMonth } from './text';
import type { ScanResult } from './types';

/** Call sites listed in the table; the rest are summed in one line so a PR comment stays readable. */
export const MARKDOWN_CALL_SITE_LIMIT = 50;

/** Text safe inside a Markdown table cell: pipes and newlines would break the row, HTML would render. */
/** `file:line` as inline code; in a notebook `nb.ipynb:cell 3:12`, linked to the notebook (relative to the root). */
function locationCell(at: { file: string; cell?: number; line: number | string | null }): string {
  const text = `${at.file}${at.cell !== undefined ? `:cell ${at.cell}` : ''}${at.line === null ? '' : `:${at.line}`}`;
  return at.cell === undefined ? markdownCode(text) : `[${markdownCode(text)}](${encodeURI(at.file).replace(/[()]/g, (c) => encodeURIComponent(c))})`;
}

export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>&]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[ch]!)
    .replace(/\r?\n|\r/g, ' ');
}

/** Inline code that survives backticks in the text. */
export function markdownCode(text: string): string {
  const cell = markdownCell(text);
  const fence = cell.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${cell}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share >= 0.1 || share === 0 ? 0 : 1)}%`;
}

function tokensOf(site: JsonCallSite): string {
  const total = jsonInputTokens(site);
  const estimated = site.promptTokens.tokenizer.startsWith('estimate') || site.promptTokens.dynamicEstimate > 0;
  return (estimated ? '≈' : '') + total.toLocaleString('en-US');
}

function usageCell(site: JsonCallSite): string {
  if (!site.cost) return '-';
  const calls = site.cost.callsPerDay.toLocaleString('en-US');
  return site.cost.usage ? `${calls} (${markdownCell(usageLabel(site.cost.usage))})` : calls;
}

function groupTable(title: string, groups: readonly CostGroup[]): string[] {
  return [
    `| ${title} | Call sites | $/month | Share |`,
    '|---|---:|---:|---:|',
    ...groups.map((g) => `| ${markdownCell(g.name)} | ${g.callSites}${g.unpriced > 0 ? ` (${g.unpriced} unpriced)` : ''} | ${formatPerMonth(g.perMonth)} | ${percent(g.share)} |`),
  ];
}

export function renderMarkdown(result: ScanResult): string {
  return renderMarkdownReport(toJsonReport(result));
}

export function renderMarkdownReport(report: JsonReport, aggregate: ReportAggregate = aggregateReport(report)): string {
  const { totals } = aggregate;
  const out: string[] = [];
  out.push(`## Prompt cost: ${formatPerMonth(totals.perMonth)}/month`);
  out.push('');
  out.push(
    `${plural(totals.callSites, 'call site')}` +
      (totals.unpriced > 0 ? ` (${totals.unpriced} without a price)` : '') +
      ` · ${formatPerCall(totals.perCall)} per call on average · ${plural(totals.findings, 'finding')}` +
      ` · savings available ${formatPerMonth(aggregate.savingsAvailable)}/month` +
      ` · ${formatPerMonth(aggregate.ifAllFixesApplied)}/month if all fixes applied`,
  );
  const worstCase = worstCasePerMonth(report);
  if (worstCase !== null && worstCase > totals.perMonth) {
    out.push('');
    out.push(`Typical output is priced above; if every reply reached its cap (or the model's maximum output): ${formatPerMonth(worstCase)}/month.`);
  }

  if (aggregate.callSites.length === 0) {
    out.push('', 'No LLM call sites found.');
  } else {
    out.push('', '### Call sites by monthly cost', '');
    out.push('| Call site | Provider | Model | Tokens | $/call | $/month | Calls/day (from) |');
    out.push('|---|---|---|---:|---:|---:|---|');
    for (const site of aggregate.callSites.slice(0, MARKDOWN_CALL_SITE_LIMIT)) {
      out.push(
        `| ${locationCell(site)} | ${markdownCell(site.provider)} | ${markdownCell(site.model ?? '? (unresolved)')} | ` +
          `${tokensOf(site)} | ${site.cost ? formatPerCall(site.cost.perCall) : '-'} | ${site.cost ? formatPerMonth(site.cost.perMonth) : '-'} | ${usageCell(site)} |`,
      );
    }
    const rest = aggregate.callSites.slice(MARKDOWN_CALL_SITE_LIMIT);
    if (rest.length > 0) {
      const restTotal = rest.reduce((sum, site) => sum + (site.cost?.perMonth ?? 0), 0);
      out.push('', `…and ${plural(rest.length, 'more call site')}, ${formatPerMonth(restTotal)}/month together.`);
    }
    out.push('', '### By model', '', ...groupTable('Model', aggregate.groups.model));
    if (aggregate.groups.feature.some((g) => g.name !== '(no feature)')) {
      out.push('', '### By feature', '', ...groupTable('Feature', aggregate.groups.feature));
    }
    out.push('', '### By provider', '', ...groupTable('Provider', aggregate.groups.provider));
    out.push('', '### By file', '', ...groupTable('File', aggregate.groups.file));
  }

  if (aggregate.savingsByRule.length > 0) {
    out.push('', '### Savings available by rule', '');
    out.push('| Rule | Findings | Saving $/month |', '|---|---:|---:|');
    for (const entry of aggregate.savingsByRule) {
      out.push(`| [${markdownCell(entry.rule)}](${ruleDocsUrl(entry.rule)}) | ${entry.findings} | ${formatPerMonth(entry.savingPerMonth)} |`);
    }
    out.push(`| **If all fixes applied** | | **${formatPerMonth(aggregate.ifAllFixesApplied)}/month** (−${formatPerMonth(aggregate.savingsAvailable)}) |`);
  }

  if (aggregate.withoutPrice.length > 0) {
    out.push('', `### Without a price (${aggregate.withoutPrice.length})`, '');
    for (const entry of aggregate.withoutPrice) out.push(`- ${locationCell(entry.site)}: ${markdownCell(entry.reason)}`);
    // Our own text, with code spans: not escaped.
    for (const hint of howToPriceHints(aggregate.withoutPrice)) out.push('', hint);
  }

  if (report.findings.length > 0) {
    out.push('', `<details><summary>${plural(report.findings.length, 'finding')}</summary>`, '');
    for (const finding of report.findings) {
      out.push(`- ${locationCell({ ...finding, line: `${finding.line}:${finding.column}` })} **${finding.severity}** [${markdownCell(finding.rule)}](${ruleDocsUrl(finding.rule)}): ${markdownCell(finding.message)}`);
    }
    out.push('', '</details>');
  }

  if (report.problems.length > 0) {
    out.push('', `<details><summary>${plural(report.problems.length, 'problem')}</summary>`, '');
    for (const problem of report.problems) {
      out.push(`- ${locationCell(problem)}: ${markdownCell(problem.message)}`);
    }
    out.push('', '</details>');
  }

  out.push('', '### Assumptions', '');
  for (const group of aggregate.usage) {
    out.push(`- ${plural(group.callSites, 'call site')} at ${markdownCell(describeUsage(group))}: ${formatPerMonth(group.perMonth)}/month`);
  }
  out.push('- Monthly cost = cost per call × calls per day × 30.');
  out.push(`- Prices: ${markdownCell(report.prices.source || 'unknown source')}${report.prices.asOf ? `, as of ${report.prices.asOf}` : ''}. ≈ marks estimated token counts.`);
  return out.join('\n') + '\n';
}
