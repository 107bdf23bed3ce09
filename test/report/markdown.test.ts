import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownCell, renderMarkdownReport } from '../../server/src/engine/report/markdown';
import { sampleReport } from './sample-report';

const DOCS = 'https://github.com/prompt-cost-lint/prompt-cost-lint/blob/main/docs/rules/';

test('markdown: a pull-request-ready report with tables', () => {
  const md = renderMarkdownReport(sampleReport());
  const lines = md.split('\n');
  assert.equal(lines[0], '## Prompt cost: $361.50/month');
  assert.equal(
    lines[2],
    '4 call sites (1 without a price) · $0.00588 per call on average · 4 findings · savings available $306.00/month · $55.50/month if all fixes applied',
  );
  const table = lines.slice(lines.indexOf('### Call sites by monthly cost') + 2, lines.indexOf('### Call sites by monthly cost') + 8);
  assert.deepEqual(table, [
    '| Call site | Provider | Model | Tokens | $/call | $/month | Calls/day (from) |',
    '|---|---|---|---:|---:|---:|---|',
    '| `app/chat.py:10` | openai | gpt-4o | ≈177 | $0.01 | $300.00 | 1,000 (annotation on line 9) |',
    '| `web/a,b "x".ts:3` | anthropic | claude-haiku-4-5 | ≈177 | $0.002 | $60.00 | 1,000 (workspace default) |',
    '| `app/jobs.py:5` | openai | gpt-4o-mini | ≈177 | $0.001 | $1.50 | 50 (usage.files["app/jobs.py"]) |',
    '| `app/chat.py:30` | openai | ? (unresolved) | ≈177 | - | - | - |',
  ]);
  // Every table row has as many cells as its header.
  let headerCells = 0;
  let tables = 0;
  lines.forEach((line, index) => {
    if (!line.startsWith('|')) return;
    const cells = line.replace(/\\\|/g, '').split('|').length - 2;
    if (!lines[index - 1].startsWith('|')) {
      headerCells = cells;
      tables++;
    }
    assert.equal(cells, headerCells, line);
  });
  assert.equal(tables, 6);
  assert.ok(lines.includes('| Feature | Call sites | $/month | Share |'));
  assert.ok(lines.includes('| support | 1 | $300.00 | 83% |'));
  assert.ok(lines.includes(`| [flagship-on-simple-task](${DOCS}flagship-on-simple-task.md) | 1 | $250.00 |`));
  assert.ok(lines.includes('| **If all fixes applied** | | **$55.50/month** (−$306.00) |'));
  assert.ok(lines.includes('<details><summary>4 findings</summary>'));
  assert.ok(
    lines.includes(`- \`app/chat.py:30:12\` **error** [unknown-model](${DOCS}unknown-model.md): Unknown model "gpt-4o-mnii" \\| did you mean &lt;gpt-4o-mini&gt;?`),
  );
  assert.ok(lines.includes('- 1 call site at annotation on line 9 (1,000 calls per day): $300.00/month'));
  assert.ok(lines.includes('- Prices: prices-x, as of 2026-09-23. ≈ marks estimated token counts.'));
});

test('markdown cells cannot break the table', () => {
  assert.equal(markdownCell('a|b\nc <b>'), 'a\\|b c &lt;b&gt;');
});
