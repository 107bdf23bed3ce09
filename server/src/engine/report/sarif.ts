/**
 * ScanResult -> SARIF 2.1.0, the format GitHub code scanning reads (github/codeql-action/upload-sarif).
 * Every rule of the registry is described (help text and a link to its docs page), so results can refer to
 * rules that did not fire in an earlier run too; findings become results with their level and location.
 */
import { RULES } from '../rules';
import type { Rule } from '../rules/rule';
import { aggregateReport, PROJECT_URL, ruleDocsUrl } from './aggregate';
import { toJsonReport, type JsonFinding, type JsonReport } from './json';
import type { ScanResult } from './types';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'prompt-cost';
/** Kept in step with package.json's version by the release. */
export const TOOL_VERSION = '0.1.0';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; fixable: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number; properties?: { cell: number } };
    };
  }[];
  properties?: { savingPerMonth: number | null; fixes: number };
}

export interface SarifLog {
  version: typeof SARIF_VERSION;
  $schema: string;
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifReportingDescriptor[] } };
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
    properties: { pricesSource: string; pricesAsOf: string; callSites: number; perMonth: number; savingsAvailable: number; ifAllFixesApplied: number };
  }[];
}

export function sarifLevel(severity: string): SarifLevel {
  if (severity === 'error') return 'error';
  if (severity === 'warning') return 'warning';
  return 'note';
}

/** A relative URI for a workspace path: each segment percent-encoded, slashes kept. */
export function artifactUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, _dash: string, ch: string) => ch.toUpperCase());
}

function describeRule(rule: Rule): SarifReportingDescriptor {
  const { meta } = rule;
  const url = ruleDocsUrl(meta.id);
  const text = [meta.docs.whatItDoes, '', `Why is this bad? ${meta.docs.whyBad}`, '', `Fix safety: ${meta.docs.fixSafety}`, '', `Documentation: ${url}`].join('\n');
  const markdown = [
    `**${meta.id}**: ${meta.description}`,
    '',
    '### What it does',
    meta.docs.whatItDoes,
    '',
    '### Why is this bad?',
    meta.docs.whyBad,
    '',
    '### Fix safety',
    meta.docs.fixSafety,
    '',
    `[Documentation](${url})`,
  ].join('\n');
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} ${meta.docs.whatItDoes}`.trim() },
    helpUri: url,
    help: { text, markdown },
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity) },
    properties: { tags: ['cost', 'llm'], fixable: meta.fixable },
  };
}

/** A rule the registry does not know (a newer engine's report): minimal metadata, still with a docs link. */
function describeUnknownRule(id: string, severity: string): SarifReportingDescriptor {
  const url = ruleDocsUrl(id);
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: id },
    fullDescription: { text: id },
    helpUri: url,
    help: { text: `Documentation: ${url}`, markdown: `[Documentation](${url})` },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: { tags: ['cost', 'llm'], fixable: 'none' },
  };
}

function result(finding: JsonFinding, ruleIndex: number): SarifResult {
  const saving = finding.savingPerMonth;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(finding.file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
            // In a notebook the region is inside the cell's source; the cell is named here (SARIF has no cells).
            ...(finding.cell !== undefined ? { properties: { cell: finding.cell } } : {}),
          },
        },
      },
    ],
    properties: { savingPerMonth: saving, fixes: finding.fixes.length },
  };
}

export function toSarif(report: JsonReport): SarifLog {
  const rules = RULES.map(describeRule);
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  for (const finding of report.findings) {
    if (indexOf.has(finding.rule)) continue;
    indexOf.set(finding.rule, rules.length);
    rules.push(describeUnknownRule(finding.rule, finding.severity));
  }
  const aggregate = aggregateReport(report);
  return {
    version: SARIF_VERSION,
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: PROJECT_URL, rules } },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((finding) => result(finding, indexOf.get(finding.rule)!)),
        properties: {
          pricesSource: report.prices.source,
          pricesAsOf: report.prices.asOf,
          callSites: aggregate.totals.callSites,
          perMonth: aggregate.totals.perMonth,
          savingsAvailable: aggregate.savingsAvailable,
          ifAllFixesApplied: aggregate.ifAllFixesApplied,
        },
      },
    ],
  };
}

export function renderSarif(result: ScanResult): string {
  return renderSarifReport(toJsonReport(result));
}

export function renderSarifReport(report: JsonReport): string {
  return JSON.stringify(toSarif(report), null, 2) + '\n';
}
