import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotationFor, annotationsAbove, defaultConfig, parseConfig, parseUsageAnnotation, usageFor } from '../../server/src/engine/config';
import type { Config } from '../../server/src/engine/config';

function config(text: string): Config {
  const result = parseConfig(text, 'prompt-cost.config.json');
  if ('error' in result) assert.fail(result.error.message);
  return result.config;
}

const workspace = config(`{
  "usage": {
    "default": { "callsPerDay": 3000 },
    "files": {
      "src/**": { "callsPerDay": 100 },
      "src/jobs/**": { "callsPerDay": 20 },
      "src/jobs/nightly/*.py": { "callsPerDay": 1 }
    },
    "features": { "triage": { "callsPerDay": 12000 } }
  }
}`);

test('1. an annotation above the call wins over everything', () => {
  const usage = usageFor({
    file: 'src/jobs/nightly/run.py',
    callLine: 10,
    comments: [{ line: 9, text: ' prompt-cost: calls-per-day=5000' }],
    config: workspace,
  });
  assert.deepEqual(usage, { callsPerDay: 5000, source: 'annotation', detail: 'annotation on line 10' });
});

test('1. an annotation with both figures keeps the feature name', () => {
  const usage = usageFor({
    file: 'src/app.py',
    callLine: 4,
    comments: [{ line: 3, text: ' prompt-cost: calls-per-day=20_000 feature=triage' }],
    config: workspace,
  });
  assert.deepEqual(usage, { callsPerDay: 20000, source: 'annotation', detail: 'annotation on line 4', feature: 'triage' });
});

test('2. a feature named by the annotation takes its figure from usage.features', () => {
  const usage = usageFor({ file: 'src/app.py', callLine: 4, comments: [{ line: 3, text: ' prompt-cost: feature=triage' }], config: workspace });
  assert.deepEqual(usage, { callsPerDay: 12000, source: 'feature', detail: 'usage.features["triage"]', feature: 'triage' });
});

test('2. an unknown feature falls through to the file glob and is still reported', () => {
  const usage = usageFor({ file: 'src/app.py', callLine: 4, comments: [{ line: 3, text: ' prompt-cost: feature=summaries' }], config: workspace });
  assert.deepEqual(usage, { callsPerDay: 100, source: 'file-glob', detail: 'usage.files["src/**"]', feature: 'summaries' });
});

test('3. the longest matching glob wins', () => {
  assert.deepEqual(usageFor({ file: 'src/jobs/nightly/run.py', callLine: 0, comments: [], config: workspace }), {
    callsPerDay: 1,
    source: 'file-glob',
    detail: 'usage.files["src/jobs/nightly/*.py"]',
  });
  assert.deepEqual(usageFor({ file: 'src/jobs/weekly/run.py', callLine: 0, comments: [], config: workspace }), {
    callsPerDay: 20,
    source: 'file-glob',
    detail: 'usage.files["src/jobs/**"]',
  });
  assert.equal(usageFor({ file: 'src\\jobs\\weekly\\run.py', callLine: 0, comments: [], config: workspace }).callsPerDay, 20);
});

test('4. no annotation and no glob: the workspace default', () => {
  assert.deepEqual(usageFor({ file: 'scripts/seed.py', callLine: 0, comments: [], config: workspace }), {
    callsPerDay: 3000,
    source: 'default',
    detail: 'workspace default (3,000 calls per day)',
  });
  assert.deepEqual(usageFor({ file: 'app.py', callLine: 0, comments: [], config: defaultConfig() }), {
    callsPerDay: 1000,
    source: 'default',
    detail: 'workspace default (1,000 calls per day)',
  });
});

test('only comments directly above the call count', () => {
  const comments = [
    { line: 2, text: ' prompt-cost: calls-per-day=9' },
    { line: 4, text: ' Classify the ticket.' },
    { line: 5, text: ' prompt-cost: feature=triage' },
  ];
  assert.deepEqual(annotationsAbove(comments, 6), [comments[1], comments[2]]);
  assert.deepEqual(annotationsAbove(comments, 7), []);
  // Line 3 is code, so the figure on line 2 does not belong to a call on line 6.
  assert.deepEqual(annotationFor(comments, 6), { line: 5, feature: 'triage' });
  assert.equal(usageFor({ file: 'x.py', callLine: 6, comments, config: workspace }).callsPerDay, 12000);
});

test('the nearest annotation wins per key', () => {
  const comments = [
    { line: 0, text: ' prompt-cost: calls-per-day=10 feature=old' },
    { line: 1, text: ' prompt-cost: calls-per-day=500' },
  ];
  assert.deepEqual(annotationFor(comments, 2), { line: 1, callsPerDay: 500, feature: 'old' });
});

test('calls-per-day accepts digits with _ or , only', () => {
  const parse = (text: string) => parseUsageAnnotation({ line: 0, text });
  assert.deepEqual(parse(' prompt-cost: calls-per-day=1,500'), { line: 0, callsPerDay: 1500 });
  assert.deepEqual(parse('prompt-cost: calls-per-day = 20_000'), { line: 0, callsPerDay: 20000 });
  assert.equal(parse(' prompt-cost: calls-per-day=5k'), undefined);
  assert.equal(parse(' prompt-cost: calls-per-day=lots'), undefined);
  assert.equal(parse(' calls-per-day=5000'), undefined, 'needs the prompt-cost: marker');
  assert.equal(parse(' prompt-cost-ignore-next-line missing-max-tokens'), undefined);
});
