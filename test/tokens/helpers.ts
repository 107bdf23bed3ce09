import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PromptPart, Role, StringPiece } from '../../server/src/engine/model';

/** Repository root, from out/test/tokens/ or test/tokens/. */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');

export function readPromptCorpus(): { name: string; text: string }[] {
  const dir = path.join(REPO_ROOT, 'test/tokens/fixtures/prompts');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

const SPAN = { file: 'app.py', start: 0, end: 0 };

export function text(value: string): StringPiece {
  return { kind: 'text', text: value, verbatim: true, origin: { kind: 'literal' } };
}

export function dynamic(expression: string): StringPiece {
  return { kind: 'dynamic', expression, span: SPAN };
}

export function part(role: Role, messageIndex: number, pieces: StringPiece[] | string, cached = false): PromptPart {
  return { role, pieces: typeof pieces === 'string' ? [text(pieces)] : pieces, span: SPAN, messageIndex, cached };
}

/** The reference tokenizer (tiktoken, WASM): exact counts with special tokens treated as text. */
export function referenceCount(value: string, encoding: 'o200k_base' | 'cl100k_base'): number {
  const { get_encoding } = require('tiktoken') as typeof import('tiktoken');
  const encoder = get_encoding(encoding);
  try {
    return encoder.encode(value, [], []).length;
  } finally {
    encoder.free();
  }
}
