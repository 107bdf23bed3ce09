/**
 * ScanResult -> one self-contained HTML file: no external script, style, image or font; an inline SVG bar
 * chart; a call-site table sortable by any column through a tiny inline script; CSS that follows the reader's
 * light or dark preference. The only absolute links are to the rules' documentation.
 * The section builders are shared with the editor's report view, which supplies its own links and CSS.
 */
import { aggregateReport, describeUsage, usageLabel, NO_FEATURE, ruleDocsUrl, howToPriceHints, type CostGroup, type ReportAggregate } from './aggregate';
import { jsonInputTokens, type JsonCallSite, type JsonReport } from './json';
import { formatPerCall, formatPerMonth } from './money';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export interface ReportSectionsOptions {
  /** HTML for a call site's location; default: the `file:line` text. */
  location?(site: JsonCallSite): string;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function tokenTotal(site: JsonCallSite): number {
  return jsonInputTokens(site);
}

function isEstimated(site: JsonCallSite): boolean {
  return site.promptTokens.tokenizer.startsWith('estimate') || site.promptTokens.dynamicEstimate > 0;
}

const CHART_BAR_LIMIT = 12;

/**
 * A horizontal bar chart of monthly cost per group, as inline SVG (no script, no style attributes, so it
 * passes a strict Content-Security-Policy). Bars scale to the largest group.
 */
export function barChartSvg(title: string, groups: readonly CostGroup[]): string {
  const shown = groups.filter((g) => g.perMonth > 0).slice(0, CHART_BAR_LIMIT);
  if (shown.length === 0) return '';
  const rowHeight = 22;
  const labelWidth = 200;
  const barMax = 320;
  const width = labelWidth + barMax + 110;
  const height = shown.length * rowHeight + 8;
  const max = Math.max(...shown.map((g) => g.perMonth));
  const bars = shown.map((group, index) => {
    const y = 4 + index * rowHeight;
    const barWidth = Math.max(1, Math.round((group.perMonth / max) * barMax));
    const label = group.name.length > 30 ? '…' + group.name.slice(-29) : group.name;
    return (
      `<g><title>${escapeHtml(`${group.name}: ${formatPerMonth(group.perMonth)}/month`)}</title>` +
      `<text class="chart-label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect class="chart-bar" x="${labelWidth}" y="${y + 3}" width="${barWidth}" height="${rowHeight - 6}" rx="2"></rect>` +
      `<text class="chart-value" x="${labelWidth + barWidth + 6}" y="${y + 15}">${escapeHtml(formatPerMonth(group.perMonth))}</text></g>`
    );
  });
  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    bars.join('') +
    '</svg></figure>'
  );
}

