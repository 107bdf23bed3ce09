/** The JSON and text renderers over a hand-made ScanResult: no parsing, no prices, just the contract. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalyzedCallSite, FileAnalysis } from '../../server/src/engine/analyze';
import type { Finding } from '../../server/src/engine/model';
import { roundMoney, toJsonReport } from '../../server/src/engine/report/json';
import { formatPerCall, renderText } from '../../server/src/engine/report/text';
import { computeLineStarts, positionAt, type ScanResult } from '../../server/src/engine/report/types';

const TEXT_A = 'import openai\n\nx = client.chat.completions.create(\n    model="gpt-4o")\n';
const TEXT_B = 'a\nb\nc\nd\nresp = claude.messages.create(model=M, max_tokens=800)\n';

function analyzed(file: string, start: number, end: number, fields: { provider: string; api: string; model: string | null; cap: number | null; perCall: number | null; exact: boolean; dynamic: number }): AnalyzedCallSite {
  const span = { file, start, end };
  const site = {
    id: `${file}:${start}`,
    file,
    language: 'python',
    span,
    calleeSpan: span,
    provider: fields.provider,
    api: fields.api,
    kind: 'generation',
    model: { value: fields.model, source: fields.model ? 'literal' : 'unknown', editable: false },
    outputCap: fields.cap === null ? null : { param: 'max_tokens', value: fields.cap, span },
  } as unknown as AnalyzedCallSite['site'];
  const usage = { callsPerDay: 1000, source: 'default' as const, detail: 'workspace default' };
  return {
    site,
    tokens: { static: 100, dynamicEstimate: fields.dynamic, overhead: 7, cachedPrefix: 0, tokenizer: fields.exact ? 'o200k_base' : 'estimate:chars/3.5', exact: fields.exact, perPart: [] },
    cost:
      fields.perCall === null
        ? null
        : ({ currency: 'USD', perCall: fields.perCall, perMonth: fields.perCall * 1000 * 30, callsPerDay: 1000, expectedOutputTokens: 500, expectedOutputSource: 'default for a call with no cap (500)', usage, price: { model: 'gpt-4o', source: 'prices-x', asOf: '2025-10-01', inputPerMTok: 2.5, outputPerMTok: 10 } } as unknown as AnalyzedCallSite['cost']),
    usage,
  };
}

function finding(file: string, start: number, rule: string): Finding {
  return {
    rule,
    severity: 'warning',
    file,
    span: { file, start, end: start + 4 },
    message: `${rule} message`,
    savingPerMonth: 12.3456789,
    fixes: [{ title: 'Fix it', safe: false, edits: [{ file: 'prompts.py', start: 2, end: 5, newText: 'new' }] }],
  };
}

function sampleResult(): ScanResult {
  const b: FileAnalysis = {
    file: 'b.py',
    language: 'python',
    callSites: [analyzed('b.py', 15, 62, { provider: 'anthropic', api: 'messages.create', model: null, cap: 800, perCall: null, exact: false, dynamic: 0 })],
    findings: [finding('b.py', 15, 'unknown-model')],
    errors: [],
    comments: [],
  };
  const a: FileAnalysis = {
    file: 'a.py',
    language: 'python',
    callSites: [analyzed('a.py', 19, 68, { provider: 'openai', api: 'chat.completions.create', model: 'gpt-4o', cap: null, perCall: 0.00123456789, exact: true, dynamic: 0 })],
    findings: [finding('a.py', 19, 'missing-max-tokens'), finding('a.py', 19, 'flagship-on-simple-task')],
    errors: [],
    comments: [],
  };
  return {
    root: '/ws',
    displayRoot: '.',
    prices: { source: 'prices-x', asOf: '2025-10-01' },
    files: [b, a],
    lineStarts: { 'a.py': computeLineStarts(TEXT_A), 'b.py': computeLineStarts(TEXT_B), 'prompts.py': computeLineStarts('X = 1\nY = 2\n') },
    stats: { filesListed: 5, filesPrefiltered: 3, filesParsed: 2 },
    problems: [{ file: 'c.py', line: 3, message: 'parse error' }],
  };
}

test('positions are 1-based and handle CRLF line ends', () => {
  const starts = computeLineStarts('ab\r\ncd\ne');
  assert.deepEqual(starts, [0, 4, 7]);
  assert.deepEqual(positionAt(starts, 0), { line: 1, column: 1 });
  assert.deepEqual(positionAt(starts, 5), { line: 2, column: 2 });
  assert.deepEqual(positionAt(starts, 7), { line: 3, column: 1 });
});

test('money keeps 6 significant digits', () => {
  assert.equal(roundMoney(0.00123456789), 0.00123457);
  assert.equal(roundMoney(37037.0366), 37037);
  assert.equal(roundMoney(0), 0);
});

test('json: call sites and findings sorted by file and line, with lines from offsets', () => {
  const report = toJsonReport(sampleResult());
  assert.deepEqual(report.callSites, [
    {
      file: 'a.py',
      line: 3,
      column: 5,
      endLine: 4,
      language: 'python',
      provider: 'openai',
      api: 'chat.completions.create',
      model: 'gpt-4o',
      modelSource: 'literal',
      outputCap: null,
      promptTokens: { static: 100, dynamicEstimate: 0, overhead: 7, tokenizer: 'o200k_base', tools: 0, schema: 0, images: 0, input: 107 },
      cost: {
        perCall: 0.00123457,
        perMonth: 37.037,
        callsPerDay: 1000,
        currency: 'USD',
        expectedOutputTokens: 500,
        expectedOutputSource: 'default for a call with no cap (500)',
        usage: { source: 'default', detail: 'workspace default' },
        price: { model: 'gpt-4o', source: 'prices-x', asOf: '2025-10-01', inputPerMTok: 2.5, outputPerMTok: 10 },
      },
    },
    {
      file: 'b.py',
      line: 5,
      column: 8,
      endLine: 5,
      language: 'python',
      provider: 'anthropic',
      api: 'messages.create',
      model: null,
      modelSource: 'unknown',
      outputCap: { param: 'max_tokens', value: 800 },
      promptTokens: { static: 100, dynamicEstimate: 0, overhead: 7, tokenizer: 'estimate:chars/3.5', tools: 0, schema: 0, images: 0, input: 107 },
      cost: null,
      howToPrice: 'add a `prompt-cost: model=<model>` comment above the call (quick fix "Assume a model for this call…"), or set `"models": { "provider:anthropic": "<model>" }` in prompt-cost.config.json',
    },
  ]);
  assert.deepEqual(
    report.findings.map((f) => [f.file, f.line, f.column, f.rule]),
    [
      ['a.py', 3, 5, 'flagship-on-simple-task'],
      ['a.py', 3, 5, 'missing-max-tokens'],
      ['b.py', 5, 8, 'unknown-model'],
    ],
  );
  assert.deepEqual(report.findings[0].fixes, [
    { title: 'Fix it', safe: false, edits: [{ file: 'prompts.py', line: 1, column: 3, endLine: 1, endColumn: 6, newText: 'new' }] },
  ]);
  assert.equal(report.findings[0].savingPerMonth, 12.3457);
  assert.deepEqual(report.totals, { callSites: 2, perMonth: 37.037, findings: 3 });
  assert.deepEqual(report.stats, { filesListed: 5, filesPrefiltered: 3, filesParsed: 2 });
  assert.deepEqual(report.problems, [{ file: 'c.py', line: 3, message: 'parse error' }]);
});

test('text: aligned table, findings by file, totals and the price footer', () => {
  assert.equal(
    renderText(sampleResult()),
    [
      'Prompt Cost Lint: .',
      '',
      'Location  Provider   Model           Cap             Tokens    $/call  $/month',
      '--------  ---------  --------------  --------------  ------  --------  -------',
      'a.py:3    openai     gpt-4o          none               107  $0.00123   $37.04',
      'b.py:5    anthropic  ? (unresolved)  max_tokens=800    ≈107         -        -',
      '',
      'Findings (3)',
      '',
      'a.py',
      '  3:5  warning  flagship-on-simple-task  flagship-on-simple-task message',
      '  3:5  warning  missing-max-tokens  missing-max-tokens message',
      '',
      'b.py',
      '  5:8  warning  unknown-model  unknown-model message',
      '',
      'Without a price (1)',
      '  b.py:5  model unknown',
      '  To price calls whose model is set at run time: add `prompt-cost: model=<id>` in a comment on or above the call (in VS Code, the quick fix "Assume a model for this call…"), or map what sets the model under "models" in prompt-cost.config.json, or give the variable a value in .env.example.',
      '',
      'Problems (1)',
      '  c.py:3  parse error',
      '',
      'Total: 2 call sites, $37.04/month (1 without a price), 3 findings',
      'Files: 5 listed, 2 parsed, 3 skipped (no LLM SDK mentioned)',
      'Usage: 1 call site at workspace default (1,000 calls per day).',
      'Prices: prices-x, as of 2025-10-01. ≈ marks estimated token counts.',
      '',
    ].join('\n'),
  );
});

test('per-call prices keep three significant digits without exponents', () => {
  assert.equal(formatPerCall(0.0031), '$0.0031');
  assert.equal(formatPerCall(0.000012345), '$0.0000123');
  assert.equal(formatPerCall(0.5), '$0.50');
  assert.equal(formatPerCall(2.345), '$2.35');
  assert.equal(formatPerCall(0), '$0');
});
