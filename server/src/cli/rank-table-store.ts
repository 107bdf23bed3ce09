/**
 * Keeps the tokenizer's decoded rank tables between processes, next to the TypeScript compiler's code cache (one
 * directory per machine): reading a table back costs a few milliseconds where decoding o200k_base costs 0.1-0.3 s
 * in every process and worker thread. Each file carries a SHA-1 of its content; a damaged file is ignored and the
 * table decoded again, since a wrong table would mean wrong token counts.
 */
import * as path from 'node:path';
import type { RankTableStore } from '../engine/tokens';
import { readChecksummedFile, writeChecksummedFile } from './checksummed-file';

const FILE_PREFIX = 'ranks-';

export function fileRankTableStore(dir: string): RankTableStore {
  const fileOf = (key: string) => path.join(dir, `${FILE_PREFIX}${key.replace(/[^A-Za-z0-9._-]/g, '_')}.bin`);
  return {
    load: (key) => readChecksummedFile(fileOf(key)),
    save: (key, bytes) => writeChecksummedFile(dir, fileOf(key), bytes, FILE_PREFIX),
  };
}
