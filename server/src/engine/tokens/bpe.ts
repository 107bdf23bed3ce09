/**
 * A byte-pair encoder that only counts, built from the rank tables js-tiktoken ships. It gives the same counts
 * as tiktoken, much faster to build: js-tiktoken makes a Map of 200,000 comma-joined byte strings for
 * o200k_base (seconds on a busy machine, and a lot of garbage). Here the token bytes sit back to back in one
 * Uint8Array and an open-addressing hash table of Int32 slots finds them: no string per token, no GC pressure.
 */

/** The rank data of one encoding, as in js-tiktoken/ranks/*. */
export interface RankData {
  pat_str: string;
  special_tokens: Record<string, number>;
  /** Lines of `<name> <first rank> <base64 token> <base64 token> …`, ranks consecutive from the first. */
  bpe_ranks: string;
}

const BASE64_VALUES = (() => {
  const values = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
})();

const SPACE = 32;
const NEWLINE = 10;
const BACKSLASH = 92;
const LETTER_N = 110;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], FNV_PRIME);
  return hash >>> 0;
}

export interface RankTable {
  /** Every token's bytes, back to back. */
  tokenBytes: Uint8Array;
  tokenOffset: Int32Array;
  tokenLength: Int32Array;
  tokenRank: Int32Array;
  /** Hash slots: token index + 1, 0 when empty. */
  slots: Int32Array;
  mask: number;
}

/**
 * Decodes `bpe_ranks` (as bytes; a JSON-escaped `\n` also ends a line) into a RankTable. One flat function
 * over locals and typed arrays: V8 optimises it early, which matters for code that runs once per process.
 */
function buildRankTable(text: Uint8Array): RankTable {
  const end = text.length;
  let separators = 0;
  for (let i = 0; i < end; i++) if (text[i] === SPACE) separators++;
  // Each line has two fields before its tokens, so the separators bound the number of tokens from above.
  const capacity = separators + 1;
  const tokenBytes = new Uint8Array(Math.ceil((end * 3) / 4) + 4);
  const tokenOffset = new Int32Array(capacity);
  const tokenLength = new Int32Array(capacity);
  const tokenRank = new Int32Array(capacity);
  let size = 1;
  while (size < capacity * 2) size <<= 1;
  const slots = new Int32Array(size);
  const mask = size - 1;

  let tokens = 0;
  let written = 0;
  let i = 0;
  while (i < end) {
    // A line: skip the name, read the first rank, then decode one base64 token per rank.
    while (i < end && text[i] !== SPACE && text[i] !== NEWLINE && text[i] !== BACKSLASH) i++;
    if (i >= end || text[i] !== SPACE) {
      i += text[i] === BACKSLASH ? 2 : 1;
      continue;
    }
    i++;
    let rank = 0;
    while (i < end && text[i] >= 48 && text[i] <= 57) rank = rank * 10 + text[i++] - 48;
    while (i < end) {
      const first = text[i];
      if (first === NEWLINE || first === BACKSLASH) break;
      if (first === SPACE) {
        i++;
        continue;
      }
      const start = written;
      let bits = 0;
      let buffered = 0;
      for (; i < end; i++) {
        const code = text[i];
        if (code === SPACE || code === NEWLINE || code === BACKSLASH) break;
        const value = BASE64_VALUES[code & 127];
        if (value < 0) continue; // '=' padding
        bits = ((bits << 6) | value) & 0xffffff;
        buffered += 6;
        if (buffered >= 8) {
          buffered -= 8;
          tokenBytes[written++] = (bits >> buffered) & 0xff;
        }
      }
      const length = written - start;
      let hash = FNV_OFFSET;
      for (let k = start; k < written; k++) hash = Math.imul(hash ^ tokenBytes[k], FNV_PRIME);
      let slot = (hash >>> 0) & mask;
      let duplicate = false;
      for (;;) {
        const existing = slots[slot] - 1;
        if (existing < 0) break;
        if (tokenLength[existing] === length) {
          let same = true;
          for (let k = 0; k < length; k++) {
            if (tokenBytes[tokenOffset[existing] + k] !== tokenBytes[start + k]) {
              same = false;
              break;
            }
          }
          // The same bytes listed twice keep the later rank, as js-tiktoken's table does.
          if (same) {
            tokenRank[existing] = rank;
            duplicate = true;
            break;
          }
        }
        slot = (slot + 1) & mask;
      }
      if (!duplicate) {
        slots[slot] = tokens + 1;
        tokenOffset[tokens] = start;
        tokenLength[tokens] = length;
        tokenRank[tokens] = rank;
        tokens++;
      }
      rank++;
    }
  }
  return { tokenBytes, tokenOffset, tokenLength, tokenRank, slots, mask };
}

