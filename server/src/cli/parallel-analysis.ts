/**
 * Analyses a scan's files on the main thread and, when it pays, on worker threads too (see thread-plan.ts).
 * Results are keyed by the file's position, so the report does not depend on which thread finished first. A
 * worker that cannot start, throws, crashes or stalls costs time, never a file: whatever it did not deliver
 * is analysed on the main thread.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileAnalysis } from '../engine/analyze';
import type { Config } from '../engine/config';
import type { Language } from '../engine/model';
import type { FileToParse } from './collect';
import type { ReadHash } from './scan-cache';
import type { ThreadAnalyzer } from './thread-analyzer';
import { DEFAULT_COSTS, planThreads, type CostModel } from './thread-plan';

/** What the main thread hands a worker (as workerData). */
export interface WorkerInput {
  root: string;
  config: Config;
  /** `index`: the file's position in the scan. */
  files: { index: number; file: string; text: string; language: Language }[];
  codeCacheDir: string | undefined;
  /** Whether the scan cache wants the hashes of the files each analysis read. */
  hashReads: boolean;
}

/** What a worker posts back: one message per file, then `done` (with `error` when it gave up early). */
export type WorkerMessage =
  | { kind: 'analysed'; index: number; analysis: FileAnalysis; readHashes: ReadHash[] }
  | { kind: 'failed'; index: number; message: string }
  | { kind: 'done'; error?: string };

export type FileOutcome =
  /** Analysed on the main thread: the files it read, for the cache to hash. */
  | { analysis: FileAnalysis; reads: Set<string> }
  /** Analysed by a worker, which hashed what it read. */
  | { analysis: FileAnalysis; readHashes: ReadHash[] }
  | { failure: string };

export interface ThreadOptions {
  root: string;
  config: Config;
  /** Threads to use at most, the main thread included. */
  threads: number;
  codeCacheDir: string | undefined;
  hashReads: boolean;
  /** The worker's script (tests give a broken one). */
  workerScript?: string;
  costs?: CostModel;
}

/** The worker script next to this module: dist/ when bundled, out/ when compiled by tsc. */
export const DEFAULT_WORKER_SCRIPT = path.join(__dirname, 'analysis-worker.js');

/** A worker that posts nothing for this long is presumed stuck and stopped; the main thread takes its files. */
const WORKER_STALL_MS = 60_000;

function analyzeHere(local: ThreadAnalyzer, file: string, text: string): FileOutcome {
  try {
    return local.analyze(file, text);
  } catch (error) {
    // analyzeFile promises not to throw; if it does, one file is lost, not the scan.
    return { failure: (error as Error)?.message ?? String(error) };
  }
}

/** Runs one worker over `files`, storing each outcome it posts; resolves when it is done, dead or stopped. */
function runWorker(script: string, input: WorkerInput, outcomes: (FileOutcome | undefined)[]): { finished: Promise<void> } {
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData: input });
  } catch {
    return { finished: Promise.resolve() };
  }
  const finished = new Promise<void>((resolve) => {
    let stallTimer: NodeJS.Timeout | undefined;
    const end = () => {
      clearTimeout(stallTimer);
      worker.removeAllListeners();
      // Nothing is left to wait for; a worker still running (stuck) is stopped.
      worker.on('error', () => undefined);
      void worker.terminate();
      resolve();
    };
    const armStallTimer = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(end, WORKER_STALL_MS);
    };
    armStallTimer();
    worker.on('message', (message: WorkerMessage) => {
      armStallTimer();
      if (message.kind === 'analysed') outcomes[message.index] = { analysis: message.analysis, readHashes: message.readHashes };
      else if (message.kind === 'failed') outcomes[message.index] = { failure: message.message };
      else end();
    });
    worker.on('error', end);
    worker.on('messageerror', end);
    worker.on('exit', end);
  });
  return { finished };
}

/**
 * The outcome of each file of `files`, in order. `local` analyses on this thread; its parsers are prepared here
 * for the files it gets.
 */
export async function analyzeInThreads(files: readonly FileToParse[], local: ThreadAnalyzer, options: ThreadOptions): Promise<FileOutcome[]> {
  const outcomes: (FileOutcome | undefined)[] = files.map(() => undefined);
  const script = options.workerScript ?? DEFAULT_WORKER_SCRIPT;
  const useWorkers = options.threads > 1 && files.length > 1 && existsSync(script);
  const plan = useWorkers ? planThreads(files.map((f) => ({ language: f.language, size: f.text.length })), options.threads, options.costs ?? DEFAULT_COSTS) : files.map(() => 0);

  const shares = new Map<number, number[]>();
  plan.forEach((thread, index) => shares.set(thread, [...(shares.get(thread) ?? []), index]));
  const workers: Promise<void>[] = [];
  for (const [thread, indices] of shares) {
    if (thread === 0) continue;
    const input: WorkerInput = {
      root: options.root,
      config: options.config,
      files: indices.map((index) => ({ index, ...files[index] })),
      codeCacheDir: options.codeCacheDir,
      hashReads: options.hashReads,
    };
    workers.push(runWorker(script, input, outcomes).finished);
  }

  // The main thread's share runs while the workers start and work.
  const mine = shares.get(0) ?? [];
  if (mine.length > 0) await local.prepare(mine.map((index) => files[index].language));
  for (const index of mine) outcomes[index] = analyzeHere(local, files[index].file, files[index].text);
  await Promise.all(workers);

  // Whatever a worker did not deliver.
  const missing = outcomes.flatMap((outcome, index) => (outcome ? [] : [index]));
  if (missing.length > 0) await local.prepare(missing.map((index) => files[index].language));
  for (const index of missing) outcomes[index] = analyzeHere(local, files[index].file, files[index].text);
  return outcomes as FileOutcome[];
}
