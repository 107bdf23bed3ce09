/**
 * Which thread analyses which file. Each thread pays for loading the parsers of the languages it meets (the
 * TypeScript compiler is the dearest part of a small scan) and every worker for its own start, so the plan weighs
 * splitting by language (each thread loads one parser) against splitting evenly (each loads all), from an
 * estimate of each file's cost by its size. Pure and deterministic: same files, same plan.
 */
import type { Language } from '../engine/model';

export interface PlannedFile {
  language: Language;
  /** Length of the text. */
  size: number;
}

/** Estimated costs, in milliseconds of one core. */
export interface CostModel {
  /** Starting a worker: the thread and the bundle. */
  workerStart: number;
  /** What every thread pays once it analyses anything, whatever the language: the tokenizer tables, mostly. */
  threadSetup: number;
  /** Loading the parser of a language in a thread. */
  parserLoad: Partial<Record<Language, number>>;
  /** Analysing a file: a fixed part and a part per 1,000 characters. */
  perFile: number;
  perThousandChars: number;
}

/**
 * Measured with per-thread CPU times on a cold scan of 150 Python and 150 TypeScript files (bench tree b): the
 * TypeScript compiler loads in 350 ms with its code cache and 550 ms without, the first file of a thread builds
 * the tokenizer tables (about 240 ms), and a file costs about 1 ms per 1,000 characters in either language.
 */
export const DEFAULT_COSTS: CostModel = {
  workerStart: 160,
  threadSetup: 240,
  parserLoad: { typescript: 500, javascript: 500, python: 110 },
  perFile: 0.3,
  perThousandChars: 1.05,
};

/** The language whose parser a file needs: JavaScript is read by the TypeScript compiler. */
function parserOf(language: Language): Language {
  return language === 'javascript' ? 'typescript' : language;
}

interface ThreadLoad {
  files: Set<number>;
  /** Files of each parser on this thread. */
  parsers: Map<Language, number>;
  work: number;
}

function finishTime(thread: ThreadLoad, index: number, costs: CostModel): number {
  if (thread.files.size === 0) return 0;
  let total = thread.work + costs.threadSetup + (index > 0 ? costs.workerStart : 0);
  for (const parser of thread.parsers.keys()) total += costs.parserLoad[parser] ?? 0;
  return total;
}

/**
 * The thread (0 = the main thread, then the workers) of each file, for at most `threads` threads. A plan may
 * leave workers without files when starting them would not pay.
 */
export function planThreads(files: readonly PlannedFile[], threads: number, costs: CostModel = DEFAULT_COSTS): number[] {
  const count = Math.max(1, Math.floor(threads));
  if (count === 1 || files.length <= 1) return files.map(() => 0);
  const fileCost = files.map((file) => costs.perFile + (costs.perThousandChars * file.size) / 1000);
  const parsers = [...new Set(files.map((file) => parserOf(file.language)))].sort();
  // Heaviest files first when moving, so a few moves balance the load.
  const byCost = files.map((_, i) => i).sort((a, b) => fileCost[b] - fileCost[a] || a - b);

  let best: { assignment: number[]; makespan: number; used: number } | undefined;
  // Every way of giving each parser a home thread (at most 4^3 for three parsers on four threads) ...
  const homes = parsers.map(() => 0);
  for (;;) {
    const assignment = files.map((file) => homes[parsers.indexOf(parserOf(file.language))]);
    const makespan = balance(assignment, count, fileCost, byCost, files, costs);
    const used = new Set(assignment).size;
    if (!best || makespan < best.makespan - 1e-9 || (Math.abs(makespan - best.makespan) <= 1e-9 && used < best.used)) best = { assignment, makespan, used };
    let digit = 0;
    while (digit < homes.length && ++homes[digit] === count) homes[digit++] = 0;
    if (digit === homes.length) break;
  }
  return best!.assignment;
}

/**
 * ... then moves files from the busiest thread to the idlest while that shortens the scan, a parser at a time
 * (one the idle thread has loaded already first). Returns the estimated makespan.
 */
function balance(assignment: number[], count: number, fileCost: number[], byCost: number[], files: readonly PlannedFile[], costs: CostModel): number {
  const loads: ThreadLoad[] = Array.from({ length: count }, () => ({ files: new Set<number>(), parsers: new Map<Language, number>(), work: 0 }));
  const move = (i: number, from: ThreadLoad | undefined, to: ThreadLoad) => {
    const parser = parserOf(files[i].language);
    if (from) {
      from.files.delete(i);
      const left = from.parsers.get(parser)! - 1;
      if (left === 0) from.parsers.delete(parser);
      else from.parsers.set(parser, left);
      from.work -= fileCost[i];
    }
    to.files.add(i);
    to.parsers.set(parser, (to.parsers.get(parser) ?? 0) + 1);
    to.work += fileCost[i];
  };
  for (const i of byCost) move(i, undefined, loads[assignment[i]]);
  const finish = (t: number) => finishTime(loads[t], t, costs);

  // Each round moves files of one parser between one pair of threads; a round that moves nothing ends it.
  for (let round = 0; round < count * count * 4; round++) {
    const order = loads.map((_, t) => t).sort((a, b) => finish(b) - finish(a) || a - b);
    const busiest = order[0];
    const idlest = order[order.length - 1];
    const from = loads[busiest];
    const to = loads[idlest];
    const candidates = [...from.parsers.keys()].sort((a, b) => Number(to.parsers.has(b)) - Number(to.parsers.has(a)) || (a < b ? -1 : 1));
    let moved = 0;
    for (const parser of candidates) {
      for (const i of byCost) {
        if (assignment[i] !== busiest || parserOf(files[i].language) !== parser) continue;
        const before = Math.max(finish(busiest), finish(idlest));
        move(i, from, to);
        if (Math.max(finish(busiest), finish(idlest)) < before - 1e-9) {
          assignment[i] = idlest;
          moved++;
        } else {
          move(i, to, from);
        }
      }
      if (moved > 0) break;
    }
    if (moved === 0) break;
  }
  return Math.max(...loads.map((_, t) => finish(t)));
}
