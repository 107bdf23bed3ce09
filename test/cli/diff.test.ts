/** `prompt-cost diff --base <ref>` on a temporary git repository. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { makeWorkspace, runCli } from './helpers';

const APP = (model: string) => `from openai import OpenAI

client = OpenAI()


def answer(question):
    return client.chat.completions.create(
        model="${model}",
        max_tokens=300,
        messages=[{"role": "user", "content": question}],
    )


def summarize(text):
    return client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=200,
        messages=[{"role": "user", "content": "Summarize: " + text}],
    )
`;

function git(root: string, ...args: string[]): string {
  const run = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** A repository whose first commit uses gpt-4o-mini and whose second swaps `answer` to gpt-4o. */
function repository(): string {
  const root = makeWorkspace({ 'app/chat.py': APP('gpt-4o-mini'), 'README.md': 'demo\n' });
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'gpt-4o-mini');
  writeFileSync(path.join(root, 'app', 'chat.py'), APP('gpt-4o'));
  git(root, 'commit', '-q', '-a', '-m', 'gpt-4o');
  return root;
}

interface Change {
  change: string;
  file: string;
  api: string;
  function: string | null;
  occurrence: number;
  base: { line: number; model: string; cost: { perMonth: number } } | null;
  head: { line: number; model: string; cost: { perMonth: number } } | null;
  perMonthDelta: number;
}

interface DiffJson {
  base: { ref: string; commit: string };
  callSites: Change[];
  files: { file: string; basePerMonth: number; headPerMonth: number; perMonthDelta: number }[];
  totals: { basePerMonth: number; headPerMonth: number; perMonthDelta: number; added: number; removed: number; changed: number; unchanged: number };
}

function diffJson(root: string, ...args: string[]): DiffJson {
  const run = runCli(['diff', '--format', 'json', ...args], root);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as DiffJson;
}

const money = (value: number) => Number(value.toPrecision(6));

