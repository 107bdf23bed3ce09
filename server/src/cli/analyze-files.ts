/**
 * The second phase of a scan: every collected file through the engine, unchanged ones from the scan cache, the
 * others spread over worker threads when there are enough of them (parallel-analysis.ts).
 */
import { availableParallelism } from 'node:os';
import type { FileAnalysis } from '../engine/analyze';
import type { Config } from '../engine/config';
import { notebookRange } from '../engine/report/json';
import { computeLineStarts, positionAt, type ScanProblem } from '../engine/report/types';
import type { FileSource } from '../engine/workspace';
import type { FileToParse } from './collect';
import { analyzeInThreads, type FileOutcome } from './parallel-analysis';
import { codeCacheDirectory, isPartial, openScanCache } from './scan-cache';
import { createThreadAnalyzer } from './thread-analyzer';
import type { CostModel } from './thread-plan';

/** Scans that parse fewer files than this skip the on-disk cache: they are fast anyway and leave nothing behind. */
const CACHE_MIN_FILES = 20;
/** Fewer files to parse than this are analysed on the main thread: a worker's start would not pay. */
const PARALLEL_MIN_FILES = 24;
/** Each thread loads its own parsers and tables: beyond a few, more threads cost more than they bring. */
const MAX_THREADS = 4;

export interface AnalyzedFiles {
  files: FileAnalysis[];
  /** Line starts of every analysed file, for positions in reports. */
  lineStarts: Record<string, number[]>;
}

export interface AnalyzeFilesOptions {
  /** Threads at most, the main thread included. Default: PROMPT_COST_THREADS, else the cores (up to 4). */
  threads?: number;
  /** For tests: another worker script, another cost model for the plan. */
  workerScript?: string;
  costs?: CostModel;
  env?: NodeJS.ProcessEnv;
}

/**
 * How many threads may analyse `fileCount` files: PROMPT_COST_THREADS when it is a positive integer (1 = no
 * workers), else one per core up to MAX_THREADS, and only the main thread for small scans.
 */
export function threadsFor(fileCount: number, env: NodeJS.ProcessEnv = process.env): number {
  const setting = env.PROMPT_COST_THREADS?.trim();
  if (setting && /^[1-9][0-9]*$/.test(setting)) return Number(setting);
  if (fileCount < PARALLEL_MIN_FILES) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
}

/** Analyses `toParse` in order; a file's problems are appended to `problems` (its first one, with a count). */
export async function analyzeFiles(
  root: string,
  toParse: readonly FileToParse[],
  config: Config,
  source: FileSource,
  problems: ScanProblem[],
  options: AnalyzeFilesOptions = {},
): Promise<AnalyzedFiles> {
  const env = options.env ?? process.env;
  // Unchanged files (and unchanged imports) come from the cache; parsers load only for the others.
  const cache = toParse.length >= CACHE_MIN_FILES ? openScanCache(root, config, env) : undefined;
  const readText = (relPath: string) => source.readFile(relPath);
  const cached = new Map<string, FileAnalysis>();
  for (const { file, text } of cache ? toParse : []) {
    const hit = cache!.lookup(file, text, readText);
    if (hit) cached.set(file, hit);
  }
  const uncached = toParse.filter((f) => !cached.has(f.file));
  const outcomes = new Map<string, FileOutcome>();
  if (uncached.length > 0) {
    const codeCacheDir = codeCacheDirectory(env);
    const local = createThreadAnalyzer(source, config, codeCacheDir);
    const results = await analyzeInThreads(uncached, local, {
      root,
      config,
      threads: options.threads ?? threadsFor(uncached.length, env),
      codeCacheDir,
      hashReads: cache !== undefined,
      workerScript: options.workerScript,
      costs: options.costs,
    });
    uncached.forEach(({ file, text }, i) => {
      const outcome = results[i];
      outcomes.set(file, outcome);
      if (!cache || 'failure' in outcome || isPartial(outcome.analysis)) return;
      if ('reads' in outcome) cache.store(file, text, outcome.reads, readText, outcome.analysis);
      else cache.storeHashed(file, text, outcome.readHashes, outcome.analysis);
    });
    local.finish();
  }

  const lineStarts: Record<string, number[]> = {};
  const files: FileAnalysis[] = [];
  for (const { file, text } of toParse) {
    lineStarts[file] = computeLineStarts(text);
    const outcome = outcomes.get(file);
    if (outcome && 'failure' in outcome) {
      problems.push({ file, message: `analysis failed: ${outcome.failure}` });
      continue;
    }
    const analysis = cached.get(file) ?? outcome!.analysis;
    files.push(analysis);
    // A broken file is reported once: its first problem, with a count of the others.
    const [first, ...others] = analysis.errors;
    if (first) {
      const more = others.length > 0 ? ` (and ${others.length} more)` : '';
      const where = analysis.notebook ? notebookRange(analysis.notebook, first.span) : { start: positionAt(lineStarts[file], first.span.start), cell: undefined };
      problems.push({ file, ...(where.cell !== undefined ? { cell: where.cell } : {}), line: where.start.line, message: first.message + more });
    }
  }

  cache?.save();
  return { files, lineStarts };
}
