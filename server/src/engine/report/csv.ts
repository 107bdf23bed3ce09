/**
 * ScanResult -> CSV (RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, a quote or a
 * line break, quotes doubled). One row per call site, highest monthly cost first, with where its assumptions
 * came from, so a spreadsheet can regroup the figures.
 */
import { aggregateReport, callSiteOfFinding } from './aggregate';
import { jsonInputTokens, toJsonReport, type JsonReport } from './json';
import type { ScanResult } from './types';

export const CSV_COLUMNS = [
  'file',
  'line',
  'column',
  'language',
  'provider',
  'api',
  'model',
  'modelSource',
  'feature',
  'outputCapParam',
  'outputCapValue',
  'staticTokens',
  'dynamicTokensEstimate',
  'overheadTokens',
  'tokenizer',
  'expectedOutputTokens',
  'expectedOutputSource',
  'callsPerDay',
  'usageSource',
  'usageDetail',
  'priceRow',
  'costPerCallUsd',
  'costPerMonthUsd',
  'findings',
  'savingPerMonthUsd',
  'pricesSource',
  'pricesAsOf',
  // The input split by what sends it (sums to inputTokens).
  'inputTokens',
  'systemTokens',
  'messageTokens',
  'toolTokens',
  'schemaTokens',
  'imageTokens',
  // Calls without a price: why, and how to price them; calls whose model is set at run time: what sets it.
  'unpricedReason',
  'howToPrice',
  'runtimeModel',
  'modelAssumptionSource',
  // Notebooks only: the 1-based cell that `line` and `column` are inside (last: the fields before may hold commas).
  'cell',
] as const;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(result: ScanResult): string {
  return renderCsvReport(toJsonReport(result));
}

export function renderCsvReport(report: JsonReport): string {
  const { callSites } = aggregateReport(report);
  const findingsAt = new Map<string, { count: number; saving: number }>();
  for (const finding of report.findings) {
    const site = callSiteOfFinding(finding, callSites);
    if (!site) continue;
    const key = `${site.file}:${site.cell ?? ''}:${site.line}:${site.column}`;
    const entry = findingsAt.get(key) ?? { count: 0, saving: 0 };
    entry.count++;
    entry.saving += finding.savingPerMonth ?? 0;
    findingsAt.set(key, entry);
  }
  const rows: (string | number | null)[][] = [[...CSV_COLUMNS]];
  for (const site of callSites) {
    const findings = findingsAt.get(`${site.file}:${site.cell ?? ''}:${site.line}:${site.column}`);
    rows.push([
      site.file,
      site.line,
      site.column,
      site.language,
      site.provider,
      site.api,
      site.model,
      site.modelSource,
      site.cost?.usage?.feature ?? null,
      site.outputCap?.param ?? null,
      site.outputCap?.value ?? null,
      site.promptTokens.static,
      site.promptTokens.dynamicEstimate,
      site.promptTokens.overhead,
      site.promptTokens.tokenizer,
      site.cost?.expectedOutputTokens ?? null,
      site.cost?.expectedOutputSource ?? null,
      site.cost?.callsPerDay ?? null,
      site.cost?.usage?.source ?? null,
      site.cost?.usage?.detail ?? null,
      site.cost?.price?.model ?? null,
      site.cost?.perCall ?? null,
      site.cost?.perMonth ?? null,
      findings?.count ?? 0,
      findings ? Number(findings.saving.toPrecision(6)) : 0,
      report.prices.source,
      report.prices.asOf,
      jsonInputTokens(site),
      site.promptTokens.breakdown?.system ?? null,
      site.promptTokens.breakdown?.messages ?? null,
      site.promptTokens.tools ?? 0,
      site.promptTokens.schema ?? 0,
      site.promptTokens.images ?? 0,
      site.cost ? null : site.costNote ?? 'no price',
      site.cost ? null : site.howToPrice ?? null,
      site.runtimeModel?.description ?? null,
      site.modelAssumption?.detail ?? null,
      site.cell ?? null,
    ]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