/** Pieces (pre-tokenizer matches) longer than this are counted in slices of this length. */
const MAX_PIECE_LENGTH = 1_000;

export class BytePairCounter {
  private readonly tokenBytes: Uint8Array;
  private readonly tokenOffset: Int32Array;
  private readonly tokenLength: Int32Array;
  private readonly tokenRank: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly pattern: RegExp;
  private readonly encoder = new TextEncoder();
  private scratch = new Uint8Array(1024);

  /**
   * `ranks` is the `bpe_ranks` text as bytes (ASCII), so the build reads a typed array, not a 2 MB string; or a
   * table built earlier (`rankTable`, kept by a host between processes).
   */
  constructor(patStr: string, ranks: Uint8Array | RankTable) {
    this.pattern = new RegExp(patStr, 'gu');
    const table = ranks instanceof Uint8Array ? buildRankTable(ranks) : ranks;
    this.tokenBytes = table.tokenBytes;
    this.tokenOffset = table.tokenOffset;
    this.tokenLength = table.tokenLength;
    this.tokenRank = table.tokenRank;
    this.slots = table.slots;
    this.mask = table.mask;
  }

  /** The decoded rank table, to keep for the next process (see serializeRankTable). */
  rankTable(): RankTable {
    const { tokenBytes, tokenOffset, tokenLength, tokenRank, slots, mask } = this;
    return { tokenBytes, tokenOffset, tokenLength, tokenRank, slots, mask };
  }

  /** A counter from js-tiktoken's rank data as its modules export it. */
  static fromRankData(data: RankData): BytePairCounter {
    return new BytePairCounter(data.pat_str, latin1Bytes(data.bpe_ranks));
  }

  private sameBytes(token: number, bytes: Uint8Array, start: number, end: number): boolean {
    if (this.tokenLength[token] !== end - start) return false;
    const offset = this.tokenOffset[token] - start;
    for (let i = start; i < end; i++) if (this.tokenBytes[offset + i] !== bytes[i]) return false;
    return true;
  }

  /** The rank of `bytes[start, end)` as one token, or -1. */
  private rankOf(bytes: Uint8Array, start: number, end: number): number {
    let slot = hashBytes(bytes, start, end) & this.mask;
    for (;;) {
      const token = this.slots[slot] - 1;
      if (token < 0) return -1;
      if (this.sameBytes(token, bytes, start, end)) return this.tokenRank[token];
      slot = (slot + 1) & this.mask;
    }
  }

  /** Number of tokens in `text`, special-token text counted as plain text (as tiktoken with no specials allowed). */
  count(text: string): number {
    let tokens = 0;
    this.pattern.lastIndex = 0;
    for (let match = this.pattern.exec(text); match !== null; match = this.pattern.exec(text)) {
      const piece = match[0];
      if (piece.length <= MAX_PIECE_LENGTH) {
        tokens += this.countPiece(piece);
        continue;
      }
      // Merging is quadratic in the piece length: a 300,000-space run would take minutes. Long pieces are counted in
      // slices, which can only add tokens at the slice boundaries (at most one per slice, under 0.5% here).
      for (let start = 0; start < piece.length; ) {
        let end = Math.min(piece.length, start + MAX_PIECE_LENGTH);
        if (end < piece.length && (piece.charCodeAt(end) & 0xfc00) === 0xdc00) end--; // keep surrogate pairs whole
        tokens += this.countPiece(piece.slice(start, end));
        start = end;
      }
    }
    return tokens;
  }

