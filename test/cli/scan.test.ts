/** The `prompt-cost` command as a user runs it: the built dist/cli.js in a child process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { makeWorkspace, runCli, scanJson } from './helpers';

const OPENAI_CALL = `from openai import OpenAI

client = OpenAI()


def ask(question):
    return client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=100,
        messages=[{"role": "user", "content": question}],
    )
`;

const NO_SDK = `def add(a, b):
    return a + b
`;

test('json: the report has the schema fields, with the call line and forward-slash paths', () => {
  const root = makeWorkspace({ 'app/chat.py': OPENAI_CALL });
  const report = scanJson(['.'], root);
  assert.deepEqual(Object.keys(report), ['schemaVersion', 'root', 'prices', 'callSites', 'promptFiles', 'findings', 'totals', 'stats', 'problems']);
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.root, '.');
  assert.equal(report.callSites.length, 1);
  const site = report.callSites[0];
  assert.deepEqual(Object.keys(site), ['file', 'line', 'column', 'endLine', 'language', 'provider', 'api', 'model', 'modelSource', 'outputCap', 'promptTokens', 'cost']);
  assert.deepEqual(
    { file: site.file, line: site.line, column: site.column, endLine: site.endLine, language: site.language },
    { file: 'app/chat.py', line: 7, column: 12, endLine: 11, language: 'python' },
  );
  assert.deepEqual(
    { provider: site.provider, api: site.api, model: site.model, modelSource: site.modelSource, outputCap: site.outputCap },
    { provider: 'openai', api: 'chat.completions.create', model: 'gpt-4o-mini', modelSource: 'literal', outputCap: { param: 'max_tokens', value: 100 } },
  );
  assert.equal(site.promptTokens.tokenizer, 'o200k_base');
  assert.ok(site.cost && site.cost.perCall > 0);
  assert.equal(site.cost.callsPerDay, 1000);
  assert.equal(site.cost.currency, 'USD');
  // perMonth = perCall x calls per day x 30, both rounded to 6 significant digits.
  assert.ok(Math.abs(site.cost.perMonth - site.cost.perCall * 1000 * 30) <= site.cost.perMonth * 1e-5);
  assert.equal(report.totals.callSites, 1);
  assert.equal(report.totals.perMonth, site.cost.perMonth);
  assert.match(report.prices.asOf, /^\d{4}-\d{2}-\d{2}$/);
  assert.notEqual(report.prices.source, '');
});

test('json: the same workspace gives the same bytes twice', () => {
  const root = makeWorkspace({ 'b.py': OPENAI_CALL, 'a.py': OPENAI_CALL, 'sub/c.py': OPENAI_CALL });
  const first = runCli(['scan', '--format', 'json'], root);
  const second = runCli(['scan', '--format', 'json'], root);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, second.stdout);
  const report = JSON.parse(first.stdout) as { callSites: { file: string }[] };
  assert.deepEqual(report.callSites.map((s) => s.file), ['a.py', 'b.py', 'sub/c.py']);
});

test('text: a table with the call, the totals and the price footer', () => {
  const root = makeWorkspace({ 'app/chat.py': OPENAI_CALL });
  const run = runCli(['scan', root]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Location\s+Provider\s+Model\s+Cap\s+Tokens\s+\$\/call\s+\$\/month$/m);
  assert.match(run.stdout, /^app\/chat\.py:7\s+openai\s+gpt-4o-mini\s+max_tokens=100\s+/m);
  assert.match(run.stdout, /^Total: 1 call site, \$[\d,]+\.\d\d\/month/m);
  assert.match(run.stdout, /^Prices: .+, as of \d{4}-\d{2}-\d{2}\. ≈ marks estimated token counts\.$/m);
});

test('walker: node_modules, virtualenvs, build output and .gitignored files are skipped', () => {
  const root = makeWorkspace({
    'app.py': OPENAI_CALL,
    '.gitignore': 'generated/\n*.tmp.py\n',
    'generated/client.py': OPENAI_CALL,
    'scratch.tmp.py': OPENAI_CALL,
    'pkg/.gitignore': 'private.py\n',
    'pkg/private.py': OPENAI_CALL,
    'pkg/public.py': OPENAI_CALL,
    'node_modules/openai/index.js': 'const openai = require("openai");',
    '.venv/lib/site.py': OPENAI_CALL,
    'env/pyvenv.cfg': 'home = /usr/bin\n',
    'env/lib/site.py': OPENAI_CALL,
    'envs_are_fine/tool.py': OPENAI_CALL,
    'dist/bundle.js': 'import OpenAI from "openai";',
    'build/lib/x.py': OPENAI_CALL,
    'out/x.js': 'import OpenAI from "openai";',
    '.next/server.js': 'import OpenAI from "openai";',
    '__pycache__/x.py': OPENAI_CALL,
    'coverage/x.js': 'import OpenAI from "openai";',
    '.git/hooks/x.py': OPENAI_CALL,
    'notes.md': 'openai',
  });
  const report = scanJson([root]);
  assert.deepEqual([...new Set(report.callSites.map((s) => s.file))], ['app.py', 'envs_are_fine/tool.py', 'pkg/public.py']);
  assert.deepEqual(report.stats, { filesListed: 3, filesPrefiltered: 0, filesParsed: 3 });
});

test('walker: a negated .gitignore rule in a nested folder brings a file back', () => {
  const root = makeWorkspace({
    '.gitignore': 'legacy_*.py\n',
    'app/.gitignore': '!legacy_keep.py\n',
    'app/legacy_drop.py': OPENAI_CALL,
    'app/legacy_keep.py': OPENAI_CALL,
  });
  const report = scanJson([root]);
  assert.deepEqual(report.callSites.map((s) => s.file), ['app/legacy_keep.py']);
});

test('prefilter: files that mention no LLM SDK are listed but never parsed', () => {
  const root = makeWorkspace({ 'chat.py': OPENAI_CALL, 'math_utils.py': NO_SDK, 'web/util.ts': 'export const x = 1;\n' });
  const report = scanJson([root]);
  assert.deepEqual(report.stats, { filesListed: 3, filesPrefiltered: 2, filesParsed: 1 });
  assert.equal(report.callSites.length, 1);
});

test('walker: a symlink loop is walked once', () => {
  const root = makeWorkspace({ 'pkg/chat.py': OPENAI_CALL });
  symlinkSync('..', path.join(root, 'pkg', 'loop'));
  const report = scanJson([root]);
  assert.deepEqual(report.callSites.map((s) => s.file), ['pkg/chat.py']);
  assert.equal(report.stats.filesListed, 1);
});

test('paths: a single file or several folders can be scanned', () => {
  const root = makeWorkspace({ 'a/one.py': OPENAI_CALL, 'b/two.py': OPENAI_CALL, 'c/three.py': OPENAI_CALL });
  assert.deepEqual(scanJson(['a', 'b'], root).callSites.map((s) => s.file), ['a/one.py', 'b/two.py']);
  assert.deepEqual(scanJson(['c/three.py'], root).callSites.map((s) => s.file), ['three.py']);
});

test('config: calls per day from prompt-cost.config.json, by file glob then default', () => {
  const root = makeWorkspace({
    'prompt-cost.config.json': JSON.stringify({ usage: { default: { callsPerDay: 20 }, files: { 'jobs/**': { callsPerDay: 7 } } } }),
    'api/chat.py': OPENAI_CALL,
    'jobs/nightly.py': OPENAI_CALL,
  });
  const report = scanJson([root]);
  assert.deepEqual(
    report.callSites.map((s) => [s.file, s.cost?.callsPerDay]),
    [
      ['api/chat.py', 20],
      ['jobs/nightly.py', 7],
    ],
  );
});

test('config: --config points at another file', () => {
  const root = makeWorkspace({ 'chat.py': OPENAI_CALL, 'settings/costs.json': JSON.stringify({ usage: { default: { callsPerDay: 3 } } }) });
  const report = scanJson(['--config', 'settings/costs.json', '.'], root);
  assert.equal(report.callSites[0].cost?.callsPerDay, 3);
});

function assertUsageError(run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, `one line expected: ${run.stderr}`);
  assert.match(run.stderr, /^prompt-cost: /);
  assert.match(run.stderr, pattern);
}

test('config: a wrong value exits 2 naming the file and the JSON path', () => {
  const root = makeWorkspace({
    'chat.py': OPENAI_CALL,
    'prompt-cost.config.json': JSON.stringify({ usage: { default: { callsPerDay: 'lots' } } }),
  });
  assertUsageError(runCli(['scan', '.'], root), /^prompt-cost: prompt-cost\.config\.json: .*usage.*default.*callsPerDay.*: /);
});

test('config: malformed JSON exits 2 naming the file', () => {
  const root = makeWorkspace({ 'chat.py': OPENAI_CALL, 'prompt-cost.config.json': '{ "usage": ' });
  assertUsageError(runCli(['scan', '.'], root), /^prompt-cost: prompt-cost\.config\.json: /);
});

test('config: a missing --config file exits 2', () => {
  const root = makeWorkspace({ 'chat.py': OPENAI_CALL });
  assertUsageError(runCli(['scan', '--config', 'nope.json', '.'], root), /^prompt-cost: nope\.json: cannot read/);
});

test('usage: an unknown flag exits 2', () => {
  assertUsageError(runCli(['scan', '--colour', 'always']), /--colour/);
});

test('usage: an unknown command exits 2', () => {
  assertUsageError(runCli(['scna']), /unknown command 'scna'/);
});

test('usage: a bad --format exits 2', () => {
  assertUsageError(runCli(['scan', '--format', 'xml', 'examples']), /--format must be text, json, markdown, csv, sarif or html, not 'xml'/);
});

test('usage: a path that does not exist exits 2', () => {
  const root = makeWorkspace({ 'chat.py': OPENAI_CALL });
  assertUsageError(runCli(['scan', 'missing-folder'], root), /missing-folder: no such file or directory/);
});

test('usage: a path outside the root exits 2', () => {
  const root = makeWorkspace({ 'inside/chat.py': OPENAI_CALL, 'outside/chat.py': OPENAI_CALL });
  assertUsageError(runCli(['scan', '--root', 'inside', 'outside'], root), /outside: outside the workspace root inside/);
  assertUsageError(runCli(['scan', 'chat.py', '../outside'], path.join(root, 'inside')), /\.\.\/outside: outside the workspace root \./);
});

test('--help prints the usage and exits 0', () => {
  const run = runCli(['scan', '--help']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^Usage: prompt-cost scan \[paths\.\.\.\] \[options\]/);
  assert.match(run.stdout, /--format text\|json/);
  assert.match(run.stdout, /--config FILE/);
});
