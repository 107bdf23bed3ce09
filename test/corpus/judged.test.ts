/** The judged-corpus scorer: verdicts of findings still reported, gone judged findings, new unjudged ones. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { precisionOf, renderScores, scoreRepo, type JudgedRepo, type RuleScore } from '../../scripts/judged';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const judged: JudgedRepo = {
  repo: 'owner/name',
  commit: '0'.repeat(40),
  findings: [
    { path: 'a.py', line: 1, rule: 'r', verdict: 'correct', reason: 'x' },
    { path: 'a.py', line: 2, rule: 'r', verdict: 'worthless', reason: 'x' },
    { path: 'a.py', line: 3, rule: 'r', verdict: 'wrong', reason: 'x' },
    { path: 'b.py', line: 9, rule: 'r', verdict: 'correct', reason: 'x' },
  ],
  notSampled: { r: ['c.py:5'] },
};

test('verdicts count only while reported; worthless counts against precision; new findings are unjudged', () => {
  const scores = new Map<string, RuleScore>();
  scoreRepo(
    judged,
    [
      { file: 'a.py', line: 1, rule: 'r', message: 'm' },
      { file: 'a.py', line: 2, rule: 'r', message: 'm' },
      { file: 'b.py', line: 9, rule: 'r', message: 'm' },
      { file: 'c.py', line: 5, rule: 'r', message: 'seen when judged, not sampled' },
      { file: 'd.py', line: 7, rule: 'r', message: 'new' },
      { file: 'a.py', line: 3, rule: 'other', message: 'same place, another rule' },
    ],
    scores,
  );
  const r = scores.get('r')!;
  assert.deepEqual([r.correct, r.wrong, r.worthless, r.gone], [2, 0, 1, 1]);
  assert.deepEqual(r.unjudged.map((f) => `${f.file}:${f.line}`), ['d.py:7']);
  assert.equal(precisionOf(r), 2 / 3);
  assert.deepEqual(scores.get('other')!.unjudged.length, 1);
  assert.equal(
    renderScores(scores, new Map([['r', 'warning']])).split('\n')[3],
    '| r | warning | 3 | 2 | 0 | 1 | 67% | 1 | 1 |',
  );
});

test('every committed judgement is well formed and carries no code', () => {
  const dir = path.join(REPO_ROOT, 'corpus', 'findings');
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  assert.ok(files.length >= 8, `${files.length} repositories`);
  let total = 0;
  for (const name of files) {
    const repo = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as JudgedRepo;
    assert.equal(name, `${repo.repo.replace('/', '+')}.json`);
    assert.match(repo.commit, /^[0-9a-f]{40}$/);
    for (const finding of repo.findings) {
      assert.deepEqual(Object.keys(finding).sort(), ['line', 'path', 'reason', 'rule', 'verdict']);
      assert.ok(['correct', 'wrong', 'worthless'].includes(finding.verdict));
      assert.ok(Number.isInteger(finding.line) && finding.line > 0);
      assert.ok(finding.reason.length > 10 && finding.reason.length < 200 && !finding.reason.includes('\n'));
      total++;
    }
  }
  assert.ok(total >= 100, `${total} judged findings`);
});
