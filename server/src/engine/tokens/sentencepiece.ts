/**
 * A SentencePiece-BPE counter for the Gemma 3 vocabulary, which Google's own SDKs use to count Gemini 2.0, 2.5 and
 * 3.0 tokens offline. The algorithm is the one in the vocabulary's `tokenizer.json`: pieces that are matched before
 * anything else (newline and tab runs, a few HTML tags), spaces turned into `▁`, then byte-pair merges over the
 * characters, lowest rank first, leftmost on ties; a character missing from the vocabulary costs one token per
 * UTF-8 byte (byte fallback). It only counts.
 */

/** The vocabulary in the compact form the build ships (`dist/gemma3-vocab.json`). */
export interface SentencePieceVocab {
  /** Pieces a merge can produce, in merge order: a lower index merges first. */
  merged: string[];
  /** Pieces no merge produces (single characters, byte pieces): present only to know what needs byte fallback. */
  base: string[];
  /** Pieces matched in the raw text before merging, each one token (special tokens excluded: user text never holds them). */
  matchedFirst: string[];
}

interface TokenizerJson {
  model: { type: string; vocab: Record<string, number>; merges: Array<string | [string, string]> };
  added_tokens: Array<{ content: string; special: boolean }>;
}

/** The compact vocabulary from a Hugging Face `tokenizer.json` of a SentencePiece-BPE model. */
export function compactVocab(json: TokenizerJson): SentencePieceVocab {
  if (json.model.type !== 'BPE') throw new Error(`tokenizer.json: expected a BPE model, found ${json.model.type}`);
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const merge of json.model.merges) {
    const [left, right] = typeof merge === 'string' ? merge.split(' ') : merge;
    const piece = left + right;
    if (!seen.has(piece)) {
      seen.add(piece);
      merged.push(piece);
    }
  }
  const base = Object.keys(json.model.vocab).filter((piece) => !seen.has(piece));
  const matchedFirst = json.added_tokens.filter((token) => !token.special && !/^<unused\d+>$/.test(token.content)).map((token) => token.content);
  return { merged, base, matchedFirst };
}

const SPACE_MARK = '\u2581';

export class SentencePieceCounter {
  /** Piece -> merge rank; -1 for pieces no merge produces (they are in the vocabulary, never a merge result). */
  private readonly rank = new Map<string, number>();
  /** First character -> pieces matched before merging that start with it, longest first. */
  private readonly firstPieces = new Map<string, string[]>();

  constructor(vocab: SentencePieceVocab) {
    for (const piece of vocab.base) this.rank.set(piece, -1);
    vocab.merged.forEach((piece, index) => this.rank.set(piece, index));
    for (const piece of vocab.matchedFirst) {
      const first = piece[0];
      const list = this.firstPieces.get(first) ?? [];
      list.push(piece);
      this.firstPieces.set(first, list);
    }
    for (const list of this.firstPieces.values()) list.sort((a, b) => b.length - a.length);
  }

  count(text: string): number {
    let tokens = 0;
    let segmentStart = 0;
    let i = 0;
    while (i < text.length) {
      const candidates = this.firstPieces.get(text[i]);
      const match = candidates?.find((piece) => text.startsWith(piece, i));
      if (match) {
        tokens += this.countSegment(text.slice(segmentStart, i)) + 1;
        i += match.length;
        segmentStart = i;
      } else {
        i++;
      }
    }
    return tokens + this.countSegment(text.slice(segmentStart));
  }

  /** Byte-pair merges over one stretch of text with no pre-matched piece in it. */
  private countSegment(raw: string): number {
    if (raw === '') return 0;
    const text = raw.replace(/ /g, SPACE_MARK);
    const symbols: string[] = [];
    let fallbackTokens = 0;
    // A character outside the vocabulary splits the text: it is never part of a merge.
    let tokens = 0;
    const flush = (): void => {
      tokens += this.mergeCount(symbols);
      symbols.length = 0;
    };
    for (const char of text) {
      if (this.rank.has(char)) {
        symbols.push(char);
      } else {
        flush();
        fallbackTokens += Buffer.byteLength(char, 'utf8');
      }
    }
    flush();
    return tokens + fallbackTokens;
  }

  /** Number of pieces left after merging `symbols` (all in the vocabulary). */
  private mergeCount(symbols: string[]): number {
    const n = symbols.length;
    if (n <= 1) return n;
    const piece = symbols.slice();
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const alive = new Uint8Array(n).fill(1);
    // Min-heap of candidate merges: rank, then position (leftmost first on equal rank).
    const heapRank: number[] = [];
    const heapLeft: number[] = [];
    const heapPiece: string[] = [];
    const push = (rank: number, left: number, merged: string): void => {
      let at = heapRank.length;
      heapRank.push(rank);
      heapLeft.push(left);
      heapPiece.push(merged);
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (heapRank[parent] < rank || (heapRank[parent] === rank && heapLeft[parent] <= left)) break;
        heapRank[at] = heapRank[parent];
        heapLeft[at] = heapLeft[parent];
        heapPiece[at] = heapPiece[parent];
        at = parent;
      }
      heapRank[at] = rank;
      heapLeft[at] = left;
      heapPiece[at] = merged;
    };
    const pop = (): void => {
      const lastRank = heapRank.pop() as number;
      const lastLeft = heapLeft.pop() as number;
      const lastPiece = heapPiece.pop() as string;
      const size = heapRank.length;
      if (size === 0) return;
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= size) break;
        if (child + 1 < size && (heapRank[child + 1] < heapRank[child] || (heapRank[child + 1] === heapRank[child] && heapLeft[child + 1] < heapLeft[child]))) child++;
        if (heapRank[child] > lastRank || (heapRank[child] === lastRank && heapLeft[child] >= lastLeft)) break;
        heapRank[at] = heapRank[child];
        heapLeft[at] = heapLeft[child];
        heapPiece[at] = heapPiece[child];
        at = child;
      }
      heapRank[at] = lastRank;
      heapLeft[at] = lastLeft;
      heapPiece[at] = lastPiece;
    };
    const consider = (left: number): void => {
      const right = next[left];
      if (right < 0) return;
      const merged = piece[left] + piece[right];
      const rank = this.rank.get(merged);
      if (rank !== undefined && rank >= 0) push(rank, left, merged);
    };
    for (let i = 0; i + 1 < n; i++) consider(i);
    let count = n;
    while (heapRank.length > 0) {
      const left = heapLeft[0];
      const merged = heapPiece[0];
      pop();
      const right = next[left];
      // Stale entry: one side was merged away or changed since it was queued.
      if (!alive[left] || right < 0 || piece[left] + piece[right] !== merged) continue;
      piece[left] = merged;
      alive[right] = 0;
      next[left] = next[right];
      if (next[right] >= 0) prev[next[right]] = left;
      count--;
      if (prev[left] >= 0) consider(prev[left]);
      consider(left);
    }
    return count;
  }
}
