import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/engine/rules';
import { artifactUri, renderSarifReport, toSarif } from '../../server/src/engine/report/sarif';
import { EXAMPLES_DIR, runCli } from '../cli/helpers';
import { sampleReport } from './sample-report';

const DOCS = 'https://github.com/prompt-cost-lint/prompt-cost-lint/blob/main/docs/rules/';

/** The parts of SARIF 2.1.0 that GitHub code scanning requires, checked field by field. */
function assertSarifStructure(log: any): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.ok(Array.isArray(log.runs));
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.name, 'prompt-cost');
  assert.equal(driver.informationUri, 'https://github.com/prompt-cost-lint/prompt-cost-lint');
  assert.ok(Array.isArray(driver.rules) && driver.rules.length >= RULES.length);
  for (const rule of driver.rules) {
    assert.match(rule.id, /^[a-z][a-z0-9-]*$/);
    assert.equal(typeof rule.shortDescription.text, 'string');
    assert.ok(rule.shortDescription.text.length > 0);
    assert.equal(typeof rule.fullDescription.text, 'string');
    assert.equal(rule.helpUri, `${DOCS}${rule.id}.md`);
    assert.ok(rule.help.text.includes(rule.helpUri), `help.text of ${rule.id} links its docs`);
    assert.ok(rule.help.markdown.includes(`(${rule.helpUri})`), `help.markdown of ${rule.id} links its docs`);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  const ids = driver.rules.map((rule: { id: string }) => rule.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const result of run.results) {
    assert.ok(ids.includes(result.ruleId));
    assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.equal(typeof result.message.text, 'string');
    assert.ok(result.locations.length >= 1);
    const physical = result.locations[0].physicalLocation;
    assert.equal(typeof physical.artifactLocation.uri, 'string');
    assert.ok(!physical.artifactLocation.uri.startsWith('/'), 'relative to the checkout');
    assert.ok(Number.isInteger(physical.region.startLine) && physical.region.startLine >= 1);
    assert.ok(Number.isInteger(physical.region.startColumn) && physical.region.startColumn >= 1);
  }
}

test('sarif: rule metadata from the registry and one result per finding', () => {
  const log = toSarif(sampleReport());
  assertSarifStructure(log);
  const run = log.runs[0];
  assert.deepEqual(
    run.tool.driver.rules.map((rule) => rule.id),
    RULES.map((rule) => rule.meta.id),
  );
  const missing = run.tool.driver.rules.find((rule) => rule.id === 'missing-max-tokens')!;
  const meta = RULES.find((rule) => rule.meta.id === 'missing-max-tokens')!.meta;
  assert.equal(missing.shortDescription.text, meta.description);
  assert.equal(missing.defaultConfiguration.level, meta.defaultSeverity === 'info' ? 'note' : meta.defaultSeverity);
  assert.ok(missing.help.markdown.includes('### Why is this bad?'));
  assert.ok(missing.help.text.includes(meta.docs.whyBad));

  assert.deepEqual(
    run.results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
    [
      ['flagship-on-simple-task', 'warning', 'app/chat.py', 10],
      ['missing-max-tokens', 'warning', 'app/chat.py', 11],
      ['unknown-model', 'error', 'app/chat.py', 30],
      ['verbose-phrasing', 'note', 'web/a%2Cb%20%22x%22.ts', 3],
    ],
  );
  assert.deepEqual(run.results[2].message, { text: 'Unknown model "gpt-4o-mnii" | did you mean <gpt-4o-mini>?' });
  assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 10, startColumn: 12, endLine: 10, endColumn: 40 });
  assert.equal(run.properties.perMonth, 361.5);
  assert.equal(run.properties.pricesAsOf, '2026-09-23');
});

test('sarif: a finding of a rule the registry does not know still gets a rule entry', () => {
  const report = sampleReport();
  report.findings = [{ ...report.findings[0], rule: 'future-rule' }];
  const log = toSarif(report);
  assertSarifStructure(log);
  assert.equal(log.runs[0].results[0].ruleIndex, RULES.length);
  assert.equal(log.runs[0].tool.driver.rules[RULES.length].id, 'future-rule');
});

test('sarif: artifact URIs are percent-encoded per path segment', () => {
  assert.equal(artifactUri('src/my app/ü.py'), 'src/my%20app/%C3%BC.py');
  assert.equal(renderSarifReport(sampleReport()).endsWith('}\n'), true);
});

test('scan --format sarif --output writes a valid log for the examples', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-sarif-'));
  const out = path.join(dir, 'results.sarif');
  const run = runCli(['scan', '--format', 'sarif', '--output', out, EXAMPLES_DIR]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
  const log = JSON.parse(readFileSync(out, 'utf8'));
  assertSarifStructure(log);
  assert.ok(log.runs[0].results.length > 0);
  assert.ok(log.runs[0].results.some((r: any) => r.ruleId === 'missing-max-tokens' && r.locations[0].physicalLocation.artifactLocation.uri === 'python-support-bot/support_bot/handlers.py'));
});
