/**
 * The short fuzz run of `npm test`: 300 mutated example files, 150 through the engine and 150 through the built CLI.
 * Zero crashes, zero hangs, valid output every time. `npm run fuzz` runs 10,000 of each (test/fuzz/run.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileAnalysis } from '../../server/src/engine/analyze';
import { describeFigures, fuzzCli, fuzzEngine, lostCallsProblem, seedCorpus } from './harness';
import { MUTATIONS, mutatedFile, Random } from './mutate';

const SEED = 20_260_801;
const FILES = 150;

test('the fuzzer is deterministic: the same seed and index give the same file', () => {
  const seeds = seedCorpus();
  assert.equal(seeds.length >= 15, true, `${seeds.length} seed files`);
  assert.deepEqual(mutatedFile(seeds, SEED, 7), mutatedFile(seeds, SEED, 7));
  assert.notDeepEqual(mutatedFile(seeds, SEED, 7).text, mutatedFile(seeds, SEED, 8).text);
  assert.deepEqual([new Random(1).next(), new Random(1).next()], [new Random(1).next(), new Random(1).next()]);
  assert.equal(Object.keys(MUTATIONS).length, 11);
});

test('an analysis that drops every call of a parseable file is a failure, not a pass', () => {
  const call = "client.chat.completions.create({ model: 'gpt-4o', messages })";
  const text = `import OpenAI from 'openai';\nconst client = new OpenAI();\nawait ${call};\n`;
  const gaveUp: FileAnalysis = {
    file: 'app.ts',
    language: 'typescript',
    callSites: [],
    findings: [],
    errors: [{ message: 'The file is nested too deeply to analyse.', span: { file: 'app.ts', start: 0, end: 0 } }],
    comments: [],
  };
  assert.equal(lostCallsProblem(gaveUp, 'app.ts', text, [call]), '1 call of the seed still in the text, none found (The file is nested too deeply to analyse.)');
  // Calls gone from the text, or a text that no longer parses, lose their calls legitimately.
  assert.equal(lostCallsProblem(gaveUp, 'app.ts', text.replace(call, 'f()'), [call]), null);
  assert.equal(lostCallsProblem(gaveUp, 'app.ts', text + 'const x = (;\n', [call]), null);
  assert.equal(lostCallsProblem({ ...gaveUp, errors: [{ message: 'syntax error (line 3)', span: { file: 'app.py', start: 0, end: 0 } }] }, 'app.py', text, [call]), null);
  assert.match(lostCallsProblem({ ...gaveUp, errors: [] }, 'app.py', text, [call]) ?? '', /none found \(no error reported\)/);
});

test(`engine: ${FILES} mutated files, no crash, no hang, well-formed analyses`, { timeout: 600_000 }, async () => {
  const figures = await fuzzEngine({ seed: SEED, count: FILES });
  assert.deepEqual(figures.failures, [], describeFigures('engine', figures));
  assert.equal(figures.files, FILES);
  assert.equal(figures.callSites > 0, true);
});

test(`CLI: ${FILES} mutated files in one folder, exit 0 and a valid JSON report every time`, { timeout: 600_000 }, () => {
  const figures = fuzzCli({ seed: SEED, count: FILES, first: 100_000, batchSize: 150 });
  assert.deepEqual(figures.failures, [], describeFigures('cli', figures));
  assert.equal(figures.files, FILES);
  assert.equal(figures.callSites > 0, true);
});
