/**
 * The first phase of a scan: which of the selected files are worth parsing. Prefilters by SDK mention (ripgrep
 * when available), skips oversize and generated files with a problem each, and reads the rest.
 */
import { closeSync, constants as fsConstants, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { languageOf } from '../engine/language-of';
import type { Config } from '../engine/config';
import { generatedReason } from '../engine/limits';
import { isNotebookFile } from '../engine/languages/notebook';
import type { Language } from '../engine/model';
import type { ScanProblem } from '../engine/report/types';
import type { FileSource } from '../engine/workspace';
import { mentionsLlmSdk, mentionsLlmSdkBytes } from './files';
import type { SdkSurvey } from './prefilter';

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

export interface CollectOptions {
  /**
   * Files known to be regular files inside the root (see ListedFiles.plainFiles): read straight from the disk,
   * tested as bytes, and decoded only when they pass. Every other file is read through `source`.
   */
  plainFiles?: ReadonlySet<string>;
  /** ripgrep's survey: the files it found no mention in are not read; every other file is tested in Node. */
  survey?: SdkSurvey;
  /** Receives the text of each file read here that is to be parsed, so later reads of it hit memory. */
  remember?: (file: string, text: string) => void;
}

function statSizeOrNull(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/**
 * O_NOFOLLOW: a file the walk saw as regular but that is a link by now is not opened here; O_NONBLOCK: nor does one
 * that became a named pipe block the scan (no effect on regular files). 0 where unsupported.
 */
const OPEN_PLAIN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);
/** A notebook file may be this many times maxFileSizeBytes: most of its bytes are outputs, which are skipped. */
export const NOTEBOOK_SIZE_FACTOR = 20;

/** Reused read buffers start at this size; most source files fit. */
const INITIAL_BUFFER_BYTES = 256 * 1024;
/** A buffer grown past this size for one big file is not kept for the next. */
const KEPT_BUFFER_BYTES = 4 * 1024 * 1024;

type PlainRead = { kind: 'read'; bytes: number } | { kind: 'too-large' } | { kind: 'not-plain' } | { kind: 'unreadable' };

/**
 * Reads regular files into one reused buffer: no string and no garbage for the many files that fail the
 * prefilter, and never more than `limit` bytes of any file.
 */
class PlainFileReader {
  buffer = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);

  /** At most `maxBytes + 1` bytes of `full` into `this.buffer`. */
  read(full: string, maxBytes: number): PlainRead {
    let fd: number;
    try {
      fd = openSync(full, OPEN_PLAIN_FLAGS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ELOOP (or EMLINK on some BSDs) from O_NOFOLLOW: it became a link since the walk.
      return code === 'ELOOP' || code === 'EMLINK' ? { kind: 'not-plain' } : { kind: 'unreadable' };
    }
    try {
      const limit = maxBytes + 1;
      let bytes = 0;
      for (;;) {
        if (bytes === this.buffer.length) {
          if (bytes >= limit) break;
          const grown = Buffer.allocUnsafe(Math.min(limit, this.buffer.length * 2));
          this.buffer.copy(grown, 0, 0, bytes);
          this.buffer = grown;
        }
        const wanted = Math.min(this.buffer.length, limit) - bytes;
        const count = readSync(fd, this.buffer, bytes, wanted, null);
        bytes += count;
        // A regular file gives fewer bytes than asked only at its end: no extra read to see 0 (one call per file saved).
        if (count < wanted || bytes >= limit) break;
      }
      return bytes > maxBytes ? { kind: 'too-large' } : { kind: 'read', bytes };
    } catch {
      return { kind: 'unreadable' };
    } finally {
      closeSync(fd);
    }
  }

  /** Drops a buffer grown for one big file. */
  shrink(): void {
    if (this.buffer.length > KEPT_BUFFER_BYTES) this.buffer = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
  }
}

/** The files among `selected` (root-relative, forward slashes) to parse, with their text. */
export async function collectFilesToParse(
  root: string,
  selected: readonly string[],
  config: Config,
  source: FileSource,
  options: CollectOptions = {},
): Promise<CollectedFiles> {
  const problems: ScanProblem[] = [];
  const withoutMention = options.survey ? await options.survey.withoutMention : undefined;
  const plainFiles = options.plainFiles;
  const reader = new PlainFileReader();
  const toParse: FileToParse[] = [];
  let filesPrefiltered = 0;
  // Joined by hand: the names are clean root-relative paths, and path.join normalises each one again.
  const rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
  const toFull = path.sep === '/' ? (file: string) => rootPrefix + file : (file: string) => rootPrefix + file.split('/').join(path.sep);
  const tooLarge = (file: string) =>
    problems.push({ file, message: `not scanned: larger than maxFileSizeBytes (${config.maxFileSizeBytes}${isNotebookFile(file) ? ` × ${NOTEBOOK_SIZE_FACTOR} for a notebook` : ''})` });
  for (const file of selected) {
    const language = languageOf(file);
    // A notebook's outputs (images, tables) are never analysed: its code is held to the limit after parsing.
    const notebook = isNotebookFile(file);
    const maxBytes = notebook ? config.maxFileSizeBytes * NOTEBOOK_SIZE_FACTOR : config.maxFileSizeBytes;
    // A .prompty file is a model call by itself, whatever it mentions.
    const isPrompty = language === 'prompty';
    // ripgrep examined it and found no SDK mention: never read here.
    if (withoutMention?.has(file) && !isPrompty) {
      filesPrefiltered++;
      continue;
    }
    const full = toFull(file);
    let text: string | undefined;
    if (plainFiles?.has(file)) {
      const read = reader.read(full, maxBytes);
      if (read.kind === 'too-large') {
        tooLarge(file);
        continue;
      }
      if (read.kind === 'unreadable') {
        // As before: an oversize file is reported as such even when it cannot be opened.
        const size = statSizeOrNull(full);
        if (size !== null && size > maxBytes) tooLarge(file);
        else problems.push({ file, message: 'not scanned: cannot read the file' });
        continue;
      }
      if (read.kind === 'read') {
        // The needles are ASCII, so a match in the bytes is a match in the decoded text and the reverse.
        if (!isPrompty && !mentionsLlmSdkBytes(reader.buffer, read.bytes)) {
          filesPrefiltered++;
          reader.shrink();
          continue;
        }
        text = reader.buffer.toString('utf8', 0, read.bytes);
        reader.shrink();
        options.remember?.(file, text);
      }
    }
    if (text === undefined) {
      // The size on disk first: a huge file is never read into memory.
      const size = statSizeOrNull(full);
      if (size !== null && size > maxBytes) {
        tooLarge(file);
        continue;
      }
      text = source.readFile(file);
      if (text !== undefined && Buffer.byteLength(text) > maxBytes) {
        tooLarge(file);
        continue;
      }
      if (text === undefined) {
        problems.push({ file, message: 'not scanned: cannot read the file' });
        continue;
      }
      if (!isPrompty && !mentionsLlmSdk(text)) {
        filesPrefiltered++;
        continue;
      }
    }
    const generated = notebook ? null : generatedReason(file, text);
    if (generated !== null) {
      problems.push({ file, message: `not scanned: ${generated}` });
      continue;
    }
    toParse.push({ file, text, language: language! });
  }
  return { toParse, filesPrefiltered, problems };
}
