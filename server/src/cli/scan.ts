/**
 * `prompt-cost scan`: list files, prefilter, analyse each with the engine, collect a ScanResult.
 * Reads the disk; everything it hands the engine is text.
 */
import { readFileSync, realpathSync, statSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, languageOf, prepareLanguages, type FileAnalysis } from '../engine/analyze';
import picomatch from 'picomatch';
import { defaultConfig, parseConfig, type Config } from '../engine/config';
import { frontEndModules } from '../engine/language-modules';
import { generatedReason } from '../engine/limits';
import { PRICE_DATA_SOURCE } from '../engine/pricing';
import type { Language } from '../engine/model';
import { computeLineStarts, positionAt, type PriceSource, type ScanProblem, type ScanResult } from '../engine/report/types';
import { createWorkspaceContext, type FileSource } from '../engine/workspace';
import { listFiles, mentionsLlmSdk } from './files';
import { filesMentioningSdk, RIPGREP_MIN_FILES } from './prefilter';
import { openScanCache } from './scan-cache';

export const CONFIG_FILE_NAME = 'prompt-cost.config.json';

/** Scans that parse fewer files than this skip the on-disk cache: they are fast anyway and leave nothing behind. */
const CACHE_MIN_FILES = 20;

/** A mistake in how the command was called or configured: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ScanOptions {
  /** Files and folders to scan, as given (relative to `cwd` or absolute). Default: the root. */
  paths: string[];
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Workspace root: file paths in the report are relative to it. Default: the single folder scanned, else `cwd`. */
  root?: string;
  /** Config file to use instead of `<root>/prompt-cost.config.json`. */
  configFile?: string;
}

