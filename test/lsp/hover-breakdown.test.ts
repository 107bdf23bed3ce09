/**
 * The hover's additions for everything a call sends: tool, schema and image rows, the input by kind, the typical
 * output beside the worst case, and the reasoning assumption.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { analyzeFile, prepareLanguages, type AnalyzedCallSite } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { hoverMarkdown } from '../../server/src/lsp/hover';

const REPO_ROOT = path.join(__dirname, '..', '..', '..');

before(async () => {
  await prepareLanguages(['python']);
});

function sitesOf(name: string): AnalyzedCallSite[] {
  const file = `test/fixtures/requests/${name}`;
  return analyzeFile(file, readFileSync(path.join(REPO_ROOT, file), 'utf8'), isolatedContext, defaultConfig()).callSites;
}

test('hover: a tools row, the input by kind and how the tools were counted', () => {
  const [gpt4o] = sitesOf('openai_tools.py');
  const markdown = hoverMarkdown(gpt4o, []);
  assert.match(markdown, /^\| tools \| 68 \|$/m);
  assert.match(markdown, /^\| \*\*input\*\* \| \*\*101\*\* \|$/m);
  assert.match(markdown, /^Input by kind: system 14 · messages 8 · tools 68 · overhead 11\.$/m);
  assert.match(markdown, /function-token recipe/);
});

test('hover: images are a row of their own, labelled', () => {
  const [, unsized] = sitesOf('images.py');
  assert.match(hoverMarkdown(unsized, []), /^\| images and files \| ≈ 765 \|$/m);
});

test('hover: the typical output beside the worst case at the cap, and the reasoning assumption', () => {
  const [high] = sitesOf('reasoning.py');
  const markdown = hoverMarkdown(high, []);
  assert.match(markdown, /^Output tokens: typical 6,500 · worst case 20,000 \(/m);
  assert.match(markdown, /^Reasoning: ≈ 6,000 tokens billed as output \(reasoning\\_effort="high"/m);
});
