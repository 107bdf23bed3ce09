/**
 * The first phase of a scan: which of the selected files are worth parsing. Prefilters by SDK mention (ripgrep
 * when available), skips oversize and generated files with a problem each, and reads the rest.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { languageOf } from '../engine/analyze';
import type { Config } from '../engine/config';
import { generatedReason } from '../engine/limits';
import type { Language } from '../engine/model';
import type { ScanProblem } from '../engine/report/types';
import type { FileSource } from '../engine/workspace';
import { mentionsLlmSdk } from './files';
import { filesMentioningSdk, RIPGREP_MIN_FILES } from './prefilter';

export interface FileToParse {
  file: string;
  text: string;
  language: Language;
}

export interface CollectedFiles {
  toParse: FileToParse[];
  /** Files that mention no LLM SDK: never parsed. */
  filesPrefiltered: number;
  /** Files not scanned, each with why. */
  problems: ScanProblem[];
}

function statSizeOrNull(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** The files among `selected` (root-relative, forward slashes) to parse, with their text. */
export async function collectFilesToParse(root: string, selected: readonly string[], config: Config, source: FileSource): Promise<CollectedFiles> {
  const problems: ScanProblem[] = [];
  // ripgrep tests the files in native code, in parallel: Node then reads only those that mention an SDK.
  const mentioning = selected.length >= RIPGREP_MIN_FILES ? await filesMentioningSdk(root, selected) : undefined;
  const toParse: FileToParse[] = [];
  let filesPrefiltered = 0;
  const maxBytes = config.maxFileSizeBytes;
  for (const file of selected) {
    if (mentioning && !mentioning.has(file) && languageOf(file) !== 'prompty') {
      filesPrefiltered++;
      continue;
    }
    // The size on disk first: a huge file is never read into memory.
    const size = statSizeOrNull(path.join(root, ...file.split('/')));
    if (size !== null && size > maxBytes) {
      problems.push({ file, message: `not scanned: larger than maxFileSizeBytes (${maxBytes})` });
      continue;
    }
    const text = source.readFile(file);
    if (text !== undefined && typeof maxBytes === 'number' && Buffer.byteLength(text) > maxBytes) {
      problems.push({ file, message: `not scanned: larger than maxFileSizeBytes (${maxBytes})` });
      continue;
    }
    if (text === undefined) {
      problems.push({ file, message: 'not scanned: cannot read the file' });
      continue;
    }
    // A .prompty file is a model call by itself, whatever it mentions.
    if (languageOf(file) !== 'prompty' && !mentionsLlmSdk(text)) {
      filesPrefiltered++;
      continue;
    }
    const generated = generatedReason(file, text);
    if (generated !== null) {
      problems.push({ file, message: `not scanned: ${generated}` });
      continue;
    }
    toParse.push({ file, text, language: languageOf(file)! });
  }
  return { toParse, filesPrefiltered, problems };
}
