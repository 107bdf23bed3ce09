/**
 * Runs mutated files through the engine (in process) and through the built CLI (a temp folder per batch),
 * and counts crashes, hangs and invalid output. Used by the short run in `npm test` and by `npm run fuzz`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { analyzeFile, languageOf, prepareLanguages, type FileAnalysis } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { frontEndModules } from '../../server/src/engine/language-modules';
import { createWorkspaceContext, type FileSource } from '../../server/src/engine/workspace';
import { loadSeeds, mutatedFile, type MutatedFile, type SeedFile } from './mutate';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'cli.js');

/** A file whose analysis takes longer than this counts as a hang (the engine's own budget is 5 s). */
export const HANG_MS = 15_000;

export interface FuzzFailure {
  /** `lost`: the analysis of a file that parses dropped every call, though calls of its seed are still in it. */
  kind: 'crash' | 'hang' | 'invalid' | 'lost';
  file: string;
  index: number;
  mutations: string[];
  detail: string;
}

export interface FuzzFigures {
  files: number;
  crashes: number;
  hangs: number;
  invalid: number;
  /** Files whose analysis dropped every call although the text parses and still holds calls of its seed. */
  lost: number;
  totalMs: number;
  slowestMs: number;
  callSites: number;
  failures: FuzzFailure[];
}

export function seedCorpus(): SeedFile[] {
  return loadSeeds(path.join(REPO_ROOT, 'examples'));
}

function emptyFigures(): FuzzFigures {
  return { files: 0, crashes: 0, hangs: 0, invalid: 0, lost: 0, totalMs: 0, slowestMs: 0, callSites: 0, failures: [] };
}

function record(figures: FuzzFigures, failure: FuzzFailure): void {
  if (failure.kind === 'crash') figures.crashes++;
  else if (failure.kind === 'hang') figures.hangs++;
  else if (failure.kind === 'lost') figures.lost++;
  else figures.invalid++;
  figures.failures.push(failure);
}

/** What a well-formed analysis promises: spans and edits inside the text, JSON-serialisable. Null when it holds. */
export function analysisProblem(analysis: FileAnalysis, file: string, text: string): string | null {
  const inside = (start: number, end: number) => Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length;
  for (const { site } of analysis.callSites) {
    if (site.span.file === file && !inside(site.span.start, site.span.end)) return `call span ${site.span.start}-${site.span.end} outside 0-${text.length}`;
  }
  for (const finding of analysis.findings) {
    if (finding.span.file === file && !inside(finding.span.start, finding.span.end)) return `${finding.rule} span outside the text`;
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) if (edit.file === file && !inside(edit.start, edit.end)) return `${finding.rule} fix edit ${edit.start}-${edit.end} outside the text`;
    }
  }
  try {
    JSON.stringify(analysis.callSites.map((c) => ({ ...c, site: { ...c.site } })));
    JSON.stringify(analysis.findings);
  } catch (error) {
    return `not serialisable: ${(error as Error).message}`;
  }
  return null;
}

