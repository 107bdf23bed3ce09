/**
 * Token counting over js-tiktoken's rank tables with our own counter (bpe.ts). Encoders are built on first use of
 * each encoding (the rank tables are large; a workspace of Claude calls never loads cl100k_base). Counts are
 * cached by encoding + content.
 */
import { contentHash } from './content-hash';
import { rankFileIdentity, readRankFile } from './rank-files';
import type { EncodingName } from './tokenizers';
import { estimateMethodOf, GEMMA3_TOKENIZER } from './tokenizers';
import { gemma3Counter } from './gemma-vocab';
import { BytePairCounter, deserializeRankTable, serializeRankTable, type RankData } from './bpe';

const encoders = new Map<EncodingName, BytePairCounter>();

/**
 * Where a host keeps decoded rank tables between processes (decoding o200k_base costs ~0.1-0.3 s in every process
 * and thread). `key` names the encoding and the rank file's identity; `load` returns exactly what `save` was given
 * (the store checks integrity), else undefined. The engine itself writes nothing.
 */
export interface RankTableStore {
  load(key: string): Uint8Array | undefined;
  save(key: string, bytes: Uint8Array): void;
}

let rankTableStore: RankTableStore | undefined;

export function setRankTableStore(store: RankTableStore | undefined): void {
  rankTableStore = store;
}

/** The counter from a stored table, or a freshly decoded one that is then stored. */
function counterFromRanks(encoding: EncodingName, rankFile: string, patStr: string, ranks: () => Uint8Array): BytePairCounter {
  let key: string | undefined;
  if (rankTableStore) {
    try {
      key = `${encoding}-${rankFileIdentity(rankFile)}`;
      const stored = rankTableStore.load(key);
      const table = stored ? deserializeRankTable(stored) : undefined;
      if (table) return new BytePairCounter(patStr, table);
    } catch {
      // A store that fails only costs the decoding.
    }
  }
  const counter = new BytePairCounter(patStr, ranks());
  if (rankTableStore && key) {
    try {
      rankTableStore.save(key, serializeRankTable(counter.rankTable()));
    } catch {
      // as above
    }
  }
  return counter;
}

/**
 * The counter of one encoding. The rank modules are one JSON object behind `module.exports = `: the bytes of
 * their `bpe_ranks` string are read straight from the file (base64 and spaces need no unescaping), which skips
 * compiling 2 MB of JavaScript and copying the string. A bundle that carries the modules inside (the .vsix
 * server) requires them instead.
 */
function buildCounter(encoding: EncodingName): BytePairCounter {
  try {
    const read = readRankFile(encoding);
    if (!read) throw new Error('no rank file');
    const { file: rankFile, bytes } = read;
    const patStart = bytes.indexOf('"pat_str":');
    const ranksStart = bytes.indexOf('"bpe_ranks":"');
    if (patStart >= 0 && ranksStart >= 0) {
      const patText = bytes.toString('latin1', patStart + '"pat_str":'.length, bytes.indexOf('",', patStart) + 1);
      const ranksEnd = bytes.indexOf('"', ranksStart + '"bpe_ranks":"'.length);
      return counterFromRanks(encoding, rankFile, JSON.parse(patText) as string, () => bytes.subarray(ranksStart + '"bpe_ranks":"'.length, ranksEnd));
    }
  } catch {
    // Not resolvable as a file here: fall through to require.
  }
  const data = (encoding === 'o200k_base' ? require('js-tiktoken/ranks/o200k_base') : require('js-tiktoken/ranks/cl100k_base')) as RankData & { default?: RankData };
  return BytePairCounter.fromRankData(data.default ?? data);
}

function encoderFor(encoding: EncodingName): BytePairCounter {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    encoder = buildCounter(encoding);
    encoders.set(encoding, encoder);
  }
  return encoder;
}

/** Encodings whose encoder has been built in this process (for cold-start checks). */
export function loadedEncodings(): EncodingName[] {
  return [...encoders.keys()];
}

/** Exact BPE token count. Special-token text such as `<|endoftext|>` in user text is counted as plain text. */
export function encodeCount(text: string, encoding: EncodingName): number {
  if (text === '') return 0;
  // No special token is recognised: `<|endoftext|>` in user text is plain text, and nothing throws.
  return encoderFor(encoding).count(text);
}

const CACHE_LIMIT = 10_000;
/** Texts longer than this are keyed by their sha1 so the cache does not hold large prompts twice. */
const HASH_KEY_THRESHOLD = 256;

const cache = new Map<string, number>();
let hits = 0;
let misses = 0;

function cacheKey(text: string, tokenizerId: string): string {
  const content = text.length > HASH_KEY_THRESHOLD ? 'sha1:' + contentHash(text) : 'text:' + text;
  return tokenizerId + '\u0000' + content;
}

function countUncached(text: string, tokenizerId: string): number {
  if (tokenizerId === 'o200k_base' || tokenizerId === 'cl100k_base') return encodeCount(text, tokenizerId);
  if (tokenizerId === GEMMA3_TOKENIZER) {
    const counter = gemma3Counter();
    // Only reachable when the vocabulary vanished after tokenizerFor checked it: count as the Gemini estimate does.
    return counter ? counter.count(text) : countUncached(text, 'estimate:gemini');
  }
  const method = estimateMethodOf(tokenizerId);
  if (!method) throw new Error(`Unknown tokenizer id "${tokenizerId}"`);
  return Math.ceil(encodeCount(text, method.base) * method.factor);
}

/**
 * Tokens of `text` under `tokenizerId` (`o200k_base`, `cl100k_base`, `gemma3` or `estimate:<method>`).
 * Cached in a bounded LRU keyed by tokenizer and content, so an unchanged prompt is never re-tokenized.
 */
export function countTokens(text: string, tokenizerId: string): number {
  if (text === '') return 0;
  const key = cacheKey(text, tokenizerId);
  const cached = cache.get(key);
  if (cached !== undefined) {
    hits++;
    // Re-insert to mark as most recently used (Map keeps insertion order).
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  misses++;
  const count = countUncached(text, tokenizerId);
  cache.set(key, count);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
  }
  return count;
}

export function tokenCacheStats(): { hits: number; misses: number; size: number } {
  return { hits, misses, size: cache.size };
}

/** Empties the count cache and resets its statistics (encoders stay loaded). */
export function clearTokenCache(): void {
  cache.clear();
  hits = 0;
  misses = 0;
}

export const TOKEN_CACHE_LIMIT = CACHE_LIMIT;
