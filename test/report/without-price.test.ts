/**
 * Calls without a price in every report format: the text and Markdown "Without a price" sections, the JSON
 * fields (additive to schemaVersion 1) and the CSV columns. Scans the fixture shapes under
 * test/fixtures/runtime-models/shapes/ with the real engine.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { scanPaths } from '../../server/src/cli/scan';
import { aggregateReport, suggestedModelsKeys } from '../../server/src/engine/report/aggregate';
import { CSV_COLUMNS, renderCsvReport } from '../../server/src/engine/report/csv';
import { toJsonReport, type JsonReport } from '../../server/src/engine/report/json';
import { reportSectionsHtml } from '../../server/src/engine/report/html';
import { renderMarkdownReport } from '../../server/src/engine/report/markdown';
import { renderTextReport } from '../../server/src/engine/report/text';
import { callSite, sampleReport } from './sample-report';

const REPO_ROOT = join(__dirname, '..', '..', '..');
let report: JsonReport;

before(async () => {
  report = toJsonReport(await scanPaths({ paths: ['test/fixtures/runtime-models/shapes'], cwd: REPO_ROOT }));
});

describe('calls without a price', () => {
  test('JSON: each runtime call says what sets its model and how to price it', () => {
    const site = report.callSites.find((candidate) => candidate.file.endsWith('handlers.py') && candidate.line === 12)!;
    assert.equal(site.cost, null);
    assert.equal(site.costNote, 'model set at run time (environment variable OPENAI_MODEL)');
    assert.deepEqual(site.runtimeModel, { kind: 'env', name: 'OPENAI_MODEL', description: 'environment variable OPENAI_MODEL' });
    assert.match(site.howToPrice!, /"models": \{ "env:OPENAI_MODEL": "<model>" \}/);
    const codeDefault = report.callSites.find((candidate) => candidate.file.endsWith('handlers.py') && candidate.line === 24)!;
    assert.equal(codeDefault.model, 'gpt-4o-mini');
    assert.deepEqual(codeDefault.modelAssumption, { model: 'gpt-4o-mini', source: 'code-default', detail: 'default of environment variable FALLBACK_MODEL' });
    assert.equal(codeDefault.howToPrice, undefined);
  });

  test('the aggregate counts them and suggests the config keys that would price them', () => {
    const aggregate = aggregateReport(report);
    assert.equal(aggregate.totals.unpriced, 13);
    assert.equal(aggregate.totals.unpricedRuntime, 13);
    assert.equal(aggregate.withoutPrice.length, 13);
    assert.deepEqual(suggestedModelsKeys(aggregate.withoutPrice), [
      'env:CHAT_MODEL',
      'env:CONFIG_MODEL',
      'env:ENV_MODEL',
      'env:OPENAI_MODEL',
      'provider:openai',
      'settings:chatModel',
      'settings:llm_model',
    ]);
  });

  test('text: a "Without a price" section and the count in the total', () => {
    const text = renderTextReport(report);
    const section = text.slice(text.indexOf('Without a price (13)'));
    assert.match(section, /\n {2}\S*handlers\.py:12 {2}model set at run time \(environment variable OPENAI_MODEL\)\n/);
    assert.match(section, /\n {2}\S*routes\.ts:21 {2}model set at run time \(request field req\.body\.model\)\n/);
    assert.match(section, /To price calls whose model is set at run time: add `prompt-cost: model=<id>`/);
    assert.match(text, /Total: 15 call sites, \$[\d.]+\/month \(13 without a price: 13 with a model set at run time\), 0 findings/);
  });

  test('Markdown: a "Without a price" section', () => {
    const markdown = renderMarkdownReport(report);
    assert.match(markdown, /### Without a price \(13\)\n\n- `\S*handlers\.py:12`: model set at run time \(environment variable OPENAI_MODEL\)\n/);
    assert.match(markdown, /\(`env:CHAT_MODEL`, `env:CONFIG_MODEL`, `env:ENV_MODEL`, `env:OPENAI_MODEL`, `provider:openai`, `settings:chatModel`, `settings:llm_model`\)/);
  });

  test('HTML (the report view and export): a "Without a price" section with code spans', () => {
    const html = reportSectionsHtml(report);
    assert.match(html, /<h2>Without a price \(13\)<\/h2><ul class="without-price"><li><code>\S*handlers\.py:12<\/code>: model set at run time \(environment variable OPENAI_MODEL\)<\/li>/);
    assert.match(html, /add <code>prompt-cost: model=&lt;id&gt;<\/code> in a comment/);
  });

  test('CSV: the reason, how to price, what sets the model and where an assumed model came from', () => {
    const rows = renderCsvReport(report).trimEnd().split('\r\n');
    assert.deepEqual(CSV_COLUMNS.slice(-5), ['unpricedReason', 'howToPrice', 'runtimeModel', 'modelAssumptionSource', 'cell']);
    const header = rows[0].split(',');
    const at = (name: string) => header.indexOf(name);
    const parameterRow = rows.find((row) => row.includes('function parameter model') && row.includes('handlers.py'))!;
    assert.ok(parameterRow, 'no row for the parameter call');
    assert.match(parameterRow, /model set at run time \(function parameter model\)/);
    assert.ok(at('unpricedReason') > at('pricesAsOf'));
  });

  test('a report with no unpriced call has no such section; a model missing from the table says to add a price', () => {
    const priced = sampleReport();
    priced.callSites = priced.callSites.filter((site) => site.cost !== null);
    assert.doesNotMatch(renderTextReport(priced), /Without a price/);
    const unknownModel = { ...sampleReport(), callSites: [callSite('app.py', 3, { model: 'gpt-9-imaginary', perCall: null })] };
    const text = renderTextReport(unknownModel);
    assert.match(text, /Without a price \(1\)\n {2}app\.py:3 {2}no price for model "gpt-9-imaginary"\n {2}A model missing from the price table is priced by adding it under "prices"/);
  });
});
