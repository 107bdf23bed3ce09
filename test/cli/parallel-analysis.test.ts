/**
 * The scan's analysis on worker threads: the same analyses, in the same order, as on the main thread alone (on the
 * example apps and on a generated tree with constants imported across files); a worker that cannot start or dies
 * loses no file; a worker's cache entries are keyed by what it read; the thread plan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { languageOf } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import type { ScanProblem } from '../../server/src/engine/report/types';
import { analyzeFiles, threadsFor } from '../../server/src/cli/analyze-files';
import type { FileToParse } from '../../server/src/cli/collect';
import { analyzeInThreads } from '../../server/src/cli/parallel-analysis';
import { diskFileSource } from '../../server/src/cli/scan';
import { withoutSyntax } from '../../server/src/cli/scan-cache';
import { createThreadAnalyzer } from '../../server/src/cli/thread-analyzer';
import { planThreads, type CostModel } from '../../server/src/cli/thread-plan';
import { EXAMPLES_DIR, makeWorkspace } from './helpers';

/** Costs that make the plan split the files evenly by count over every thread it may use. */
const EVEN_SPLIT: CostModel = { workerStart: 0, threadSetup: 0, parserLoad: {}, perFile: 1, perThousandChars: 0 };
const NO_CACHE = { PROMPT_COST_CACHE: 'off' };

function filesUnder(root: string, dir = ''): FileToParse[] {
  const found: FileToParse[] = [];
  for (const name of readdirSync(path.join(root, dir)).sort()) {
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(path.join(root, rel)).isDirectory()) {
      if (name !== 'node_modules') found.push(...filesUnder(root, rel));
      continue;
    }
    const language = languageOf(rel);
    if (language) found.push({ file: rel, text: readFileSync(path.join(root, rel), 'utf8'), language });
  }
  return found;
}

/** 40 Python and 40 TypeScript files that send prompts imported from a shared module of their language. */
function generatedTree(system: string): string {
  const files: Record<string, string> = {
    'py/prompts.py': `SYSTEM = "${system}"\nSUFFIX = SYSTEM + " Reply in English."\n`,
    'py/__init__.py': '',
    'ts/prompts.ts': `export const SYSTEM = "${system}";\nexport const SUFFIX = SYSTEM + " Reply in English.";\n`,
  };
  for (let i = 0; i < 40; i++) {
    files[`py/job_${i}.py`] = [
      'from anthropic import Anthropic',
      'from .prompts import SYSTEM, SUFFIX',
      '',
      'client = Anthropic()',
      '',
      `def run_${i}(text):`,
      '    return client.messages.create(',
      `        model="${i % 2 ? 'claude-sonnet-4-5' : 'claude-haiku-4-5'}",`,
      `        max_tokens=${100 + i},`,
      `        system=${i % 3 ? 'SYSTEM' : 'SUFFIX'},`,
      '        messages=[{"role": "user", "content": text}],',
      '    )',
      '',
    ].join('\n');
    files[`ts/job_${i}.ts`] = [
      "import OpenAI from 'openai';",
      "import { SYSTEM, SUFFIX } from './prompts';",
      '',
      'const client = new OpenAI();',
      '',
      `export async function run${i}(text: string) {`,
      '  return client.chat.completions.create({',
      `    model: '${i % 2 ? 'gpt-4o' : 'gpt-4o-mini'}',`,
      ...(i % 4 ? [`    max_tokens: ${200 + i},`] : []),
      `    messages: [{ role: 'system', content: ${i % 3 ? 'SYSTEM' : 'SUFFIX'} }, { role: 'user', content: text }],`,
      '  });',
      '}',
      '',
    ].join('\n');
  }
  return makeWorkspace(files);
}

async function analyzeTree(root: string, options: Parameters<typeof analyzeFiles>[5], files = filesUnder(root)) {
  const problems: ScanProblem[] = [];
  const result = await analyzeFiles(root, files, defaultConfig(), diskFileSource(root), problems, options);
  return { files: result.files.map(withoutSyntax), lineStarts: result.lineStarts, problems };
}

for (const [name, root] of [
  ['the Python example app', path.join(EXAMPLES_DIR, 'python-support-bot')],
  ['the TypeScript example app', path.join(EXAMPLES_DIR, 'ts-content-studio')],
  ['both example apps together', EXAMPLES_DIR],
  ['a generated tree with imported constants', generatedTree('You sort support tickets by urgency.')],
] as const) {
  test(`worker threads give the same analyses in the same order as the main thread alone: ${name}`, async () => {
    const alone = await analyzeTree(root, { threads: 1, env: NO_CACHE });
    const parallel = await analyzeTree(root, { threads: 3, costs: EVEN_SPLIT, env: NO_CACHE });
    assert.ok(alone.files.some((file) => file.callSites.length > 0), 'the tree has calls');
    assert.deepEqual(parallel, alone);
  });
}

test('the files really go to the workers, and come back keyed by their place in the scan', async () => {
  const root = generatedTree('Be brief.');
  const files = filesUnder(root);
  const local = createThreadAnalyzer(diskFileSource(root), defaultConfig(), undefined);
  const outcomes = await analyzeInThreads(files, local, { root, config: defaultConfig(), threads: 2, codeCacheDir: undefined, hashReads: true, costs: EVEN_SPLIT });
  const byWorker = outcomes.filter((outcome) => 'readHashes' in outcome).length;
  assert.equal(byWorker, Math.floor(files.length / 2));
  outcomes.forEach((outcome, i) => {
    assert.ok(!('failure' in outcome), `${files[i].file} failed`);
    if (!('failure' in outcome)) assert.equal(outcome.analysis.file, files[i].file);
  });
  // A job's analysis read the shared prompts module; the worker hashed what it read.
  const job = outcomes.find((outcome) => 'readHashes' in outcome && outcome.analysis.file.startsWith('py/job_'));
  assert.ok(job && 'readHashes' in job && job.readHashes.some(([read, hash]) => read === 'py/prompts.py' && typeof hash === 'string'));
});

