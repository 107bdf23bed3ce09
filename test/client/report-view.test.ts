import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  contentSecurityPolicy,
  escapeHtml,
  isOpenLocationMessage,
  renderReportHtml,
  sortByMonthlyCost,
} from '../../client/src/report-view';
import type { JsonCallSite, JsonReport } from '../../server/src/engine/report/json';
import { callSiteCosting } from '../report/sample-report';

const site = (file: string, line: number, perMonth: number | null, model: string | null = 'gpt-4o') =>
  callSiteCosting(file, line, perMonth, { model, promptTokens: { static: 1200, dynamicEstimate: 50, overhead: 7, tokenizer: 'o200k_base' } });

function report(callSites: JsonCallSite[]): JsonReport {
  return {
    schemaVersion: 1,
    root: '.',
    prices: { source: '@pydantic/genai-prices 0.1.8', asOf: '2026-09-23' },
    callSites,
    findings: [],
    totals: { callSites: callSites.length, perMonth: callSites.reduce((sum, s) => sum + (s.cost?.perMonth ?? 0), 0), findings: 0 },
    stats: { filesListed: 1, filesPrefiltered: 0, filesParsed: 1 },
    problems: [],
  };
}

const OPTIONS = { cspSource: 'vscode-webview://abc', nonce: 'n0nce123' };

describe('report view', () => {
  test('escapes HTML in every value taken from the code', () => {
    assert.equal(escapeHtml(`<img src=x onerror="alert('1')">&`), '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
    const html = renderReportHtml(report([site('src/<script>alert(1)</script>.py', 3, 12, '"><img src=x>')]), OPTIONS);
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(!html.includes('"><img src=x>'));
    assert.ok(html.includes('src/&lt;script&gt;alert(1)&lt;/script&gt;.py:3'));
    assert.ok(html.includes('<td>&quot;&gt;&lt;img src=x&gt;</td>'));
  });

  test('has a strict nonce-based content security policy in a meta tag', () => {
    const html = renderReportHtml(report([site('a.py', 1, 5)]), OPTIONS);
    const policy = "default-src 'none'; style-src vscode-webview://abc 'nonce-n0nce123'; script-src 'nonce-n0nce123'; img-src vscode-webview://abc data:";
    assert.equal(contentSecurityPolicy(OPTIONS.cspSource, OPTIONS.nonce), policy);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">`));
    assert.equal(html.match(/<script nonce="n0nce123">/g)?.length, 1);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.equal(html.match(/<style nonce="n0nce123">/g)?.length, 1);
  });

  test('loads nothing remote', () => {
    const html = renderReportHtml(report([site('a.py', 1, 5), site('b.py', 2, 7)]), OPTIONS);
    assert.deepEqual(html.match(/https?:\/\//g), null);
    assert.deepEqual(html.match(/\bsrc=/g), null);
  });

  test('rows are sorted by monthly cost, unpriced calls last, with location links', () => {
    const sites = [site('a.py', 10, 5), site('b.py', 2, null, null), site('c.py', 7, 1234.5), site('a.py', 3, 5)];
    assert.deepEqual(sortByMonthlyCost(sites).map((s) => `${s.file}:${s.line}`), ['c.py:7', 'a.py:3', 'a.py:10', 'b.py:2']);
    const html = renderReportHtml(report(sites), OPTIONS);
    const locations = [...html.matchAll(/data-file="([^"]+)" data-line="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    assert.deepEqual(locations, ['c.py:7', 'a.py:3', 'a.py:10', 'b.py:2']);
    assert.ok(html.includes('<td class="number">$1,235</td>'));
    assert.ok(html.includes('<td>? (unresolved)</td><td class="number">≈ 1,257</td><td class="number">-</td><td class="number">-</td>'));
    assert.ok(html.includes('<h2>Prompt cost: $1,245/month</h2>'));
  });

  test('a filter from a code lens shows only that call', () => {
    const html = renderReportHtml(report([site('a.py', 10, 5), site('c.py', 7, 1234.5)]), { ...OPTIONS, filter: { file: 'a.py', line: 10 } });
    const locations = [...html.matchAll(/data-file="([^"]+)" data-line="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    assert.deepEqual(locations, ['a.py:10']);
    assert.ok(html.includes('Showing a.py:10 only.'));
  });

  test('theme colours come from VS Code CSS variables', () => {
    const html = renderReportHtml(report([]), OPTIONS);
    assert.ok(html.includes('color: var(--vscode-foreground)'));
    assert.ok(html.includes('background: var(--vscode-editor-background)'));
    assert.ok(html.includes('No LLM call sites found.'));
  });

  test('accepts only well-formed open-location messages from the page', () => {
    assert.equal(isOpenLocationMessage({ type: 'open', file: 'a.py', line: 3, column: 1 }), true);
    assert.equal(isOpenLocationMessage({ type: 'open', file: 'a.py', line: 0, column: 1 }), false);
    assert.equal(isOpenLocationMessage({ type: 'run', file: 'a.py', line: 3 }), false);
    assert.equal(isOpenLocationMessage(null), false);
    assert.equal(isOpenLocationMessage({ type: 'open', file: 'nb.ipynb', line: 2, column: 1, cell: 5 }), true);
    assert.equal(isOpenLocationMessage({ type: 'open', file: 'nb.ipynb', line: 2, column: 1, cell: 0 }), false);
  });

  test('a notebook call links to its cell', () => {
    const html = renderReportHtml(report([{ ...site('nb.ipynb', 2, 10), cell: 5 }, site('a.py', 3, 5)]), OPTIONS);
    assert.ok(html.includes('data-file="nb.ipynb" data-line="2" data-column="12" data-cell="5">nb.ipynb:cell 5:2</a>'), html);
    assert.ok(html.includes('data-file="a.py" data-line="3" data-column="12">a.py:3</a>'));
  });
});