function groupTable(caption: string, groups: readonly CostGroup[]): string {
  const rows = groups.map(
    (g) =>
      `<tr><td>${escapeHtml(g.name)}</td><td class="number">${g.callSites}${g.unpriced > 0 ? ` (${g.unpriced} unpriced)` : ''}</td>` +
      `<td class="number">${escapeHtml(formatPerMonth(g.perMonth))}</td><td class="number">${(g.share * 100).toFixed(1)}%</td></tr>`,
  );
  return (
    `<table class="groups"><caption>${escapeHtml(caption)}</caption>` +
    `<thead><tr><th scope="col">${escapeHtml(caption.replace(/^By (.)/, (_, first: string) => first.toUpperCase()))}</th><th scope="col" class="number">Call sites</th><th scope="col" class="number">$/month</th><th scope="col" class="number">Share</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function sortHeader(label: string, type: 'text' | 'number', numeric = false): string {
  return `<th scope="col"${numeric ? ' class="number"' : ''} aria-sort="none"><button type="button" class="sort" data-type="${type}">${escapeHtml(label)}</button></th>`;
}

/** `file:line`; a notebook's cell as `nb.ipynb:cell 3:12`, linked to the notebook (relative to the root). */
function defaultLocation(site: JsonCallSite): string {
  if (site.cell === undefined) return `<code>${escapeHtml(`${site.file}:${site.line}`)}</code>`;
  return `<a href="${escapeHtml(encodeURI(site.file))}"><code>${escapeHtml(`${site.file}:cell ${site.cell}:${site.line}`)}</code></a>`;
}

function callSiteRow(site: JsonCallSite, options: ReportSectionsOptions): string {
  const location = options.location ? options.location(site) : defaultLocation(site);
  const usage = site.cost?.usage ? `${site.cost.callsPerDay.toLocaleString('en-US')} (${usageLabel(site.cost.usage)})` : site.cost ? String(site.cost.callsPerDay) : '-';
  const perCall = site.cost?.perCall ?? -1;
  const perMonth = site.cost?.perMonth ?? -1;
  return (
    '<tr>' +
    `<td data-value="${escapeHtml(`${site.file}:${String(site.cell ?? 0).padStart(6, '0')}:${String(site.line).padStart(8, '0')}`)}">${location}</td>` +
    `<td>${escapeHtml(site.provider)}</td>` +
    `<td>${escapeHtml(site.model ?? '? (unresolved)')}</td>` +
    `<td>${escapeHtml(site.cost?.usage?.feature ?? '')}</td>` +
    `<td class="number" data-value="${tokenTotal(site)}">${isEstimated(site) ? '≈' : ''}${tokenTotal(site).toLocaleString('en-US')}</td>` +
    `<td class="number" data-value="${perCall}">${site.cost ? escapeHtml(formatPerCall(site.cost.perCall)) : '-'}</td>` +
    `<td class="number" data-value="${perMonth}">${site.cost ? escapeHtml(formatPerMonth(site.cost.perMonth)) : '-'}</td>` +
    `<td>${escapeHtml(usage)}</td>` +
    '</tr>'
  );
}

/** Totals per month and per call, savings available and the total if all fixes were applied. */
export function totalsHtml(aggregate: ReportAggregate): string {
  const { totals } = aggregate;
  return (
    '<dl class="totals">' +
    `<div><dt>Per month</dt><dd>${escapeHtml(formatPerMonth(totals.perMonth))}</dd></div>` +
    `<div><dt>Per call (average)</dt><dd>${escapeHtml(formatPerCall(totals.perCall))}</dd></div>` +
    `<div><dt>Call sites</dt><dd>${totals.callSites}${totals.unpriced > 0 ? ` (${totals.unpriced} without a price)` : ''}</dd></div>` +
    `<div><dt>Findings</dt><dd>${totals.findings}</dd></div>` +
    `<div><dt>Savings available</dt><dd>${escapeHtml(formatPerMonth(aggregate.savingsAvailable))}/month</dd></div>` +
    `<div><dt>If all fixes applied</dt><dd>${escapeHtml(formatPerMonth(aggregate.ifAllFixesApplied))}/month</dd></div>` +
    '</dl>'
  );
}

function hasFeatures(aggregate: ReportAggregate): boolean {
  return aggregate.groups.feature.some((g) => g.name !== NO_FEATURE);
}

/** Bar charts of monthly cost by model, and by feature when calls are annotated with features. */
export function chartsHtml(aggregate: ReportAggregate): string {
  const charts = [barChartSvg('Monthly cost by model', aggregate.groups.model)];
  if (hasFeatures(aggregate)) charts.push(barChartSvg('Monthly cost by feature', aggregate.groups.feature));
  return `<section class="charts">${charts.join('')}</section>`;
}

/** The call-site table, sortable by every column, highest monthly cost first. */
export function callSiteTableHtml(aggregate: ReportAggregate, options: ReportSectionsOptions = {}): string {
  return (
    '<table class="sortable" id="call-sites"><thead><tr>' +
    sortHeader('Location', 'text') +
    sortHeader('Provider', 'text') +
    sortHeader('Model', 'text') +
    sortHeader('Feature', 'text') +
    sortHeader('Tokens', 'number', true) +
    sortHeader('$/call', 'number', true) +
    sortHeader('$/month', 'number', true).replace('aria-sort="none"', 'aria-sort="descending"') +
    sortHeader('Calls/day (from)', 'text') +
    `</tr></thead><tbody>${aggregate.callSites.map((site) => callSiteRow(site, options)).join('')}</tbody></table>`
  );
}

/** Monthly cost grouped by model, feature (when any), provider and file. */
export function groupTablesHtml(aggregate: ReportAggregate): string {
  return (
    '<div class="group-tables">' +
    groupTable('By model', aggregate.groups.model) +
    (hasFeatures(aggregate) ? groupTable('By feature', aggregate.groups.feature) : '') +
    groupTable('By provider', aggregate.groups.provider) +
    groupTable('By file', aggregate.groups.file) +
    '</div>'
  );
}

/** Savings per rule with links to the rules' docs, and the total if all fixes were applied; '' without findings. */
export function savingsHtml(aggregate: ReportAggregate): string {
  if (aggregate.savingsByRule.length === 0) return '';
  const rows = aggregate.savingsByRule.map(
    (entry) =>
      `<tr><td><a href="${escapeHtml(ruleDocsUrl(entry.rule))}">${escapeHtml(entry.rule)}</a></td><td class="number">${entry.findings}</td>` +
      `<td class="number">${escapeHtml(formatPerMonth(entry.savingPerMonth))}</td></tr>`,
  );
  return (
    '<table class="savings"><thead><tr><th scope="col">Rule</th><th scope="col" class="number">Findings</th><th scope="col" class="number">Saving $/month</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody>` +
    `<tfoot><tr><th scope="row">If all fixes applied</th><td></td><td class="number">${escapeHtml(formatPerMonth(aggregate.ifAllFixesApplied))}/month</td></tr></tfoot></table>`
  );
}

