/**
 * Every report format by name, over the JSON report, so the CLI and the language server's export render the
 * same bytes for the same scan.
 */
import { renderCsvReport } from './csv';
import { renderHtmlReport } from './html';
import type { JsonReport } from './json';
import { renderMarkdownReport } from './markdown';
import { renderSarifReport } from './sarif';
import { renderTextReport } from './text';

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'csv', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** File name extension for each format, for save dialogs and default output names. */
export const REPORT_FILE_EXTENSIONS: Readonly<Record<ReportFormat, string>> = {
  text: 'txt',
  json: 'json',
  markdown: 'md',
  csv: 'csv',
  sarif: 'sarif',
  html: 'html',
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function renderReportAs(report: JsonReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'markdown':
      return renderMarkdownReport(report);
    case 'csv':
      return renderCsvReport(report);
    case 'sarif':
      return renderSarifReport(report);
    case 'html':
      return renderHtmlReport(report);
    case 'text':
      return renderTextReport(report);
  }
}
