/**
 * `scan --fix --unsafe-fixes` never loses data inside a prompt: pretty-printed JSON records whose lines repeat
 * from record to record, and HTML rows that repeat, come out with the same value (JSON) or byte for byte (HTML).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { matchingBracket } from '../../server/src/engine/rules/prompt-structure';
import { REPO_ROOT, runCli, type CliRun } from './helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'prompt-data');

/** The JSON array inside the Python SYSTEM constant, parsed. */
function recordsIn(source: string): unknown {
  const body = source.slice(source.indexOf('SYSTEM = """'), source.indexOf('"""\n', source.indexOf('SYSTEM = """') + 12));
  const open = body.indexOf('[');
  const close = matchingBracket(body, open);
  assert.ok(open >= 0 && close > open, 'the records are still one JSON array');
  return JSON.parse(body.slice(open, close));
}

const tableRows = (source: string) => source.split('\n').filter((line) => line.includes('<tr>'));

describe('scan --fix --unsafe-fixes on prompts that embed data', () => {
  let workspace: string;
  let run: CliRun;

  before(() => {
    workspace = path.join(mkdtempSync(path.join(tmpdir(), 'prompt-cost-data-')), 'app');
    cpSync(FIXTURES, workspace, { recursive: true });
    run = runCli(['scan', workspace, '--fix', '--unsafe-fixes']);
  });

  test('the scan succeeds', () => {
    assert.equal(run.code, 0, run.stderr);
  });

  test('pretty-printed JSON records keep every record and every field', () => {
    const original = readFileSync(path.join(FIXTURES, 'billing_records.py'), 'utf8');
    const fixed = readFileSync(path.join(workspace, 'billing_records.py'), 'utf8');
    const records = recordsIn(fixed) as { subscription_status_code: string }[];
    assert.equal(records.length, 6);
    assert.ok(records.every((record) => record.subscription_status_code === 'ACTIVE'));
    assert.deepEqual(records, recordsIn(original));
    assert.doesNotMatch(run.stdout, /billing_records\.py:\d+ verbose-phrasing/);
  });

  test('HTML rows are byte-identical while the repeated prose sentence goes', () => {
    const original = readFileSync(path.join(FIXTURES, 'order_table.ts'), 'utf8');
    const fixed = readFileSync(path.join(workspace, 'order_table.ts'), 'utf8');
    assert.deepEqual(tableRows(fixed), tableRows(original));
    assert.equal(tableRows(fixed).length, 4);
    const sentence = 'Answer in one short sentence and never guess an order number that is not in the table.';
    assert.equal(fixed.split(sentence).length - 1, 1, 'one copy of the repeated sentence is left');
  });
});