/** Calls without a price, each with its reason, and how to price them. */
export function withoutPriceHtml(aggregate: ReportAggregate, options: ReportSectionsOptions = {}): string {
  if (aggregate.withoutPrice.length === 0) return '';
  const items = aggregate.withoutPrice.map((entry) => {
    const location = options.location ? options.location(entry.site) : defaultLocation(entry.site);
    return `<li>${location}: ${escapeHtml(entry.reason)}</li>`;
  });
  // The hints use `code` spans: shown as code, everything else escaped.
  const hints = howToPriceHints(aggregate.withoutPrice).map(
    (hint) => `<p class="note">${escapeHtml(hint).replace(/`([^`]*)`/g, '<code>$1</code>')}</p>`,
  );
  return `<ul class="without-price">${items.join('')}</ul>${hints.join('')}`;
}

/** Where the calls per day came from, the monthly formula, and the price table's source and date. */
export function assumptionsHtml(report: Pick<JsonReport, 'prices'>, aggregate: ReportAggregate): string {
  const usage = aggregate.usage.map(
    (group) => `<li>${plural(group.callSites, 'call site')} at ${escapeHtml(describeUsage(group))}: ${escapeHtml(formatPerMonth(group.perMonth))}/month</li>`,
  );
  return (
    '<ul class="assumptions">' +
    usage.join('') +
    '<li>Monthly cost = cost per call × calls per day × 30.</li>' +
    `<li>Prices: ${escapeHtml(report.prices.source || 'unknown source')}${report.prices.asOf ? `, as of ${escapeHtml(report.prices.asOf)}` : ''}. ≈ marks estimated token counts.</li>` +
    '</ul>'
  );
}

/** The report's body: summary, charts, the sortable call-site table, groups, savings and assumptions. */
export function reportSectionsHtml(report: JsonReport, aggregate: ReportAggregate = aggregateReport(report), options: ReportSectionsOptions = {}): string {
  const parts: string[] = [];
  parts.push(`<h1>Prompt cost: ${escapeHtml(formatPerMonth(aggregate.totals.perMonth))}/month</h1>`);
  parts.push(totalsHtml(aggregate));
  if (aggregate.callSites.length === 0) {
    parts.push('<p class="note">No LLM call sites found.</p>');
  } else {
    parts.push(chartsHtml(aggregate));
    parts.push('<h2>Call sites</h2>' + callSiteTableHtml(aggregate, options));
    parts.push('<h2>Where the money goes</h2>');
    parts.push(groupTablesHtml(aggregate));
  }
  const withoutPrice = withoutPriceHtml(aggregate, options);
  if (withoutPrice) parts.push(`<h2>Without a price (${aggregate.withoutPrice.length})</h2>` + withoutPrice);
  const savings = savingsHtml(aggregate);
  if (savings) parts.push('<h2>Savings available</h2>' + savings);
  parts.push('<h2>Assumptions</h2>' + assumptionsHtml(report, aggregate));
  return parts.join('\n');
}

/**
 * Sorts `table.sortable` by the clicked column (numbers by `data-value`); a second click reverses.
 * Plain buttons, so the keyboard works.
 */
export const SORT_SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  const headers = [...table.tHead.rows[0].cells];
  headers.forEach((th, column) => {
    const button = th.querySelector('button.sort');
    if (!button) return;
    button.addEventListener('click', () => {
      const descending = th.getAttribute('aria-sort') !== 'descending';
      const numeric = button.dataset.type === 'number';
      const key = (row) => {
        const cell = row.cells[column];
        const v = cell.dataset.value ?? cell.textContent.trim();
        if (!numeric) return v.toLowerCase();
        const n = cell.dataset.value !== undefined ? Number(v) : parseFloat(v.replace(/[^0-9.eE-]/g, ''));
        return Number.isFinite(n) ? n : -Infinity;
      };
      const rows = [...table.tBodies[0].rows];
      rows.sort((a, b) => { const x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1); });
      for (const other of headers) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      table.tBodies[0].append(...rows);
    });
  });
}
`;

/** Layout shared by the file and the editor view; colours are set by each host. */
export const LAYOUT_CSS = `
table { border-collapse: collapse; margin: 8px 0 16px; }
table.sortable { width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-weight: 600; }
.number { text-align: right; font-variant-numeric: tabular-nums; }
button.sort { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
button.sort:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
th[aria-sort="descending"] button.sort::after { content: " ▼"; }
th[aria-sort="ascending"] button.sort::after { content: " ▲"; }
dl.totals { display: flex; flex-wrap: wrap; gap: 8px 32px; }
dl.totals dt { font-size: 0.85em; opacity: 0.8; }
dl.totals dd { margin: 0; font-size: 1.3em; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
figure.chart { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
.chart-bar { fill: var(--accent); }
.chart-label, .chart-value { fill: currentColor; font-size: 12px; }
.group-tables { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
.note { opacity: 0.8; }
`;

/** Colours that follow the reader's light or dark preference. */
const STANDALONE_CSS = `
:root { color-scheme: light dark; --border: color-mix(in srgb, CanvasText 20%, transparent); --accent: #3b82c4; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 14px; margin: 16px 24px; background: Canvas; color: CanvasText; }
a { color: LinkText; }
h1 { font-size: 1.5em; }
h2 { font-size: 1.15em; margin-top: 24px; }
`;

export function renderHtmlReport(report: JsonReport): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prompt cost report: ${escapeHtml(report.root)}</title>
<style>${STANDALONE_CSS}${LAYOUT_CSS}</style>
</head>
<body>
<p class="note">Prompt Cost Lint report for <code>${escapeHtml(report.root)}</code></p>
${reportSectionsHtml(report)}
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
