/**
 * Notebooks through the built CLI: the fixture notebooks in test/fixtures/notebooks/ scanned in every format,
 * bad notebooks as problems, and `--fix` rewriting only the changed cells' sources in the JSON.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { REPO_ROOT, runCli, scanJson, type JsonReportShape } from './helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'notebooks');

function copyOfFixtures(): string {
  const workspace = path.join(mkdtempSync(path.join(tmpdir(), 'prompt-cost-notebooks-')), 'notebooks');
  cpSync(FIXTURES, workspace, { recursive: true });
  return workspace;
}

describe('scan of the fixture notebooks', () => {
  let report: JsonReportShape;
  before(() => {
    report = scanJson([FIXTURES]);
  });

  test('JSON: each call names its cell (1-based, markdown cells counted), lines inside the cell', () => {
    const calls = report.callSites.map((site) => ({ file: site.file, cell: site.cell, line: site.line, column: site.column, model: site.model, modelSource: site.modelSource }));
    assert.deepEqual(calls, [
      { file: 'triage.ipynb', cell: 5, line: 2, column: 12, model: 'gpt-4o', modelSource: 'constant' },
      { file: 'triage.ipynb', cell: 6, line: 2, column: 11, model: 'claude-sonnet-4-5', modelSource: 'literal' },
    ]);
    const missingCap = report.findings.find((finding) => finding.rule === 'missing-max-tokens')!;
    assert.equal(missingCap.cell, 5);
    // The model swap edits the constant in cell 3; the cap goes into cell 5.
    const swap = report.findings.find((finding) => finding.rule === 'flagship-on-simple-task')!;
    assert.deepEqual(swap.fixes[0].edits.map((edit) => [edit.cell, edit.line]), [[3, 1]]);
  });

  test('a %%bash cell and the outputs are not analysed', () => {
    // Cell 7 (%%bash) and the stdout of cell 5 both spell an OpenAI call; neither is a call site.
    assert.equal(report.callSites.length, 2);
  });

  test('invalid JSON and a non-Python kernel are problems naming the file; the scan goes on', () => {
    assert.deepEqual(
      report.problems.map((problem) => [problem.file, problem.message.replace(/ \(.*\)$/, '')]),
      [
        ['broken.ipynb', 'not a valid notebook: the JSON does not parse'],
        ['r-kernel.ipynb', "not analysed: the notebook's kernel language is R, not Python"],
      ],
    );
    assert.deepEqual(report.stats, { filesListed: 3, filesPrefiltered: 0, filesParsed: 3 });
  });

  test('text: locations read nb.ipynb:cell N:line', () => {
    const run = runCli(['scan', FIXTURES]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^triage\.ipynb:cell 5:2 +openai +gpt-4o /m);
    assert.match(run.stdout, /^ {2}cell 5:2:12 {2}info {2}missing-max-tokens/m);
    assert.match(run.stdout, /^ {2}r-kernel\.ipynb:1 {2}not analysed/m);
  });

  test('SARIF: the region is inside the cell source and names the cell', () => {
    const run = runCli(['scan', FIXTURES, '--format', 'sarif']);
    assert.equal(run.code, 0, run.stderr);
    const results = JSON.parse(run.stdout).runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, unknown> } }[] }[];
    const missingCap = results.find((result) => result.ruleId === 'missing-max-tokens')!;
    assert.deepEqual(missingCap.locations[0].physicalLocation.artifactLocation.uri, 'triage.ipynb');
    assert.deepEqual(missingCap.locations[0].physicalLocation.region, { startLine: 2, startColumn: 12, endLine: 2, endColumn: 42, properties: { cell: 5 } });
  });

  test('Markdown and HTML: notebook locations link to the notebook', () => {
    const markdown = runCli(['scan', FIXTURES, '--format', 'markdown']);
    assert.equal(markdown.code, 0, markdown.stderr);
    assert.ok(markdown.stdout.includes('[`triage.ipynb:cell 5:2`](triage.ipynb)'), markdown.stdout);
    assert.ok(markdown.stdout.includes('[`triage.ipynb:cell 5:2:12`](triage.ipynb)'));
    const html = runCli(['scan', FIXTURES, '--format', 'html']);
    assert.equal(html.code, 0, html.stderr);
    assert.ok(html.stdout.includes('<a href="triage.ipynb"><code>triage.ipynb:cell 5:2</code></a>'));
  });

  test('CSV: a cell column', () => {
    const run = runCli(['scan', FIXTURES, '--format', 'csv']);
    // The cell is the last column (quoted fields before it may hold commas).
    const rows = run.stdout.trim().split('\r\n').map((row) => row.split(','));
    assert.equal(rows[0][rows[0].length - 1], 'cell');
    assert.deepEqual(rows.slice(1).map((row) => row[row.length - 1]).sort(), ['5', '6']);
  });
});

describe('scan --fix on a notebook', () => {
  let workspace: string;
  let original: string;
  let run: ReturnType<typeof runCli>;
  before(() => {
    workspace = copyOfFixtures();
    original = readFileSync(path.join(workspace, 'triage.ipynb'), 'utf8');
    run = runCli(['scan', '.', '--fix', '--unsafe-fixes'], workspace);
  });

  test('prints each fix with its cell', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^fixed triage\.ipynb:cell 5:2 missing-max-tokens: Add max_completion_tokens=\d+/m);
    assert.match(run.stdout, /^fixed triage\.ipynb:cell 5:2 flagship-on-simple-task: Use gpt-4o-mini instead of gpt-4o$/m);
  });

  test('round trip: only the changed cells\u2019 sources differ, the JSON otherwise byte for byte', () => {
    const fixed = readFileSync(path.join(workspace, 'triage.ipynb'), 'utf8');
    const before = JSON.parse(original);
    const after = JSON.parse(fixed);
    const changedCells = after.cells.map((cell: unknown, index: number) => (JSON.stringify(cell) === JSON.stringify(before.cells[index]) ? null : index + 1)).filter((index: number | null) => index !== null);
    assert.deepEqual(changedCells, [3, 5]);
    for (const index of [2, 4]) assert.deepEqual({ ...after.cells[index], source: null }, { ...before.cells[index], source: null });
    assert.deepEqual({ ...after, cells: null }, { ...before, cells: null });
    // Line by line: the fix added one source line and changed one; nothing else in the file moved.
    const originalLines = original.split('\n');
    const fixedLines = fixed.split('\n');
    assert.equal(fixedLines.length, originalLines.length + 1);
    const removed = originalLines.filter((line) => !fixedLines.includes(line));
    const added = fixedLines.filter((line) => !originalLines.includes(line));
    assert.deepEqual(removed, ['    "MODEL = \\"gpt-4o\\"\\n",']);
    assert.deepEqual(added.sort(), ['    "    max_completion_tokens=16,\\n",', '    "MODEL = \\"gpt-4o-mini\\"\\n",']);
  });

  test('the fixed notebook is still valid nbformat, and its code still compiles', () => {
    const fixed = JSON.parse(readFileSync(path.join(workspace, 'triage.ipynb'), 'utf8'));
    const code = fixed.cells
      .filter((cell: { cell_type: string }) => cell.cell_type === 'code')
      .map((cell: { source: string[] }) => cell.source.join(''))
      .filter((source: string) => !source.startsWith('%%bash'))
      .map((source: string) => source.replace(/^[%!].*$/gm, 'pass'))
      .join('\n');
    const file = path.join(workspace, 'cells.py');
    writeFileSync(file, code);
    const compiled = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);
  });

  test('a rescan finds nothing more to fix, and the broken notebooks are untouched', () => {
    const again = runCli(['scan', '.', '--fix', '--unsafe-fixes'], workspace);
    assert.match(again.stdout, /^No fixes applied\.$/m);
    for (const name of ['broken.ipynb', 'r-kernel.ipynb']) {
      assert.equal(readFileSync(path.join(workspace, name), 'utf8'), readFileSync(path.join(FIXTURES, name), 'utf8'));
    }
  });
});

test('a notebook larger than maxFileSizeBytes because of its outputs is still scanned', () => {
  const workspace = copyOfFixtures();
  const file = path.join(workspace, 'triage.ipynb');
  const notebook = JSON.parse(readFileSync(file, 'utf8'));
  // A 1.5 MB image output, as plots leave behind.
  notebook.cells[4].outputs.push({ output_type: 'display_data', metadata: {}, data: { 'image/png': 'iVBOR'.padEnd(1_500_000, 'A') } });
  writeFileSync(file, JSON.stringify(notebook, null, 1));
  const report = scanJson(['.'], workspace);
  assert.equal(report.callSites.filter((site) => site.file === 'triage.ipynb').length, 2);
});

test('diff: a model changed in a notebook cell is one changed call site, located in its cell', () => {
  const workspace = copyOfFixtures();
  const git = (...args: string[]) => {
    const run = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: workspace, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  };
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'notebooks');
  const file = path.join(workspace, 'triage.ipynb');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"MODEL = \\"gpt-4o\\"\\n"', '"MODEL = \\"gpt-4.1\\"\\n"'));
  const run = runCli(['diff', '--base', 'HEAD', '--format', 'json'], workspace);
  assert.equal(run.code, 0, run.stderr);
  const diff = JSON.parse(run.stdout) as { callSites: { change: string; file: string; base: { model: string; cell?: number; line: number } | null; head: { model: string; cell?: number; line: number } | null }[] };
  assert.deepEqual(
    diff.callSites.map((site) => [site.change, site.file, site.base?.model, site.head?.model, site.head?.cell, site.head?.line]),
    [['changed', 'triage.ipynb', 'gpt-4o', 'gpt-4.1', 5, 2]],
  );
  const text = runCli(['diff', '--base', 'HEAD'], workspace);
  assert.match(text.stdout, /triage\.ipynb:cell 5:2/);
});
