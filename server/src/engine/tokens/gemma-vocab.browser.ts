/**
 * The web worker has no file system and the Gemma 3 vocabulary (3 MB) is not bundled into it: Gemini counts in the
 * browser keep the labelled estimate.
 */
import type * as NodeVocab from './gemma-vocab';

export const GEMMA3_VOCAB_FILE: typeof NodeVocab.GEMMA3_VOCAB_FILE = 'gemma3-vocab.json';
export const gemma3Available: typeof NodeVocab.gemma3Available = () => false;
export const gemma3Counter: typeof NodeVocab.gemma3Counter = () => undefined;
export const gemma3Loaded: typeof NodeVocab.gemma3Loaded = () => false;
