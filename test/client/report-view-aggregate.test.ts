/** The report view shows the same aggregate as the CLI reports: totals, chart, groups, savings, assumptions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReportHtml } from '../../client/src/report-view';
import { sampleReport } from '../report/sample-report';

const OPTIONS = { cspSource: 'vscode-webview://abc', nonce: 'n0nce123' };
const DOCS = 'https://github.com/prompt-cost-lint/prompt-cost-lint/blob/main/docs/rules/';

test('totals per month and per call, savings and the total if all fixes applied', () => {
  const html = renderReportHtml(sampleReport(), OPTIONS);
  assert.ok(html.includes('<div><dt>Per month</dt><dd>$361.50</dd></div>'));
  assert.ok(html.includes('<div><dt>Per call (average)</dt><dd>$0.00588</dd></div>'));
  assert.ok(html.includes('<div><dt>Savings available</dt><dd>$306.00/month</dd></div>'));
  assert.ok(html.includes('<div><dt>If all fixes applied</dt><dd>$55.50/month</dd></div>'));
});

test('an inline SVG chart by model and by feature, without inline style attributes', () => {
  const html = renderReportHtml(sampleReport(), OPTIONS);
  assert.equal(html.match(/<svg role="img"/g)?.length, 2);
  assert.ok(html.includes('<figcaption>Monthly cost by model</figcaption>'));
  assert.ok(html.includes('<figcaption>Monthly cost by feature</figcaption>'));
  assert.equal(html.match(/\sstyle=/g), null, 'the CSP allows no style attributes');
});

test('the call table sorts by any column from the keyboard, monthly cost first, with the calls-per-day source', () => {
  const html = renderReportHtml(sampleReport(), OPTIONS);
  assert.match(html, /<table class="sortable" id="call-sites">/);
  assert.equal(html.match(/<button type="button" class="sort"/g)?.length, 7);
  assert.ok(html.includes('<th scope="col" class="number" aria-sort="descending"><button type="button" class="sort" data-type="number">$/month</button></th>'));
  const locations = [...html.matchAll(/data-file="([^"]+)" data-line="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(locations, ['app/chat.py:10', 'web/a,b &quot;x&quot;.ts:3', 'app/jobs.py:5', 'app/chat.py:30']);
  assert.ok(html.includes('<td>1,000 (annotation on line 9)</td></tr>'));
  assert.ok(html.includes('<td>50 (usage.files[&quot;app/jobs.py&quot;])</td></tr>'));
  assert.match(html, /<script nonce="n0nce123">[\s\S]*table\.sortable[\s\S]*acquireVsCodeApi/);
});

test('groups by model, feature, provider and file; savings per rule link to the rule docs only', () => {
  const html = renderReportHtml(sampleReport(), OPTIONS);
  for (const caption of ['By model', 'By feature', 'By provider', 'By file']) assert.ok(html.includes(`<caption>${caption}</caption>`), caption);
  assert.ok(html.includes(`<tr><td><a href="${DOCS}flagship-on-simple-task.md">flagship-on-simple-task</a></td><td class="number">1</td><td class="number">$250.00</td></tr>`));
  const remote = html.match(/https?:\/\/[^"'\s<]*/g) ?? [];
  assert.ok(remote.length > 0);
  for (const url of remote) assert.ok(url.startsWith(DOCS), url);
  assert.equal(html.match(/\bsrc=/g), null);
});

test('assumptions and the price table date', () => {
  const html = renderReportHtml(sampleReport(), OPTIONS);
  assert.ok(html.includes('<li>1 call site at annotation on line 9 (1,000 calls per day): $300.00/month</li>'));
  assert.ok(html.includes('<li>Prices: prices-x, as of 2026-09-23. ≈ marks estimated token counts.</li>'));
});

test('a single-call view from a code lens leaves out the workspace overview', () => {
  const html = renderReportHtml(sampleReport(), { ...OPTIONS, filter: { file: 'app/jobs.py', line: 5 } });
  assert.ok(!html.includes('<dl class="totals">'));
  assert.ok(!html.includes('<svg'));
  assert.ok(html.includes('Showing app/jobs.py:5 only.'));
  assert.ok(html.includes('<h3>Assumptions</h3>'));
});
