/**
 * Findings -> LSP diagnostics. Each diagnostic carries its fixes already converted to LSP edits (in `data`),
 * so code actions are a lookup and never re-run analysis.
 */
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver';
import type { FileAnalysis } from '../engine/analyze';
import type { Finding, Fix, TextEdit as EngineEdit } from '../engine/model';
import type { LineIndex } from '../engine/text';
import type { FileLocator } from './files';
import { rangeOf } from './positions';

export const DIAGNOSTIC_SOURCE = 'prompt-cost';

/** Where rule documentation pages live; one page per rule id. */
export const RULE_DOCS_BASE_URL = 'https://github.com/prompt-cost-lint/prompt-cost-lint/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${ruleId}.md`;
}

/** One edit of a fix, in LSP terms, with the version of the document it was computed against. */
export interface FixEditData {
  uri: string;
  /** Document version the range refers to; null when the file was not open (disk text). */
  version: number | null;
  range: Range;
  newText: string;
}

export interface FixData {
  title: string;
  safe: boolean;
  edits: FixEditData[];
}

/** What a prompt-cost diagnostic carries in `data`. */
export interface DiagnosticData {
  rule: string;
  /** Version of the analysed document: fixes are offered only while it is still current. */
  version: number;
  callSiteId?: string;
  fixes: FixData[];
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Converts a fix; null when one of its files cannot be read (its ranges would be guesses). */
export function fixToData(fix: Fix, files: FileLocator): FixData | null {
  const edits: FixEditData[] = [];
  for (const edit of fix.edits) {
    const converted = editToData(edit, files);
    if (!converted) return null;
    edits.push(converted);
  }
  return { title: fix.title, safe: fix.safe, edits };
}

function editToData(edit: EngineEdit, files: FileLocator): FixEditData | null {
  const lines = files.linesOf(edit.file);
  if (!lines) return null;
  return { uri: files.uriOf(edit.file), version: files.versionOf(edit.file), range: rangeOf(lines, edit), newText: edit.newText };
}

export function findingToDiagnostic(finding: Finding, lines: LineIndex, version: number, files: FileLocator): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  for (const item of finding.related ?? []) {
    const relatedLines = files.linesOf(item.span.file);
    if (!relatedLines) continue;
    related.push({ location: { uri: files.uriOf(item.span.file), range: rangeOf(relatedLines, item.span) }, message: item.message });
  }
  const data: DiagnosticData = {
    rule: finding.rule,
    version,
    fixes: finding.fixes.map((fix) => fixToData(fix, files)).filter((fix): fix is FixData => fix !== null),
  };
  if (finding.callSiteId !== undefined) data.callSiteId = finding.callSiteId;
  const diagnostic: Diagnostic = {
    range: rangeOf(lines, finding.span),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    codeDescription: { href: ruleDocsUrl(finding.rule) },
    message: finding.message,
    data,
  };
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/**
 * Diagnostics of the analysed file. A finding about text in another file (a prompt constant, a prompt file)
 * is shown on its call, with the other place as related information.
 */
export function toDiagnostics(analysis: FileAnalysis, lines: LineIndex, version: number, files: FileLocator): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const finding of analysis.findings) {
    if (finding.span.file === analysis.file) {
      diagnostics.push(findingToDiagnostic(finding, lines, version, files));
      continue;
    }
    const call = analysis.callSites.find((analyzed) => analyzed.site.id === finding.callSiteId);
    if (!call) continue;
    const elsewhere = { span: finding.span, message: 'the text this finding is about' };
    const related = (finding.related ?? []).some((item) => sameSpan(item.span, finding.span)) ? finding.related : [elsewhere, ...(finding.related ?? [])];
    diagnostics.push(findingToDiagnostic({ ...finding, span: call.site.calleeSpan, related }, lines, version, files));
  }
  return diagnostics;
}

function sameSpan(a: { file: string; start: number; end: number }, b: { file: string; start: number; end: number }): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  const data = value as DiagnosticData | null;
  return !!data && typeof data === 'object' && typeof data.rule === 'string' && typeof data.version === 'number' && Array.isArray(data.fixes);
}
