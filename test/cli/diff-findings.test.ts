/** `prompt-cost diff`: new and resolved findings, and the --fail-on / --budget gates on a diff. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from './helpers';
import { chatApp, repositoryWith } from './git-repo';

interface FindingShape {
  rule: string;
  severity: string;
  file: string;
  line: number;
}

interface DiffShape {
  totals: { headPerMonth: number };
  findings: { new: FindingShape[]; resolved: FindingShape[] };
}

function diffOf(root: string, ...args: string[]): { code: number | null; diff: DiffShape; stderr: string } {
  const run = runCli(['diff', '--base', 'HEAD~1', '--format', 'json', ...args], root);
  return { code: run.code, diff: JSON.parse(run.stdout) as DiffShape, stderr: run.stderr };
}

describe('diff findings', () => {
  const capRemoved = repositoryWith({ 'app/chat.py': chatApp('gpt-4o-mini', 300) }, { 'app/chat.py': '# moved down\n\n' + chatApp('gpt-4o-mini', null) }).root;
  const capAdded = repositoryWith({ 'app/chat.py': chatApp('gpt-4o-mini', null) }, { 'app/chat.py': chatApp('gpt-4o-mini', 300) }).root;

  test('removing the cap: missing-max-tokens is a new finding on the moved call', () => {
    const { code, diff } = diffOf(capRemoved);
    assert.equal(code, 0);
    const rules = diff.findings.new.map((finding) => [finding.rule, finding.file, finding.line]);
    assert.deepEqual(rules.filter(([rule]) => rule === 'missing-max-tokens'), [['missing-max-tokens', 'app/chat.py', 10]]);
    assert.equal(diff.findings.resolved.filter((finding) => finding.rule === 'missing-max-tokens').length, 0);
  });

  test('adding the cap: the finding is resolved, nothing new', () => {
    const { diff } = diffOf(capAdded);
    assert.deepEqual(diff.findings.new, []);
    assert.deepEqual(diff.findings.resolved.map((finding) => finding.rule), ['missing-max-tokens']);
  });

  test('an unchanged finding is neither new nor resolved', () => {
    const same = repositoryWith({ 'app/chat.py': chatApp('gpt-4o-mini', null) }, { 'app/chat.py': '\n\n' + chatApp('gpt-4o-mini', null), 'notes.md': 'x\n' }).root;
    const { diff } = diffOf(same);
    assert.deepEqual([diff.findings.new.length, diff.findings.resolved.length], [0, 0]);
  });

  test('--fail-on counts new findings only', () => {
    const failing = runCli(['diff', '--base', 'HEAD~1', '--fail-on', 'info'], capRemoved);
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stderr, /new finding.* at or above info \(--fail-on info\)/);
    assert.match(failing.stdout, /New findings\n {2}app\/chat\.py:10 {2}\w+ {2}.*\(missing-max-tokens\)/);
    // The base already had the finding; the head only resolves it.
    assert.equal(runCli(['diff', '--base', 'HEAD~1', '--fail-on', 'info'], capAdded).code, 0);
  });

  test('--budget compares the working tree\'s monthly estimate', () => {
    const { diff } = diffOf(capAdded);
    assert.ok(diff.totals.headPerMonth > 0);
    const over = runCli(['diff', '--base', 'HEAD~1', '--budget', String(diff.totals.headPerMonth / 2)], capAdded);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /over the budget/);
    assert.equal(runCli(['diff', '--base', 'HEAD~1', '--budget', String(diff.totals.headPerMonth * 2)], capAdded).code, 0);
    const bad = runCli(['diff', '--base', 'HEAD~1', '--budget', 'lots'], capAdded);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--budget must be a number/);
  });

  test('the Markdown comment lists new findings', () => {
    const run = runCli(['diff', '--base', 'HEAD~1', '--format', 'markdown'], capRemoved);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /### New findings \(\d+\)/);
    assert.match(run.stdout, /\| `app\/chat\.py:10` \| `missing-max-tokens` \|/);
  });
});
