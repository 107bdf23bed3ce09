/**
 * Token counting over js-tiktoken's rank tables with our own counter (bpe.ts). Encoders are built on first use of
 * each encoding (the rank tables are large; a workspace of Claude calls never loads cl100k_base). Counts are
 * cached by encoding + content.
 */
import { readFileSync } from 'node:fs';
import type { EncodingName } from './tokenizers';
import { estimateMethodOf } from './tokenizers';
import { BytePairCounter, type RankData } from './bpe';

const encoders = new Map<EncodingName, BytePairCounter>();

/**
 * The counter of one encoding. The rank modules are one JSON object behind `module.exports = `: the bytes of
 * their `bpe_ranks` string are read straight from the file (base64 and spaces need no unescaping), which skips
 * compiling 2 MB of JavaScript and copying the string. A bundle that carries the modules inside (the .vsix
 * server) requires them instead.
 */
function buildCounter(encoding: EncodingName): BytePairCounter {
  try {
    const bytes = readFileSync(require.resolve(`js-tiktoken/ranks/${encoding}`));
    const patStart = bytes.indexOf('"pat_str":');
    const ranksStart = bytes.indexOf('"bpe_ranks":"');
    if (patStart >= 0 && ranksStart >= 0) {
      const patText = bytes.toString('latin1', patStart + '"pat_str":'.length, bytes.indexOf('",', patStart) + 1);
      const ranksEnd = bytes.indexOf('"', ranksStart + '"bpe_ranks":"'.length);
      return new BytePairCounter(JSON.parse(patText) as string, bytes.subarray(ranksStart + '"bpe_ranks":"'.length, ranksEnd));
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
  // node:crypto is required here, on the first long text, not when the module loads (20 ms at every CLI start).
  const content = text.length > HASH_KEY_THRESHOLD ? 'sha1:' + (require('node:crypto') as typeof import('node:crypto')).createHash('sha1').update(text).digest('hex') : 'text:' + text;
  return tokenizerId + '\u0000' + content;
}

function countUncached(text: string, tokenizerId: string): number {
  if (tokenizerId === 'o200k_base' || tokenizerId === 'cl100k_base') return encodeCount(text, tokenizerId);
  const method = estimateMethodOf(tokenizerId);
  if (!method) throw new Error(`Unknown tokenizer id "${tokenizerId}"`);
  return Math.ceil(encodeCount(text, method.base) * method.factor);
}

/**
 * Tokens of `text` under `tokenizerId` (`o200k_base`, `cl100k_base` or `estimate:<method>`).
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
