/** The CI gates: --fail-on and --budget set the exit code and say why on stderr. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { formatPerMonth } from '../../server/src/engine/report/text';
import { makeWorkspace, runCli, scanJson } from './helpers';

// One uncapped gpt-4o call: a missing-max-tokens finding (raised to warning, as for application code) and nothing at error level.
const APP = `from openai import OpenAI

client = OpenAI()


def reply(question):
    return client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": question}],
    )
`;

const APPLICATION_RULES = { rules: { 'missing-max-tokens': 'warning' } };

function workspace(config: object = APPLICATION_RULES): string {
  return makeWorkspace({ 'app.py': APP, 'prompt-cost.config.json': JSON.stringify(config) });
}

describe('--fail-on', () => {
  const root = workspace();
  const report = scanJson(['.'], root);
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  const atOrAboveInfo = report.findings.length;

  test('the workspace has warnings and no errors', () => {
    assert.ok(report.findings.some((f) => f.rule === 'missing-max-tokens' && f.severity === 'warning'));
    assert.equal(report.findings.filter((f) => f.severity === 'error').length, 0);
  });

  test('without gates the scan exits 0 whatever it finds', () => {
    assert.equal(runCli(['scan', '.'], root).code, 0);
  });

  test('error: no finding at that level, exit 0', () => {
    const run = runCli(['scan', '--fail-on', 'error', '.'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });

  test('warning: exit 1 and the count on stderr, after the report', () => {
    const run = runCli(['scan', '--fail-on', 'warning', '.'], root);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `prompt-cost: ${warnings} finding${warnings === 1 ? '' : 's'} at or above warning (--fail-on warning)\n`);
    assert.match(run.stdout, /^Total: 1 call site/m);
  });

  test('info counts every finding', () => {
    const run = runCli(['scan', '--fail-on', 'info', '--format', 'json', '.'], root);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `prompt-cost: ${atOrAboveInfo} finding${atOrAboveInfo === 1 ? '' : 's'} at or above info (--fail-on info)\n`);
    assert.equal(JSON.parse(run.stdout).findings.length, atOrAboveInfo, 'stdout stays the parseable report');
  });

  test('a rule raised to error in the config trips --fail-on error', () => {
    const strict = workspace({ rules: { 'missing-max-tokens': 'error' } });
    const run = runCli(['scan', '--fail-on', 'error', '.'], strict);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'prompt-cost: 1 finding at or above error (--fail-on error)\n');
  });

  test('an unknown level is a usage error', () => {
    const run = runCli(['scan', '--fail-on', 'fatal', '.'], root);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "prompt-cost: --fail-on must be info, warning or error, not 'fatal'\n");
  });
});

describe('--budget', () => {
  const root = workspace();
  const total = scanJson(['.'], root).totals.perMonth;

  test('the estimate is a positive figure', () => {
    assert.ok(total > 1, `total ${total}`);
  });

  test('under the budget: exit 0', () => {
    const run = runCli(['scan', '--budget', String(Math.ceil(total) + 1), '.'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });

  test('a budget equal to the estimate passes: only exceeding fails', () => {
    assert.equal(runCli(['scan', '--budget', String(total), '.'], root).code, 0);
  });

  test('over the budget: exit 1 with the total and the budget', () => {
    const run = runCli(['scan', '--budget', '1', '.'], root);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `prompt-cost: estimated ${formatPerMonth(total)}/month is over the budget of $1.00/month (--budget 1)\n`);
  });

  test('the budget follows the usage assumptions', () => {
    const quiet = workspace({ ...APPLICATION_RULES, usage: { default: { callsPerDay: 1 } } });
    const quietTotal = scanJson(['.'], quiet).totals.perMonth;
    assert.ok(quietTotal < total / 100);
    assert.equal(runCli(['scan', '--budget', String(Math.ceil(total) - 1), '.'], quiet).code, 0);
  });

  test('both gates failing: both messages, exit 1, report still written to --output', () => {
    const out = path.join(root, 'report.md');
    const run = runCli(['scan', '--budget', '0.5', '--fail-on', 'warning', '--format', 'markdown', '--output', out, '.'], root);
    assert.equal(run.code, 1);
    assert.deepEqual(run.stderr.trimEnd().split('\n'), [
      'prompt-cost: 1 finding at or above warning (--fail-on warning)',
      `prompt-cost: estimated ${formatPerMonth(total)}/month is over the budget of $0.50/month (--budget 0.5)`,
    ]);
    assert.equal(run.stdout, '');
    assert.match(readFileSync(out, 'utf8'), /^## Prompt cost: \$[\d,.]+\/month\n/);
  });

  test('a budget that is not a number is a usage error', () => {
    const run = runCli(['scan', '--budget', 'lots', '.'], root);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "prompt-cost: --budget must be a number of USD per month, not 'lots'\n");
  });
});
