/**
 * Decoded tokenizer rank tables kept between processes: a table read back counts exactly like a freshly decoded
 * one, the next process uses the stored file, and a damaged file is ignored (and replaced) rather than trusted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BytePairCounter, deserializeRankTable, serializeRankTable, type RankData } from '../../server/src/engine/tokens/bpe';

const OUT_ROOT = path.resolve(__dirname, '..', '..');
const CORPUS_DIR = path.join(OUT_ROOT, '..', 'test', 'tokens', 'fixtures', 'prompts');
const corpus = readdirSync(CORPUS_DIR)
  .sort()
  .map((name) => readFileSync(path.join(CORPUS_DIR, name), 'utf8'));

test('a rank table read back from its bytes counts every corpus text exactly as the decoded one', () => {
  for (const encoding of ['o200k_base', 'cl100k_base']) {
    const data = require(`js-tiktoken/ranks/${encoding}`) as RankData;
    const decoded = BytePairCounter.fromRankData(data);
    const table = deserializeRankTable(serializeRankTable(decoded.rankTable()));
    assert.ok(table, `${encoding}: the bytes read back`);
    const restored = new BytePairCounter(data.pat_str, table);
    assert.ok(corpus.length >= 5);
    for (const text of corpus) assert.equal(restored.count(text), decoded.count(text), `${encoding}: ${text.slice(0, 40)}`);
  }
});

test('bytes that are not a rank table are refused', () => {
  const data = require('js-tiktoken/ranks/cl100k_base') as RankData;
  const bytes = serializeRankTable(BytePairCounter.fromRankData(data).rankTable());
  assert.equal(deserializeRankTable(bytes.subarray(0, bytes.length - 4)), undefined, 'truncated');
  const wrongMagic = new Uint8Array(bytes);
  wrongMagic[0] ^= 0xff;
  assert.equal(deserializeRankTable(wrongMagic), undefined, 'wrong magic');
  assert.equal(deserializeRankTable(new Uint8Array(10)), undefined, 'too short');
});

interface Run {
  count: number;
  loaded: number;
  saved: number;
}

/** In a new process (encoders are built once per process): counts `text` with the store in `dir`. */
function countInNewProcess(dir: string, text: string): Run {
  const script = `
    const { setRankTableStore, encodeCount } = require(${JSON.stringify(path.join(OUT_ROOT, 'server', 'src', 'engine', 'tokens'))});
    const { fileRankTableStore } = require(${JSON.stringify(path.join(OUT_ROOT, 'server', 'src', 'cli', 'rank-table-store.js'))});
    const inner = fileRankTableStore(${JSON.stringify(dir)});
    const run = { loaded: 0, saved: 0 };
    setRankTableStore({
      load(key) { const bytes = inner.load(key); if (bytes) run.loaded++; return bytes; },
      save(key, bytes) { run.saved++; inner.save(key, bytes); },
    });
    run.count = encodeCount(${JSON.stringify(text)}, 'o200k_base');
    console.log(JSON.stringify(run));
  `;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Run;
}

test('the first process stores the table, the next one loads it, a damaged file is decoded again and replaced', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prompt-cost-ranks-'));
  const text = corpus.join('\n');
  const first = countInNewProcess(dir, text);
  assert.deepEqual({ loaded: first.loaded, saved: first.saved }, { loaded: 0, saved: 1 });
  const files = readdirSync(dir).filter((name) => name.startsWith('ranks-o200k_base-'));
  assert.equal(files.length, 1);

  const second = countInNewProcess(dir, text);
  assert.deepEqual(second, { count: first.count, loaded: 1, saved: 0 });

  const file = path.join(dir, files[0]);
  const content = readFileSync(file);
  content[content.length >> 1] ^= 0xff;
  writeFileSync(file, content);
  const third = countInNewProcess(dir, text);
  assert.deepEqual(third, { count: first.count, loaded: 0, saved: 1 }, 'the damaged file is not used');
  assert.deepEqual(countInNewProcess(dir, text), { count: first.count, loaded: 1, saved: 0 }, 'and was replaced');
});
