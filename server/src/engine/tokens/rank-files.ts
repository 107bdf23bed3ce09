/**
 * The js-tiktoken rank modules as files (Node): their bytes are read straight from disk, and their size and date
 * name a stored decoded table. The web worker's build swaps this module for rank-files.browser.ts.
 */
import { readFileSync, statSync } from 'node:fs';
import type { EncodingName } from './tokenizers';

/** The rank module's file and bytes, or undefined when it is not a file here (a bundle that carries it inside). */
export function readRankFile(encoding: EncodingName): { file: string; bytes: Buffer } | undefined {
  try {
    const file = require.resolve(`js-tiktoken/ranks/${encoding}`);
    return { file, bytes: readFileSync(file) };
  } catch {
    return undefined;
  }
}

/** Size and modification time: what changes when the rank file does. */
export function rankFileIdentity(file: string): string {
  const { size, mtimeMs } = statSync(file);
  return `${size}-${Math.trunc(mtimeMs)}`;
}
