/** The web worker has no rank files: the rank modules are inside its bundle, and count.ts requires them. */
import type { EncodingName } from './tokenizers';

export function readRankFile(_encoding: EncodingName): { file: string; bytes: Buffer } | undefined {
  return undefined;
}

export function rankFileIdentity(_file: string): string {
  throw new Error('no rank files in the web worker');
}
