import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateReport, describeUsage } from '../../server/src/engine/report/aggregate';
import { isReportFormat, renderReportAs, REPORT_FORMATS } from '../../server/src/engine/report/formats';
import { renderMarkdownReport } from '../../server/src/engine/report/markdown';
import { sampleReport } from './sample-report';

test('totals per month and per call, weighted by calls per day', () => {
  const { totals } = aggregateReport(sampleReport());
  assert.deepEqual(totals, {
    callSites: 4,
    priced: 3,
    unpriced: 1,
    unpricedRuntime: 0,
    perMonth: 361.5,
    callsPerMonth: 61500,
    perCall: 0.00587805,
    findings: 4,
    findingsBySeverity: { error: 1, warning: 2, info: 1 },
  });
});

test('call sites by monthly cost, unpriced last', () => {
  const { callSites } = aggregateReport(sampleReport());
  assert.deepEqual(
    callSites.map((site) => `${site.file}:${site.line}`),
    ['app/chat.py:10', 'web/a,b "x".ts:3', 'app/jobs.py:5', 'app/chat.py:30'],
  );
});

test('groups by model, feature, provider and file', () => {
  const { groups } = aggregateReport(sampleReport());
  const brief = (list: typeof groups.model) => list.map((g) => [g.name, g.callSites, g.unpriced, g.perMonth, Number(g.share.toFixed(4))]);
  assert.deepEqual(brief(groups.model), [
    ['gpt-4o', 1, 0, 300, 0.8299],
    ['claude-haiku-4-5', 1, 0, 60, 0.166],
    ['gpt-4o-mini', 1, 0, 1.5, 0.0041],
    ['(unresolved)', 1, 1, 0, 0],
  ]);
  assert.deepEqual(brief(groups.feature), [
    ['support', 1, 0, 300, 0.8299],
    ['(no feature)', 3, 1, 61.5, 0.1701],
  ]);
  assert.deepEqual(brief(groups.provider), [
    ['openai', 3, 1, 301.5, 0.834],
    ['anthropic', 1, 0, 60, 0.166],
  ]);
  assert.deepEqual(brief(groups.file), [
    ['app/chat.py', 2, 1, 300, 0.8299],
    ['web/a,b "x".ts', 1, 0, 60, 0.166],
    ['app/jobs.py', 1, 0, 1.5, 0.0041],
  ]);
});

test('savings per rule are sums; together they never exceed what a call costs', () => {
  const aggregate = aggregateReport(sampleReport());
  assert.deepEqual(aggregate.savingsByRule, [
    { rule: 'flagship-on-simple-task', findings: 1, savingPerMonth: 250 },
    { rule: 'missing-max-tokens', findings: 1, savingPerMonth: 100 },
    { rule: 'verbose-phrasing', findings: 1, savingPerMonth: 6 },
    { rule: 'unknown-model', findings: 1, savingPerMonth: 0 },
  ]);
  // 250 + 100 on the $300 call count as $300; plus $6.
  assert.equal(aggregate.savingsAvailable, 306);
  assert.equal(aggregate.ifAllFixesApplied, 55.5);
});

test('usage assumptions grouped by where calls per day came from', () => {
  const { usage } = aggregateReport(sampleReport());
  assert.deepEqual(usage, [
    { source: 'annotation', detail: 'annotation on line 9', callsPerDay: 1000, callSites: 1, perMonth: 300 },
    { source: 'default', detail: 'workspace default (1,000 calls per day)', callsPerDay: 1000, callSites: 1, perMonth: 60 },
    { source: 'file-glob', detail: 'usage.files["app/jobs.py"]', callsPerDay: 50, callSites: 1, perMonth: 1.5 },
  ]);
  assert.deepEqual(usage.map(describeUsage), [
    'annotation on line 9 (1,000 calls per day)',
    'workspace default (1,000 calls per day)',
    'usage.files["app/jobs.py"] (50 calls per day)',
  ]);
});

test('an empty report aggregates to zeros', () => {
  const empty = { ...sampleReport(), callSites: [], findings: [], totals: { callSites: 0, perMonth: 0, findings: 0 } };
  const aggregate = aggregateReport(empty);
  assert.equal(aggregate.totals.perMonth, 0);
  assert.equal(aggregate.totals.perCall, 0);
  assert.equal(aggregate.savingsAvailable, 0);
  assert.equal(aggregate.ifAllFixesApplied, 0);
  assert.deepEqual(aggregate.groups.model, []);
});

test('every format renders from the JSON report by name', () => {
  const report = sampleReport();
  assert.deepEqual([...REPORT_FORMATS], ['text', 'json', 'markdown', 'csv', 'sarif', 'html']);
  assert.equal(renderReportAs(report, 'json'), JSON.stringify(report, null, 2) + '\n');
  assert.equal(renderReportAs(report, 'markdown'), renderMarkdownReport(report));
  assert.match(renderReportAs(report, 'csv'), /^file,line,column,/);
  assert.equal(JSON.parse(renderReportAs(report, 'sarif')).version, '2.1.0');
  assert.match(renderReportAs(report, 'html'), /^<!DOCTYPE html>/);
  assert.match(renderReportAs(report, 'text'), /^Prompt Cost Lint: \.\n/);
  assert.equal(isReportFormat('sarif'), true);
  assert.equal(isReportFormat('xml'), false);
});