for (const [problem, script] of [
  ['throws as it starts', "throw new Error('broken worker');\n"],
  ['exits without a word', 'process.exit(3);\n'],
  ['posts a result for a file it was not given, then stops', "require('node:worker_threads').parentPort.postMessage({ kind: 'failed', index: 99999, message: 'x' });\n"],
] as const) {
  test(`a worker that ${problem} loses no file: the main thread analyses them`, async () => {
    const root = generatedTree('Be brief.');
    const workerScript = path.join(mkdtempSync(path.join(tmpdir(), 'prompt-cost-worker-')), 'worker.js');
    writeFileSync(workerScript, script);
    const alone = await analyzeTree(root, { threads: 1, env: NO_CACHE });
    const withBrokenWorker = await analyzeTree(root, { threads: 2, costs: EVEN_SPLIT, workerScript, env: NO_CACHE });
    assert.equal(withBrokenWorker.files.length, filesUnder(root).length);
    assert.deepEqual(withBrokenWorker, alone);
  });
}

test('a missing worker script means the main thread does all the work', async () => {
  const root = generatedTree('Be brief.');
  const alone = await analyzeTree(root, { threads: 1, env: NO_CACHE });
  const parallel = await analyzeTree(root, { threads: 2, costs: EVEN_SPLIT, workerScript: path.join(tmpdir(), 'no-such-worker.js'), env: NO_CACHE });
  assert.deepEqual(parallel, alone);
});

test("analyses stored by a worker are keyed by the files it read: a changed import is seen on the next scan", async () => {
  const root = generatedTree('Be brief.');
  const env = { PROMPT_COST_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'prompt-cost-cache-test-')) };
  const staticTokens = (result: Awaited<ReturnType<typeof analyzeTree>>) => result.files.flatMap((file) => file.callSites.map((site) => site.tokens.static));
  // The cache holds JSON: fields set to undefined are absent after the round trip.
  const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value));
  const before = asJson(await analyzeTree(root, { threads: 3, costs: EVEN_SPLIT, env }));
  assert.deepEqual(asJson(await analyzeTree(root, { threads: 1, env })), before, 'a rescan from the cache gives the same analyses');
  const longer = 'Be brief. Answer in one short sentence, and never apologise or add a greeting.';
  writeFileSync(path.join(root, 'py', 'prompts.py'), `SYSTEM = "${longer}"\nSUFFIX = SYSTEM + " Reply in English."\n`);
  writeFileSync(path.join(root, 'ts', 'prompts.ts'), `export const SYSTEM = "${longer}";\nexport const SUFFIX = SYSTEM + " Reply in English.";\n`);
  // One thread now: whatever a worker stored with wrong keys would come back unchanged from the cache.
  const after = asJson(await analyzeTree(root, { threads: 1, env }));
  const fresh = asJson(await analyzeTree(root, { threads: 1, env: NO_CACHE }));
  assert.deepEqual(after, fresh);
  assert.ok(staticTokens(after).every((tokens, i) => tokens > staticTokens(before)[i] || staticTokens(before)[i] === 0));
});

test('the plan: one thread, or too little work for a worker, keeps every file on the main thread', () => {
  const files = Array.from({ length: 30 }, () => ({ language: 'python' as const, size: 2000 }));
  assert.deepEqual(planThreads(files, 1), files.map(() => 0));
  assert.deepEqual(planThreads(files.slice(0, 5), 2), [0, 0, 0, 0, 0]);
});

test('the plan: two languages with dear parsers go one to each thread', () => {
  const files = [
    ...Array.from({ length: 150 }, () => ({ language: 'python' as const, size: 3000 })),
    ...Array.from({ length: 150 }, (_, i) => ({ language: (i % 3 ? 'typescript' : 'javascript') as 'typescript' | 'javascript', size: 3000 })),
  ];
  const plan = planThreads(files, 2);
  const threadOf = (from: number, to: number) => new Set(plan.slice(from, to));
  assert.equal(threadOf(0, 150).size, 1);
  assert.equal(threadOf(150, 300).size, 1);
  assert.notDeepEqual(threadOf(0, 150), threadOf(150, 300));
  assert.deepEqual(planThreads(files, 2), plan, 'deterministic');
});

test('the plan: one language and enough work is shared by all threads, the heavier share on the main thread', () => {
  const files = Array.from({ length: 400 }, (_, i) => ({ language: 'typescript' as const, size: 1000 + (i % 7) * 500 }));
  const plan = planThreads(files, 4);
  const counts = [0, 1, 2, 3].map((thread) => plan.filter((t) => t === thread).length);
  assert.ok(counts.every((count) => count > 0), `files per thread: ${counts}`);
  // Workers pay for their start: the main thread gets the most files.
  assert.equal(Math.max(...counts), counts[0]);
});

test('PROMPT_COST_THREADS sets the threads; small scans use the main thread only', () => {
  assert.equal(threadsFor(1000, { PROMPT_COST_THREADS: '1' }), 1);
  assert.equal(threadsFor(5, { PROMPT_COST_THREADS: '3' }), 3);
  assert.equal(threadsFor(5, {}), 1);
  assert.ok(threadsFor(1000, { PROMPT_COST_THREADS: 'many' }) >= 1);
});