describe('diff', () => {
  const root = repository();

  test('a commit that swaps gpt-4o-mini for gpt-4o: a positive delta for that file', () => {
    const diff = diffJson(root, '--base', 'HEAD~1');
    assert.equal(diff.base.ref, 'HEAD~1');
    assert.equal(diff.base.commit, git(root, 'rev-parse', 'HEAD~1').trim());
    assert.equal(diff.callSites.length, 1);
    const [change] = diff.callSites;
    assert.equal(change.change, 'changed');
    assert.equal(change.file, 'app/chat.py');
    assert.equal(change.function, 'answer');
    assert.equal(change.base!.model, 'gpt-4o-mini');
    assert.equal(change.head!.model, 'gpt-4o');
    assert.ok(change.perMonthDelta > 0);
    assert.equal(change.perMonthDelta, money(change.head!.cost.perMonth - change.base!.cost.perMonth));
    assert.deepEqual(diff.files.map((f) => [f.file, f.perMonthDelta]), [['app/chat.py', change.perMonthDelta]]);
    assert.equal(diff.totals.perMonthDelta, change.perMonthDelta);
    assert.equal(diff.totals.perMonthDelta, money(diff.totals.headPerMonth - diff.totals.basePerMonth));
    assert.deepEqual([diff.totals.added, diff.totals.removed, diff.totals.changed, diff.totals.unchanged], [0, 0, 1, 1]);
  });

  test('against HEAD with a clean working tree nothing changes', () => {
    const diff = diffJson(root, '--base', 'HEAD');
    assert.deepEqual(diff.callSites, []);
    assert.equal(diff.totals.perMonthDelta, 0);
    assert.equal(diff.totals.unchanged, 2);
  });

  test('working-tree edits: added and removed calls, matched by function not by line', () => {
    const scratch = repository();
    const edited =
      '# a comment that shifts every line\n\n' +
      APP('gpt-4o').replace(/\n\ndef summarize[\s\S]*$/, '\n') +
      `

def translate(text):
    return client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=100,
        messages=[{"role": "user", "content": "Translate: " + text}],
    )
`;
    writeFileSync(path.join(scratch, 'app', 'chat.py'), edited);
    const before = readFileSync(path.join(scratch, 'app', 'chat.py'), 'utf8');
    const diff = diffJson(scratch, '--base', 'HEAD');
    assert.equal(readFileSync(path.join(scratch, 'app', 'chat.py'), 'utf8'), before, 'the working tree is untouched');
    assert.equal(git(scratch, 'status', '--porcelain'), ' M app/chat.py\n');
    const brief = diff.callSites.map((c) => [c.change, c.function, c.base?.line ?? null, c.head?.line ?? null]).sort();
    assert.deepEqual(brief, [
      ['added', 'translate', null, 18],
      ['removed', 'summarize', 15, null],
    ]);
    const removed = diff.callSites.find((c) => c.change === 'removed')!;
    const added = diff.callSites.find((c) => c.change === 'added')!;
    assert.equal(removed.perMonthDelta, -removed.base!.cost.perMonth);
    assert.equal(added.perMonthDelta, added.head!.cost.perMonth);
    assert.equal(diff.totals.unchanged, 1, 'answer moved two lines down and is still the same call');
    assert.equal(diff.totals.perMonthDelta, money(added.perMonthDelta + removed.perMonthDelta));
  });

  test('a new file is added, a deleted file removed; imported constants resolve within each side', () => {
    const scratch = makeWorkspace({
      'models.py': 'MODEL = "gpt-4o-mini"\n',
      'bot.py': APP('gpt-4o-mini').replace('model="gpt-4o-mini",\n        max_tokens=300', 'model=MODEL,\n        max_tokens=300').replace('from openai import OpenAI', 'from openai import OpenAI\nfrom models import MODEL'),
      'old.py': APP('gpt-4o-mini'),
    });
    git(scratch, 'init', '-q');
    git(scratch, 'add', '.');
    git(scratch, 'commit', '-q', '-m', 'base');
    writeFileSync(path.join(scratch, 'models.py'), 'MODEL = "gpt-4o"\n');
    git(scratch, 'rm', '-q', 'old.py');
    writeFileSync(path.join(scratch, 'new.py'), APP('gpt-4o-mini'));
    const diff = diffJson(scratch, '--base', 'HEAD');
    const brief = diff.callSites.map((c) => `${c.change} ${c.file} ${c.function} ${c.base?.model ?? '-'} -> ${c.head?.model ?? '-'}`).sort();
    assert.deepEqual(brief, [
      'added new.py answer - -> gpt-4o-mini',
      'added new.py summarize - -> gpt-4o-mini',
      'changed bot.py answer gpt-4o-mini -> gpt-4o',
      'removed old.py answer gpt-4o-mini -> -',
      'removed old.py summarize gpt-4o-mini -> -',
    ]);
    const changed = diff.callSites.find((c) => c.change === 'changed')!;
    assert.ok(changed.perMonthDelta > 0);
  });

  test('markdown is a pull-request comment with the delta and a table', () => {
    const run = runCli(['diff', '--base', 'HEAD~1', '--format', 'markdown'], root);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0], /^## Prompt cost: \+\$[\d,]+\.\d\d\/month \(\+\d+\.\d%\)$/);
    assert.ok(lines.includes('| Change | Call site | Model | Before $/month | After $/month | Δ $/month |'));
    assert.ok(lines.some((line) => /^\| changed \| `app\/chat\.py:7` `chat\.completions\.create` in `answer` \| gpt-4o-mini → gpt-4o \| \$[\d,.]+ \| \$[\d,.]+ \| \*\*\+\$[\d,.]+\*\* \|$/.test(line)), run.stdout);
  });

  test('text names the change and the total', () => {
    const run = runCli(['diff', '--base', 'HEAD~1'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^changed  app\/chat\.py:7  chat\.completions\.create in answer  gpt-4o-mini → gpt-4o  \$[\d,.]+ -> \$[\d,.]+  \+\$[\d,.]+\/month$/m);
    assert.match(run.stdout, /^Total: \$[\d,.]+\/month -> \$[\d,.]+\/month, \+\$[\d,.]+\/month \(\+[\d.]+%\); 0 added, 0 removed, 1 changed, 1 unchanged$/m);
  });

  test('a ref that is not a commit, a missing --base, or no repository: exit 2', () => {
    assert.deepEqual(runCli(['diff', '--base', 'no-such-branch'], root), {
      code: 2,
      stdout: '',
      stderr: 'prompt-cost: --base no-such-branch: not a commit in this repository\n',
    });
    assert.equal(runCli(['diff'], root).stderr, 'prompt-cost: diff needs --base <git ref> (for example --base origin/main)\n');
    assert.equal(runCli(['diff', '--base', '--upload-pack=x'], root).code, 2);
    const plain = makeWorkspace({ 'a.py': APP('gpt-4o') });
    const outside = runCli(['diff', '--base', 'HEAD'], plain);
    // The temporary folder is not inside any repository.
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /^prompt-cost: \.: not inside a git repository/);
  });
});
