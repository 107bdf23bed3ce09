/**
 * The wait before an analysis follows what the document's recent analyses cost, within bounds: a cheap file is
 * analysed soon after a keystroke, an expensive one waits as long as every file used to.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnalysisDelay, MAX_ANALYSIS_DELAY_MS, MIN_ANALYSIS_DELAY_MS } from '../../server/src/lsp/analysis-delay';

function delayAfter(analysesMs: number[]): number {
  const delay = new AnalysisDelay();
  for (const ms of analysesMs) delay.record(ms);
  return delay.current();
}

const cases: { name: string; analysesMs: number[]; expected: number }[] = [
  { name: 'before any analysis: the longest wait', analysesMs: [], expected: MAX_ANALYSIS_DELAY_MS },
  { name: 'a cheap file: the shortest wait', analysesMs: [2, 3, 1], expected: MIN_ANALYSIS_DELAY_MS },
  { name: 'as long as an analysis takes', analysesMs: [40, 44, 42], expected: 42 },
  { name: 'an expensive file: the longest wait', analysesMs: [400, 380, 390], expected: MAX_ANALYSIS_DELAY_MS },
  { name: 'one slow run (a GC pause) does not set the wait', analysesMs: [40, 41, 300, 42, 43], expected: 42 },
  { name: 'only the last five analyses count', analysesMs: [300, 300, 300, 30, 31, 32, 33, 34], expected: 32 },
  { name: 'the slow first parse on opening is forgotten as edits come in', analysesMs: [450, 40, 42, 41], expected: 42 },
  { name: 'times that are not times are ignored', analysesMs: [Number.NaN, -5, Number.POSITIVE_INFINITY, 60], expected: 60 },
];

for (const { name, analysesMs, expected } of cases) {
  test(`analysis delay: ${name}`, () => {
    assert.equal(delayAfter(analysesMs), expected);
  });
}
