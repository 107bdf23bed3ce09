/** The Action's comment body: under GitHub's size limit, cut at a whole line, the gates' verdict kept. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMENT_MARKER, commentBody, MAX_COMMENT_CHARS, reportMarkdown } from '../../server/src/action/action';
import type { CallSiteChange, CostDiff } from '../../server/src/cli/diff-report';
import { callSiteCosting } from '../report/sample-report';

function diffWith(changes: number): CostDiff {
  const callSites: CallSiteChange[] = Array.from({ length: changes }, (_, index) => ({
    change: 'added',
    file: `services/module_${index}/handlers.py`,
    api: 'chat.completions.create',
    function: `handle_${index}`,
    occurrence: 0,
    base: null,
    head: callSiteCosting(`services/module_${index}/handlers.py`, 10 + index, 12.5),
    perMonthDelta: 12.5,
  }));
  return {
    schemaVersion: 1,
    base: { ref: 'main', commit: 'a'.repeat(40) },
    root: '.',
    prices: { source: 'test', asOf: '2026-01-01' },
    callSites,
    files: [],
    totals: { basePerMonth: 0, headPerMonth: 12.5 * changes, perMonthDelta: 12.5 * changes, added: changes, removed: 0, changed: 0, unchanged: 0 },
    findings: { new: [], resolved: [] },
    problems: [],
  };
}

test('a small diff is the whole report', () => {
  const diff = diffWith(3);
  assert.equal(commentBody(diff, []), reportMarkdown(diff, []));
  assert.ok(commentBody(diff, []).startsWith(COMMENT_MARKER + '\n## Prompt cost: +$37.50/month'));
});

test('a diff too big for a comment is cut at a whole line and keeps the marker and the failed gates', () => {
  const diff = diffWith(3000);
  const failures = ['estimated $37,500.00/month is over the budget of $100.00/month (--budget 100)'];
  const full = reportMarkdown(diff, failures);
  assert.ok(full.length > MAX_COMMENT_CHARS);
  const body = commentBody(diff, failures);
  assert.ok(body.length <= MAX_COMMENT_CHARS);
  assert.ok(body.startsWith(COMMENT_MARKER));
  assert.match(body, /\n\n_Cut to fit a comment: the whole diff is in the job summary._\n\n> \*\*Failed:\*\* estimated \$37,500\.00\/month is over the budget/);
  // Everything before the note is a prefix of the full report ending at a line break: no half table row.
  const kept = body.slice(0, body.indexOf('\n\n_Cut to fit'));
  assert.ok(full.startsWith(kept));
  assert.ok(full[kept.length] === '\n');
  assert.match(kept.slice(kept.lastIndexOf('\n') + 1), /^\| added \| .* \|$/);
});