function toSlashes(p: string): string {
  return p.split(path.sep).join('/');
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function statSizeOrNull(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

async function statOrNull(target: string) {
  try {
    return await fs.stat(target);
  } catch {
    return null;
  }
}

/** The root and absolute scan targets for the given options; throws UsageError on a bad path. */
export async function resolveTargets(options: ScanOptions): Promise<{ root: string; targets: string[] }> {
  const given = options.paths.length > 0 ? options.paths : [options.root ?? '.'];
  const targets = given.map((p) => path.resolve(options.cwd, p));
  for (let i = 0; i < targets.length; i++) {
    if (!(await statOrNull(targets[i]))) throw new UsageError(`${given[i]}: no such file or directory`);
  }
  let root: string;
  if (options.root !== undefined) {
    root = path.resolve(options.cwd, options.root);
    const stat = await statOrNull(root);
    if (!stat || !stat.isDirectory()) throw new UsageError(`--root ${options.root}: not a directory`);
  } else if (targets.length === 1) {
    const stat = await statOrNull(targets[0]);
    root = stat?.isDirectory() ? targets[0] : path.dirname(targets[0]);
  } else {
    root = options.cwd;
  }
  for (let i = 0; i < targets.length; i++) {
    if (!isInside(root, targets[i])) throw new UsageError(`${given[i]}: outside the workspace root ${displayPath(options.cwd, root)}`);
  }
  return { root, targets };
}

function displayPath(cwd: string, target: string): string {
  const rel = path.relative(cwd, target);
  if (rel === '') return '.';
  // On Windows a path on another drive has no relative form.
  return path.isAbsolute(rel) ? toSlashes(target) : toSlashes(rel);
}

/** Joins the lines of `message` with single spaces, in linear time (a regex with whitespace runs on both sides of the line break is quadratic). */
export function oneLine(message: string): string {
  const lines = message.split('\n');
  if (lines.length === 1) return message;
  const pieces = lines.map((line, i) => {
    const start = i > 0 ? line.trimStart() : line;
    return i < lines.length - 1 ? start.trimEnd() : start;
  });
  return pieces.filter((piece, i) => piece !== '' || i === 0 || i === pieces.length - 1).join(' ');
}

/** The workspace config: `configFile` if given (must exist), else `<root>/prompt-cost.config.json` if present. */
export function loadConfig(root: string, cwd: string, configFile?: string): Config {
  const file = configFile !== undefined ? path.resolve(cwd, configFile) : path.join(root, CONFIG_FILE_NAME);
  const shown = configFile !== undefined ? toSlashes(configFile) : displayPath(cwd, file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (configFile === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new UsageError(`${shown}: cannot read: ${(error as Error).message}`);
  }
  const parsed = parseConfig(text, shown);
  if ('error' in parsed) {
    const { jsonPath, message } = parsed.error;
    // One line: `<file>: <jsonPath>: <message>`, the path left out when the whole file is wrong.
    throw new UsageError(`${shown}: ${jsonPath ? jsonPath + ': ' : ''}${oneLine(message)}`);
  }
  return parsed.config;
}

/** A FileSource over the disk that reads each file once. */
export function diskFileSource(root: string): FileSource & { cached(relPath: string): string | undefined } {
  const cache = new Map<string, string | undefined>();
  const realRoot = (() => {
    try {
      return realpathSync(root);
    } catch {
      return root;
    }
  })();
  return {
    root,
    readFile(relPath) {
      if (cache.has(relPath)) return cache.get(relPath);
      const full = path.join(root, ...relPath.split('/'));
      let text: string | undefined;
      try {
        // Symlinks that lead out of the workspace are not followed.
        // The native call resolves the whole path in one system call instead of one lstat per component.
        const real = realpathSync.native(full);
        text = isInside(realRoot, real) ? readFileSync(full, 'utf8') : undefined;
      } catch {
        text = undefined;
      }
      cache.set(relPath, text);
      return text;
    },
    cached(relPath) {
      return cache.get(relPath);
    },
  };
}

/** The files the config's `include` (when not empty) and `exclude` globs let through. */
export function selectByConfig(files: readonly string[], config: Pick<Config, 'include' | 'exclude'>): string[] {
  const { include, exclude } = config;
  const included = include.length > 0 ? picomatch(include, { dot: true }) : () => true;
  const excluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
  return files.filter((file) => included(file) && !excluded(file));
}

/** The price data the figures came from: the most used source among the price rows, else the embedded table. */
function priceSourceOf(files: readonly FileAnalysis[]): PriceSource {
  const counts = new Map<string, { source: PriceSource; count: number }>();
  for (const file of files) {
    for (const site of file.callSites) {
      if (!site.cost) continue;
      const { source, asOf } = site.cost.price;
      const key = `${source}\u0000${asOf}`;
      const entry = counts.get(key) ?? { source: { source, asOf }, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.count - a.count || (a.source.source < b.source.source ? -1 : 1))[0];
  return best ? best.source : { source: PRICE_DATA_SOURCE.source, asOf: PRICE_DATA_SOURCE.asOf };
}

export async function scanPaths(options: ScanOptions): Promise<ScanResult> {
  const { root, targets } = await resolveTargets(options);
  const config = loadConfig(root, options.cwd, options.configFile);
  const listed = await listFiles(root, targets, { maxFiles: config.maxFiles });
  const source = diskFileSource(root);
  const problems: ScanProblem[] = listed.unreadable.map((u) => ({ file: u.file, message: `not scanned: ${u.message}` }));
  if (listed.truncated) {
    problems.push({
      file: '.',
      message: `not scanned: more than ${config.maxFiles} files to analyse; only the first ${config.maxFiles} were listed (raise maxFiles or narrow include/exclude in ${CONFIG_FILE_NAME})`,
    });
  }

  const selected = selectByConfig(listed.files, config);
  // ripgrep tests the files in native code, in parallel: Node then reads only those that mention an SDK.
  const mentioning = selected.length >= RIPGREP_MIN_FILES ? await filesMentioningSdk(root, selected) : undefined;
  const toParse: { file: string; text: string; language: Language }[] = [];
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

  // Unchanged files (and unchanged imports) come from the cache; parsers load only for the others.
  const cache = toParse.length >= CACHE_MIN_FILES ? openScanCache(root, config) : undefined;
  const readText = (relPath: string) => source.readFile(relPath);
  const cached = new Map<string, FileAnalysis>();
  for (const { file, text } of cache ? toParse : []) {
    const hit = cache!.lookup(file, text, readText);
    if (hit) cached.set(file, hit);
  }
  const uncached = toParse.filter((f) => !cached.has(f.file));
  if (uncached.length > 0) await prepareLanguages(new Set(uncached.map((f) => f.language)));
  const context = createWorkspaceContext(source, frontEndModules);
  const analyze = (file: string, text: string): FileAnalysis => {
    if (!cache) return analyzeFile(file, text, context, config);
    const { value, reads } = context.recordReads(() => analyzeFile(file, text, context, config));
    // An analysis cut short by its time budget depends on the machine's speed, not only on the text: not kept.
    if (!value.errors.some((error) => error.message.endsWith('the results are partial'))) cache.store(file, text, reads, readText, value);
    return value;
  };
  const lineStarts: Record<string, number[]> = {};
  const files: FileAnalysis[] = [];
  for (const { file, text } of toParse) {
    lineStarts[file] = computeLineStarts(text);
    let analysis: FileAnalysis;
    try {
      analysis = cached.get(file) ?? analyze(file, text);
    } catch (error) {
      // analyzeFile promises not to throw; if it does, one file is lost, not the scan.
      problems.push({ file, message: `analysis failed: ${(error as Error).message}` });
      continue;
    }
    files.push(analysis);
    // A broken file is reported once: its first problem, with a count of the others.
    const [first, ...others] = analysis.errors;
    if (first) {
      const more = others.length > 0 ? ` (and ${others.length} more)` : '';
      problems.push({ file, line: positionAt(lineStarts[file], first.span.start).line, message: first.message + more });
    }
  }

  cache?.save();

  // Fixes may edit other files (the constant's module, the prompt file): their lines are needed too.
  for (const analysis of files) {
    for (const finding of analysis.findings) {
      for (const fix of finding.fixes) {
        for (const edit of fix.edits) {
          if (lineStarts[edit.file]) continue;
          const text = source.readFile(edit.file);
          if (text !== undefined) lineStarts[edit.file] = computeLineStarts(text);
        }
      }
    }
  }

  return {
    root,
    displayRoot: displayPath(options.cwd, root),
    prices: priceSourceOf(files),
    files,
    lineStarts,
    stats: { filesListed: selected.length, filesPrefiltered, filesParsed: toParse.length },
    problems,
  };
}
