import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChartSvg, renderHtmlReport } from '../../server/src/engine/report/html';
import { sampleReport } from './sample-report';

const DOCS = 'https://github.com/prompt-cost-lint/prompt-cost-lint/blob/main/docs/rules/';

function attributes(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'gi'))].map((m) => m[2] ?? m[3] ?? m[4]);
}

test('html: one self-contained file, no external references except documentation links', () => {
  const report = sampleReport();
  const html = renderHtmlReport(report);
  assert.deepEqual(attributes(html, 'src'), [], 'no src attribute at all');
  for (const href of attributes(html, 'href')) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) assert.ok(href.startsWith(DOCS), `external link ${href} is a rule's documentation`);
  }
  assert.deepEqual(
    attributes(html, 'href'),
    [`${DOCS}flagship-on-simple-task.md`, `${DOCS}missing-max-tokens.md`, `${DOCS}verbose-phrasing.md`, `${DOCS}unknown-model.md`],
  );
  assert.equal(html.match(/<script/g)?.length, 1, 'one inline script');
  assert.match(html, /<script>[^<]*button\.sort/);
  assert.ok(!/<link\b/i.test(html), 'no linked stylesheet');
  assert.ok(!/@import|url\(/i.test(html), 'no CSS imports or url()');
  assert.ok(!/http:\/\//.test(html), 'no http:// anywhere');
  assert.ok(/color-scheme: light dark/.test(html), 'follows the light or dark preference');
});

test('html: totals, sortable call-site table by monthly cost, groups, savings and assumptions', () => {
  const html = renderHtmlReport(sampleReport());
  assert.ok(html.includes('<h1>Prompt cost: $361.50/month</h1>'));
  assert.ok(html.includes('<dt>Savings available</dt><dd>$306.00/month</dd>'));
  assert.ok(html.includes('<dt>If all fixes applied</dt><dd>$55.50/month</dd>'));
  const rows = [...html.matchAll(/<tr><td data-value="[^"]*"><code>([^<]*)<\/code><\/td>/g)].map((m) => m[1]);
  assert.deepEqual(rows, ['app/chat.py:10', 'web/a,b &quot;x&quot;.ts:3', 'app/jobs.py:5', 'app/chat.py:30']);
  assert.match(html, /<table class="sortable" id="call-sites">/);
  assert.match(html, /<th scope="col" class="number" aria-sort="descending"><button type="button" class="sort" data-type="number">\$\/month<\/button><\/th>/);
  for (const caption of ['By model', 'By feature', 'By provider', 'By file']) assert.ok(html.includes(`<caption>${caption}</caption>`), caption);
  assert.ok(html.includes('<td>1,000 (annotation on line 9)</td>'));
  assert.ok(html.includes('<li>1 call site at usage.files[&quot;app/jobs.py&quot;] (50 calls per day): $1.50/month</li>'));
  assert.ok(html.includes('<li>Prices: prices-x, as of 2026-09-23. ≈ marks estimated token counts.</li>'));
});

test('html: values from the code are escaped', () => {
  const report = sampleReport();
  report.callSites[0].model = '<img src=x onerror=alert(1)>';
  const html = renderHtmlReport(report);
  assert.ok(!html.includes('<img'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
});

test('bar chart: inline SVG, bars scaled to the largest group, nothing for an empty list', () => {
  const svg = barChartSvg('Monthly cost by model', [
    { name: 'gpt-4o', callSites: 1, unpriced: 0, perMonth: 300, share: 0.8 },
    { name: 'gpt-4o-mini', callSites: 1, unpriced: 0, perMonth: 75, share: 0.2 },
  ]);
  assert.deepEqual([...svg.matchAll(/<rect class="chart-bar"[^>]* width="(\d+)"/g)].map((m) => Number(m[1])), [320, 80]);
  assert.match(svg, /^<figure class="chart"><figcaption>Monthly cost by model<\/figcaption><svg role="img"/);
  assert.ok(!svg.includes('style='), 'no inline style attributes (strict CSP)');
  assert.equal(barChartSvg('x', []), '');
});
