/**
 * The report webview's HTML: totals per month and per call, charts of monthly cost by model and feature, the
 * calls table sorted by monthly cost (sortable by any column) with file:line links that ask the extension to
 * open the location, groups by model / feature / provider / file, savings per rule, the assumptions and the
 * price date. The figures come from the same aggregate as the CLI's reports. Pure (no vscode import) so it is
 * unit-tested as a string. Everything from the report is escaped; the page loads nothing remote and runs only
 * its own nonce'd script.
 */
import { aggregateReport, usageLabel } from '../../server/src/engine/report/aggregate';
import {
  assumptionsHtml,
  chartsHtml,
  groupTablesHtml,
  LAYOUT_CSS,
  savingsHtml,
  SORT_SCRIPT,
  totalsHtml,
} from '../../server/src/engine/report/html';
import { jsonInputTokens, type JsonCallSite, type JsonReport } from '../../server/src/engine/report/json';

export interface ReportViewOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value per render, allowing exactly the page's own style and script. */
  nonce: string;
  /** Show only the call at this workspace-relative file and 1-based line (from a code lens). */
  filter?: { file: string; line: number };
}

/** The message the page posts when a location link is clicked. */
export interface OpenLocationMessage {
  type: 'open';
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  /** 1-based cell of a notebook; `line` is then inside the cell. */
  cell?: number;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

function usd(value: number): string {
  if (value === 0) return '$0';
  if (value >= 10) return '$' + Math.round(value).toLocaleString('en-US');
  if (value >= 1) return '$' + value.toFixed(2);
  return '$' + Number(value.toPrecision(2)).toString();
}

function tokens(site: JsonCallSite): string {
  const total = jsonInputTokens(site);
  const estimate = site.promptTokens.tokenizer.startsWith('estimate') || site.promptTokens.dynamicEstimate > 0;
  return (estimate ? '≈ ' : '') + total.toLocaleString('en-US');
}

/** Call sites by monthly cost, highest first; unpriced calls last; ties by location. */
export function sortByMonthlyCost(sites: readonly JsonCallSite[]): JsonCallSite[] {
  return [...sites].sort(
    (a, b) =>
      (b.cost?.perMonth ?? -1) - (a.cost?.perMonth ?? -1) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line),
  );
}

function row(site: JsonCallSite): string {
  const location = site.cell !== undefined ? `${site.file}:cell ${site.cell}:${site.line}` : `${site.file}:${site.line}`;
  const cell = site.cell !== undefined ? ` data-cell="${site.cell}"` : '';
  return [
    '<tr>',
    `<td><a href="#" class="location" data-file="${escapeHtml(site.file)}" data-line="${site.line}" data-column="${site.column}"${cell}>${escapeHtml(location)}</a></td>`,
    `<td>${escapeHtml(site.provider)}</td>`,
    `<td>${escapeHtml(site.model ?? '? (unresolved)')}</td>`,
    `<td class="number">${escapeHtml(tokens(site))}</td>`,
    `<td class="number">${site.cost ? escapeHtml(usd(site.cost.perCall)) : '-'}</td>`,
    `<td class="number">${site.cost ? escapeHtml(usd(site.cost.perMonth)) : '-'}</td>`,
    `<td>${site.cost ? escapeHtml(`${site.cost.callsPerDay.toLocaleString('en-US')}${site.cost.usage ? ` (${usageLabel(site.cost.usage)})` : ''}`) : '-'}</td>`,
    '</tr>',
  ].join('');
}

const STYLE = `
:root { --border: var(--vscode-panel-border); --accent: var(--vscode-charts-blue, var(--vscode-textLink-foreground)); }
${LAYOUT_CSS}
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
th { color: var(--vscode-descriptionForeground); font-weight: 600; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
.note { color: var(--vscode-descriptionForeground); }
`;

function sortHeader(label: string, type: 'text' | 'number', sort: 'none' | 'descending' = 'none'): string {
  return `<th scope="col"${type === 'number' ? ' class="number"' : ''} aria-sort="${sort}"><button type="button" class="sort" data-type="${type}">${escapeHtml(label)}</button></th>`;
}

const SCRIPT = SORT_SCRIPT + `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const link = event.target.closest('a.location');
  if (!link) return;
  event.preventDefault();
  const cell = link.dataset.cell === undefined ? {} : { cell: Number(link.dataset.cell) };
  vscode.postMessage({ type: 'open', file: link.dataset.file, line: Number(link.dataset.line), column: Number(link.dataset.column), ...cell });
});
`;

export function renderReportHtml(report: JsonReport, options: ReportViewOptions): string {
  const { nonce } = options;
  const filter = options.filter;
  const sites = sortByMonthlyCost(report.callSites).filter((site) => !filter || (site.file === filter.file && site.line === filter.line));
  const body =
    sites.length === 0
      ? `<p class="note">${filter ? 'That call is not in the report yet: scan the workspace first.' : 'No LLM call sites found. Run "Prompt Cost: Scan Workspace" to analyse every file.'}</p>`
      : [
          '<table class="sortable" id="call-sites">',
          '<thead><tr>' +
            sortHeader('Location', 'text') +
            sortHeader('Provider', 'text') +
            sortHeader('Model', 'text') +
            sortHeader('Tokens', 'number') +
            sortHeader('$/call', 'number') +
            sortHeader('$/month', 'number', 'descending') +
            sortHeader('Calls/day (from)', 'text') +
            '</tr></thead>',
          '<tbody>',
          ...sites.map(row),
          '</tbody>',
          '</table>',
        ].join('\n');
  const prices = report.prices.source ? `Prices: ${escapeHtml(report.prices.source)}${report.prices.asOf ? `, as of ${escapeHtml(report.prices.asOf)}` : ''}.` : '';
  const filterNote = filter ? `<p class="note">Showing ${escapeHtml(filter.file)}:${filter.line} only.</p>` : '';
  // The workspace picture; a code lens's single-call view shows the call, then the assumptions.
  const aggregate = aggregateReport(report);
  const overview = filter || report.callSites.length === 0 ? '' : `${totalsHtml(aggregate)}\n${chartsHtml(aggregate)}`;
  const details =
    filter || report.callSites.length === 0
      ? ''
      : [
          '<h3>Where the money goes</h3>',
          groupTablesHtml(aggregate),
          ...(aggregate.savingsByRule.length > 0 ? ['<h3>Savings available</h3>', savingsHtml(aggregate)] : []),
        ].join('\n');
  const assumptions = report.callSites.length === 0 ? '' : `<h3>Assumptions</h3>\n${assumptionsHtml(report, aggregate)}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Prompt Cost Report</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body>
<h2>Prompt cost: ${escapeHtml(usd(report.totals.perMonth))}/month</h2>
<p class="note">${report.totals.callSites} call site${report.totals.callSites === 1 ? '' : 's'}, ${report.totals.findings} finding${report.totals.findings === 1 ? '' : 's'}. ${prices}</p>
${filterNote}
${overview}
${body}
${details}
${assumptions}
<script nonce="${escapeHtml(nonce)}">${SCRIPT}</script>
</body>
</html>
`;
}

export function isOpenLocationMessage(value: unknown): value is OpenLocationMessage {
  const message = value as OpenLocationMessage | null;
  return (
    !!message &&
    message.type === 'open' &&
    typeof message.file === 'string' &&
    Number.isInteger(message.line) &&
    message.line >= 1 &&
    (message.cell === undefined || (Number.isInteger(message.cell) && message.cell >= 1))
  );
}