  private countPiece(piece: string): number {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.scratch.length < piece.length * 3) this.scratch = new Uint8Array(piece.length * 3);
    const length = this.encoder.encodeInto(piece, this.scratch).written;
    return this.rankOf(this.scratch, 0, length) >= 0 ? 1 : this.mergedLength(this.scratch, length);
  }

  /**
   * Tokens of a piece that is not itself a token: tiktoken's merge loop, joining the adjacent pair of lowest
   * rank (leftmost on ties) until no pair is a token.
   */
  private mergedLength(bytes: Uint8Array, n: number): number {
    if (n <= 1) return n;
    // starts[i]: where part i begins; a sentinel holds n.
    const starts: number[] = [];
    for (let i = 0; i <= n; i++) starts.push(i);
    // pairRanks[i]: rank of parts i and i+1 joined, or Infinity.
    const pairRanks: number[] = [];
    const joined = (from: number, to: number) => {
      const rank = this.rankOf(bytes, from, to);
      return rank < 0 ? Infinity : rank;
    };
    for (let i = 0; i < n - 1; i++) pairRanks.push(joined(i, i + 2));
    for (;;) {
      let best = Infinity;
      let at = -1;
      for (let i = 0; i < pairRanks.length; i++) {
        if (pairRanks[i] < best) {
          best = pairRanks[i];
          at = i;
        }
      }
      if (at < 0) break;
      starts.splice(at + 1, 1);
      pairRanks.splice(at, 1);
      // The merged part now pairs with its neighbours: refresh those two ranks.
      if (at > 0) pairRanks[at - 1] = joined(starts[at - 1], starts[at + 1]);
      if (at < pairRanks.length) pairRanks[at] = joined(starts[at], starts[at + 2]);
    }
    return starts.length - 1;
  }
}

const TABLE_MAGIC = 0x31545250; // "PRT1"

/**
 * A rank table as bytes: a header of six 32-bit words (magic, mask, token count, token byte length, slot count,
 * reserved), then the arrays. Read back by deserializeRankTable; the host adds its own integrity check.
 */
export function serializeRankTable(table: RankTable): Uint8Array {
  const tokens = table.tokenRank.length;
  const byteLength = (table.tokenBytes.length + 3) & ~3;
  const words = 6 + tokens * 3 + table.slots.length;
  const out = new Uint8Array(words * 4 + byteLength);
  const header = new Int32Array(out.buffer, 0, 6);
  header.set([TABLE_MAGIC, table.mask, tokens, table.tokenBytes.length, table.slots.length, 0]);
  let at = 24;
  for (const array of [table.tokenOffset, table.tokenLength, table.tokenRank, table.slots]) {
    new Int32Array(out.buffer, at, array.length).set(array);
    at += array.length * 4;
  }
  out.set(table.tokenBytes, at);
  return out;
}

/** One byte per character (the rank text is base64, digits and spaces); the web worker has no Buffer. */
function latin1Bytes(text: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return Buffer.from(text, 'latin1');
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The table serializeRankTable wrote, or undefined when `bytes` is not one (wrong magic or sizes). */
export function deserializeRankTable(bytes: Uint8Array): RankTable | undefined {
  if (bytes.length < 24) return undefined;
  // A copy at offset 0: typed-array views need 4-byte alignment, which a Buffer from a pool may not have.
  const data = new Uint8Array(bytes);
  const [magic, mask, tokens, tokenByteLength, slotCount] = new Int32Array(data.buffer, 0, 6);
  const expected = 24 + (tokens * 3 + slotCount) * 4 + ((tokenByteLength + 3) & ~3);
  if (magic !== TABLE_MAGIC || tokens < 0 || slotCount <= 0 || mask !== slotCount - 1 || (slotCount & mask) !== 0 || data.length !== expected) return undefined;
  let at = 24;
  const next = (length: number) => {
    const array = new Int32Array(data.buffer, at, length);
    at += length * 4;
    return array;
  };
  const tokenOffset = next(tokens);
  const tokenLength = next(tokens);
  const tokenRank = next(tokens);
  const slots = next(slotCount);
  return { tokenOffset, tokenLength, tokenRank, slots, mask, tokenBytes: data.subarray(at, at + tokenByteLength) };
}
