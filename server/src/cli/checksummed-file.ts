/**
 * Cache files checked by their content: the first 20 bytes are the SHA-1 of the rest, so a damaged or partly
 * written file reads as missing. For the machine-wide caches of the CLI (the TypeScript compiler's code cache,
 * the tokenizer's rank tables), where data that is wrong would be worse than data that is absent.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const CHECKSUM_BYTES = 20;
const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

function sha1(data: Uint8Array): Buffer {
  return createHash('sha1').update(data).digest();
}

/** The data in `file` when its checksum (the first 20 bytes: SHA-1 of the rest) holds, else undefined. */
export function readChecksummedFile(file: string): Buffer | undefined {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return undefined;
  }
  if (content.length <= CHECKSUM_BYTES) return undefined;
  const data = content.subarray(CHECKSUM_BYTES);
  return sha1(data).equals(content.subarray(0, CHECKSUM_BYTES)) ? data : undefined;
}

/**
 * Writes `data` behind its checksum, through a temporary file and a rename (readers see a whole file or none).
 * Files of the same kind (`prefix`) not rewritten for a week are removed: caches of other versions, or of another
 * checkout of the tool on the same machine, which would otherwise take turns deleting each other's.
 */
export function writeChecksummedFile(dir: string, file: string, data: Uint8Array, prefix: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, Buffer.concat([sha1(data), data]));
    renameSync(temporary, file);
    const weekAgo = Date.now() - STALE_AFTER_MS;
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(prefix) || name === path.basename(file)) continue;
      const other = path.join(dir, name);
      if (statSync(other).mtimeMs < weekAgo) unlinkSync(other);
    }
  } catch {
    // A read-only disk only costs the next scan its speed.
  }
}
