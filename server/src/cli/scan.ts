/**
 * `prompt-cost scan`: list files, prefilter, analyse each with the engine, collect a ScanResult.
 * Reads the disk; everything it hands the engine is text.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../engine/analyze';
import picomatch from 'picomatch';
import { defaultConfig, parseConfig, type Config } from '../engine/config';
import { envFileValuesFrom } from '../engine/model-source';
import { PRICE_DATA_SOURCE } from '../engine/pricing/data-source';
import { computeLineStarts, type PriceSource, type ScanProblem, type ScanResult } from '../engine/report/types';
import type { FileSource } from '../engine/workspace';
import { collectFilesToParse } from './collect';
import { listFiles, type ListedFiles } from './files';
import { discardSurveyAhead, RIPGREP_MIN_FILES, startSdkSurvey, type SdkSurvey } from './prefilter';

export const CONFIG_FILE_NAME = 'prompt-cost.config.json';

/** The analysis phase is loaded only by scans that parse something (with it: the engine, workers, the cache). */
type AnalyzeFilesModule = typeof import('./analyze-files');

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

// Synchronous: a few calls, and node:fs/promises would be loaded for them alone.
async function statOrNull(target: string) {
  try {
    return statSync(target);
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
  const config = loadConfigFile(root, cwd, configFile);
  config.envFileValues = envFileValuesFrom((file) => readTextIfPresent(path.join(root, file)));
  return config;
}

function readTextIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function loadConfigFile(root: string, cwd: string, configFile?: string): Config {
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
export function diskFileSource(root: string): FileSource & { cached(relPath: string): string | undefined; remember(relPath: string, text: string): void } {
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
    /** Keeps a file's text read elsewhere (from a path already known to lie inside the root). */
    remember(relPath, text) {
      cache.set(relPath, text);
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
  // ripgrep starts once the walk has listed enough files to be worth a process, and walks the same folders in
  // parallel native code while Node lists and filters them by our own rules.
  let survey: SdkSurvey | undefined;
  const startSurvey = () => {
    survey = startSdkSurvey(root, targets, config.maxFileSizeBytes);
  };
  let listed: ListedFiles;
  try {
    listed = await listFiles(root, targets, { maxFiles: config.maxFiles, onManyFiles: { count: RIPGREP_MIN_FILES, call: startSurvey } });
  } catch (error) {
    survey?.cancel();
    throw error;
  } finally {
    // A survey the executable started ahead and the walk did not adopt (too few files for rg) is not needed.
    discardSurveyAhead();
  }
  const source = diskFileSource(root);
  const problems: ScanProblem[] = listed.unreadable.map((u) => ({ file: u.file, message: `not scanned: ${u.message}` }));
  if (listed.truncated) {
    problems.push({
      file: '.',
      message: `not scanned: more than ${config.maxFiles} files to analyse; only the first ${config.maxFiles} were listed (raise maxFiles or narrow include/exclude in ${CONFIG_FILE_NAME})`,
    });
  }

  const selected = selectByConfig(listed.files, config);
  const collected = await collectFilesToParse(root, selected, config, source, {
    plainFiles: listed.plainFiles,
    survey,
    remember: (file, text) => source.remember(file, text),
  });
  problems.push(...collected.problems);
  const { toParse, filesPrefiltered } = collected;
  const { files, lineStarts } = toParse.length === 0 ? { files: [], lineStarts: {} } : await (require('./analyze-files') as AnalyzeFilesModule).analyzeFiles(root, toParse, config, source, problems);

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