/** True when the text parses: TypeScript's own parser for the JS family; the analysis's parse errors for Python. */
export function parsesCleanly(analysis: FileAnalysis, file: string, text: string): boolean {
  if (analysis.skipped) return false;
  if (/\.(py|pyi)$/.test(file)) return !analysis.errors.some((error) => /^(syntax error|not Python source|Python analysis failed: parsing)/.test(error.message));
  if (!/\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/.test(file)) return false;
  try {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, /x$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    return (source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length === 0;
  } catch {
    // The parser itself gave up (nesting beyond its stack): nothing can be analysed.
    return false;
  }
}

/**
 * Null unless the analysis dropped every call although the text parses and still holds, character for
 * character, calls that the analysis of its seed found (`seedCalls`: their source texts). An analysis that
 * gives up ("nested too deeply", "analysis failed") on a parseable file then counts as a failure, not a pass.
 */
export function lostCallsProblem(analysis: FileAnalysis, file: string, text: string, seedCalls: readonly string[]): string | null {
  if (analysis.callSites.length > 0) return null;
  const surviving = seedCalls.filter((call) => text.includes(call));
  if (surviving.length === 0 || !parsesCleanly(analysis, file, text)) return null;
  const why = analysis.errors.map((error) => error.message).join('; ') || 'no error reported';
  return `${surviving.length} call${surviving.length === 1 ? '' : 's'} of the seed still in the text, none found (${why})`;
}

/** Source texts of the calls the engine finds in each unmutated seed file, by path. */
function seedCallTexts(seeds: readonly SeedFile[]): Map<string, string[]> {
  const config = defaultConfig();
  const files = new Map(seeds.map((s) => [s.path, s.text]));
  const context = createWorkspaceContext({ root: '/workspace', readFile: (rel) => files.get(rel) }, frontEndModules);
  const calls = new Map<string, string[]>();
  for (const seed of seeds) {
    if (!languageOf(seed.path)) continue;
    const analysis = analyzeFile(seed.path, seed.text, context, config);
    calls.set(seed.path.replace(/\.[^./]+$/, ''), analysis.callSites.filter((c) => c.site.span.file === seed.path).map((c) => seed.text.slice(c.site.span.start, c.site.span.end)));
  }
  return calls;
}

/** `count` mutated files (indexes from `first`) through analyzeFile, with the other seed files as the workspace. */
export async function fuzzEngine(options: { seed: number; count: number; first?: number; seeds?: SeedFile[] }): Promise<FuzzFigures> {
  const seeds = options.seeds ?? seedCorpus();
  await prepareLanguages(['python', 'typescript', 'javascript', 'prompty']);
  const figures = emptyFigures();
  const config = defaultConfig();
  const first = options.first ?? 0;
  const seedCalls = seedCallTexts(seeds);
  for (let index = first; index < first + options.count; index++) {
    const mutated = mutatedFile(seeds, options.seed, index);
    const files = new Map(seeds.map((s) => [s.path, s.text]));
    files.set(mutated.path, mutated.text);
    const source: FileSource = { root: '/workspace', readFile: (rel) => files.get(rel) };
    const context = createWorkspaceContext(source, frontEndModules);
    const started = performance.now();
    let analysis: FileAnalysis | undefined;
    let crash: string | undefined;
    try {
      analysis = analyzeFile(mutated.path, mutated.text, context, config);
    } catch (error) {
      crash = error instanceof Error ? error.stack ?? error.message : String(error);
    }
    const elapsed = performance.now() - started;
    figures.files++;
    figures.totalMs += elapsed;
    figures.slowestMs = Math.max(figures.slowestMs, elapsed);
    const base = { file: mutated.path, index, mutations: mutated.mutations };
    if (crash !== undefined) record(figures, { ...base, kind: 'crash', detail: crash });
    else if (elapsed > HANG_MS) record(figures, { ...base, kind: 'hang', detail: `${Math.round(elapsed)} ms` });
    else {
      figures.callSites += analysis!.callSites.length;
      const problem = analysisProblem(analysis!, mutated.path, mutated.text);
      const lost = lostCallsProblem(analysis!, mutated.path, mutated.text, seedCalls.get(mutated.path.replace(/\.[^./]+$/, '')) ?? []);
      if (problem) record(figures, { ...base, kind: 'invalid', detail: problem });
      else if (lost) record(figures, { ...base, kind: 'lost', detail: lost });
    }
  }
  return figures;
}

/**
 * `count` mutated files through `node dist/cli.js scan --format json`, `batchSize` files per temporary folder.
 * Each run must end within HANG_MS per file, exit 0 and print a valid schemaVersion 1 report about those files.
 */
export function fuzzCli(options: { seed: number; count: number; first?: number; batchSize?: number; seeds?: SeedFile[] }): FuzzFigures {
  const seeds = options.seeds ?? seedCorpus();
  const figures = emptyFigures();
  const batchSize = options.batchSize ?? 100;
  const first = options.first ?? 0;
  for (let batchStart = first; batchStart < first + options.count; batchStart += batchSize) {
    const root = mkdtempSync(path.join(tmpdir(), 'prompt-cost-fuzz-'));
    const written = new Map<string, MutatedFile & { index: number }>();
    const end = Math.min(first + options.count, batchStart + batchSize);
    for (let index = batchStart; index < end; index++) {
      const mutated = mutatedFile(seeds, options.seed, index);
      // One folder per file keeps the seed's relative imports meaningful without files overwriting each other.
      const rel = `f${String(index).padStart(5, '0')}/${mutated.path}`;
      const full = path.join(root, ...rel.split('/'));
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, mutated.text);
      written.set(rel, { ...mutated, index });
    }
    const started = performance.now();
    const run = spawnSync(process.execPath, [CLI_PATH, 'scan', '--format', 'json', root], {
      cwd: root,
      encoding: 'utf8',
      timeout: HANG_MS * (end - batchStart),
      maxBuffer: 512 * 1024 * 1024,
    });
    const elapsed = performance.now() - started;
    figures.files += end - batchStart;
    figures.totalMs += elapsed;
    figures.slowestMs = Math.max(figures.slowestMs, elapsed);
    const batch = { file: `${path.basename(root)} (files ${batchStart}-${end - 1})`, index: batchStart, mutations: [] };
    const timedOut = run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    if (timedOut) record(figures, { ...batch, kind: 'hang', detail: `no answer after ${Math.round(elapsed)} ms` });
    else if (run.status !== 0) record(figures, { ...batch, kind: 'crash', detail: `exit ${run.status}: ${run.stderr.slice(0, 2000)}` });
    else {
      const problem = reportProblem(run.stdout, written);
      if (problem) record(figures, { ...batch, kind: 'invalid', detail: problem });
      else figures.callSites += (JSON.parse(run.stdout) as { callSites: unknown[] }).callSites.length;
    }
    if (figures.failures.length === 0) rmSync(root, { recursive: true, force: true });
  }
  return figures;
}

/** Null when `stdout` is a schemaVersion 1 report about the written files, each file in `problems` at most once. */
function reportProblem(stdout: string, written: ReadonlyMap<string, unknown>): string | null {
  let report: { schemaVersion?: unknown; callSites?: { file: string }[]; findings?: { file: string }[]; problems?: { file: string }[] };
  try {
    report = JSON.parse(stdout);
  } catch (error) {
    return `stdout is not JSON: ${(error as Error).message}`;
  }
  if (report.schemaVersion !== 1) return `schemaVersion ${String(report.schemaVersion)}`;
  if (!Array.isArray(report.callSites) || !Array.isArray(report.findings) || !Array.isArray(report.problems)) return 'missing callSites, findings or problems';
  for (const site of report.callSites) if (!written.has(site.file)) return `call site in an unknown file ${site.file}`;
  const seen = new Set<string>();
  for (const problem of report.problems) {
    if (seen.has(problem.file)) return `${problem.file} is reported more than once`;
    seen.add(problem.file);
  }
  return null;
}

export function describeFigures(label: string, figures: FuzzFigures): string {
  return `${label}: ${figures.files} files, ${figures.crashes} crashes, ${figures.hangs} hangs, ${figures.invalid} invalid outputs, ${figures.lost} with every call lost, ${figures.callSites} call sites, ${(figures.totalMs / 1000).toFixed(1)} s (slowest ${Math.round(figures.slowestMs)} ms)`;
}
