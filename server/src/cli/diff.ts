/**
 * `prompt-cost diff --base <ref>`: the monthly cost of the working tree against a git ref. The base side is
 * read with `git ls-tree` and `git cat-file` / `git show` (execFile, no shell), never touching the working tree,
 * and analysed with the same engine; imported constants resolve within each side. Call sites are matched by
 * file + api + enclosing function + occurrence, not by line, since lines shift.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, languageOf, prepareLanguages, type FileAnalysis } from '../engine/analyze';
import { defaultConfig, parseConfig, type Config } from '../engine/config';
import { envFileValuesFrom } from '../engine/model-source';
import { frontEndModules } from '../engine/language-modules';
import { PRICE_DATA_SOURCE } from '../engine/pricing';
import { notebookRange, roundMoney, toJsonReport, type JsonCallSite, type JsonFinding } from '../engine/report/json';
import { isNotebookFile } from '../engine/languages/notebook';
import { NOTEBOOK_SIZE_FACTOR } from './collect';
import { computeLineStarts, positionAt, type ScanProblem, type ScanResult } from '../engine/report/types';
import { createWorkspaceContext, type FileSource } from '../engine/workspace';
import { mentionsLlmSdk, SKIPPED_DIRECTORIES } from './files';
import { CONFIG_FILE_NAME, loadConfig, oneLine, scanPaths, selectByConfig, UsageError } from './scan';
import { perMonthOf, SEVERITY_RANK, type CallSiteChange, type CostDiff, type FileCostChange } from './diff-report';

export * from './diff-report';

export interface DiffOptions {
  /** A git ref (`main`, `origin/main`, `HEAD~1`, a commit id). */
  base: string;
  cwd: string;
  /** Workspace root; default `cwd`. Must be inside a git work tree. */
  root?: string;
  /** One config for both sides; default: each side's own `<root>/prompt-cost.config.json`. */
  configFile?: string;
}

const GIT_MAX_BUFFER = 1024 * 1024 * 1024;

function git(args: readonly string[], cwd: string, input?: Buffer | string): Buffer {
  try {
    return execFileSync('git', args, { cwd, input, maxBuffer: GIT_MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0];
    throw new GitError(stderr || (error as Error).message);
  }
}

class GitError extends Error {}

function toSlashes(p: string): string {
  return p.split(path.sep).join('/');
}

function realpathOr(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return target;
  }
}

/** The base ref's files under the root: workspace-relative path -> blob size in bytes. */
function listBaseFiles(toplevel: string, commit: string, prefix: string): Map<string, number> {
  const out = git(['ls-tree', '-r', '-z', '--long', '--full-tree', commit, ...(prefix ? ['--', prefix] : [])], toplevel).toString('utf8');
  const files = new Map<string, number>();
  for (const entry of out.split('\0')) {
    // `<mode> <type> <object> <size>\t<path>`; submodules (commit) and links are not files to read.
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [, type, , size] = entry.slice(0, tab).trim().split(/\s+/);
    if (type !== 'blob') continue;
    const full = entry.slice(tab + 1);
    const rel = prefix ? full.slice(prefix.length + 1) : full;
    files.set(rel, Number(size));
  }
  return files;
}

/** Reads many blobs with one `git cat-file --batch` process. */
function readBlobs(toplevel: string, commit: string, prefix: string, files: readonly string[]): Map<string, string> {
  const texts = new Map<string, string>();
  if (files.length === 0) return texts;
  const names = files.map((file) => `${commit}:${prefix ? prefix + '/' : ''}${file}`);
  // A name with a newline cannot go through --batch; such files are read one by one.
  const batched = files.map((_, index) => index).filter((index) => !names[index].includes('\n'));
  const output = git(['cat-file', '--batch'], toplevel, batched.map((index) => names[index]).join('\n') + '\n');
  let offset = 0;
  for (const index of batched) {
    // `<object> blob <size>\n<content>\n`, or `<name> missing\n`.
    const headerEnd = output.indexOf(10, offset);
    const header = output.subarray(offset, headerEnd).toString('utf8');
    offset = headerEnd + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) continue;
    const size = Number(header.slice(header.lastIndexOf(' ') + 1));
    texts.set(files[index], output.subarray(offset, offset + size).toString('utf8'));
    offset += size + 1;
  }
  for (let index = 0; index < names.length; index++) {
    if (names[index].includes('\n')) texts.set(files[index], git(['show', names[index]], toplevel).toString('utf8'));
  }
  return texts;
}

/** A FileSource over the base ref: known blobs first, anything else in the tree through `git show`. */
function baseFileSource(root: string, toplevel: string, commit: string, prefix: string, tree: Map<string, number>, preloaded: Map<string, string>): FileSource {
  const cache = new Map<string, string | undefined>(preloaded);
  return {
    root,
    readFile(relPath) {
      if (cache.has(relPath)) return cache.get(relPath);
      let text: string | undefined;
      if (tree.has(relPath)) {
        try {
          text = git(['show', `${commit}:${prefix ? prefix + '/' : ''}${relPath}`], toplevel).toString('utf8');
        } catch {
          text = undefined;
        }
      }
      cache.set(relPath, text);
      return text;
    },
  };
}

function isSkippedPath(file: string, virtualenvs: ReadonlySet<string>): boolean {
  const segments = file.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    if (SKIPPED_DIRECTORIES.has(segments[i])) return true;
    if (virtualenvs.has(segments.slice(0, i + 1).join('/'))) return true;
  }
  return false;
}

function baseConfig(options: DiffOptions, root: string, source: FileSource, ref: string): Config {
  const config = baseConfigFile(options, root, source, ref);
  // The base ref's env example files say what its runtime models were.
  config.envFileValues = envFileValuesFrom((file) => source.readFile(file));
  return config;
}

function baseConfigFile(options: DiffOptions, root: string, source: FileSource, ref: string): Config {
  if (options.configFile !== undefined) return loadConfig(root, options.cwd, options.configFile);
  const text = source.readFile(CONFIG_FILE_NAME);
  if (text === undefined) return defaultConfig();
  const shown = `${ref}:${CONFIG_FILE_NAME}`;
  const parsed = parseConfig(text, shown);
  if ('error' in parsed) {
    const { jsonPath, message } = parsed.error;
    throw new UsageError(`${shown}: ${jsonPath ? jsonPath + ': ' : ''}${oneLine(message)}`);
  }
  return parsed.config;
}

/** The base ref's ScanResult, built as `scanPaths` builds the working tree's. */
async function scanBase(options: DiffOptions, root: string, toplevel: string, commit: string, prefix: string): Promise<ScanResult> {
  const tree = listBaseFiles(toplevel, commit, prefix);
  const virtualenvs = new Set([...tree.keys()].filter((file) => file === 'pyvenv.cfg' || file.endsWith('/pyvenv.cfg')).map((file) => path.posix.dirname(file)));
  const configSource = baseFileSource(root, toplevel, commit, prefix, tree, new Map());
  const config = baseConfig(options, root, configSource, options.base);
  const candidates = selectByConfig(
    [...tree.keys()].filter((file) => languageOf(file) !== null && !isSkippedPath(file, virtualenvs)).sort(),
    config,
  );
  const problems: ScanProblem[] = [];
  const readable = candidates.filter((file) => {
    if ((tree.get(file) ?? 0) <= config.maxFileSizeBytes * (isNotebookFile(file) ? NOTEBOOK_SIZE_FACTOR : 1)) return true;
    problems.push({ file, message: `not scanned: larger than maxFileSizeBytes (${config.maxFileSizeBytes})` });
    return false;
  });
  const texts = readBlobs(toplevel, commit, prefix, readable);
  const source = baseFileSource(root, toplevel, commit, prefix, tree, texts);
  const toParse = readable.filter((file) => texts.has(file) && mentionsLlmSdk(texts.get(file)!));
  if (toParse.length > 0) await prepareLanguages(new Set(toParse.map((file) => languageOf(file)!)));
  const context = createWorkspaceContext(source, frontEndModules);
  const lineStarts: Record<string, number[]> = {};
  const files: FileAnalysis[] = [];
  for (const file of toParse) {
    const text = texts.get(file)!;
    lineStarts[file] = computeLineStarts(text);
    const analysis = analyzeFile(file, text, context, config);
    files.push(analysis);
    for (const problem of analysis.errors) {
      const where = analysis.notebook ? notebookRange(analysis.notebook, problem.span) : { cell: undefined, start: positionAt(lineStarts[file], problem.span.start) };
      problems.push({ file, ...(where.cell !== undefined ? { cell: where.cell } : {}), line: where.start.line, message: problem.message });
    }
  }
  return {
    root,
    displayRoot: '.',
    prices: { source: PRICE_DATA_SOURCE.source, asOf: PRICE_DATA_SOURCE.asOf },
    files,
    lineStarts,
    stats: { filesListed: candidates.length, filesPrefiltered: readable.length - toParse.length, filesParsed: toParse.length },
    problems,
  };
}

interface KeyedSite {
  key: string;
  file: string;
  api: string;
  function: string | null;
  occurrence: number;
  json: JsonCallSite;
}

/** Each call site with its matching key: file + api + enclosing function + occurrence index in source order. */
export function keyedCallSites(result: ScanResult): KeyedSite[] {
  const json = new Map(toJsonReport(result).callSites.map((site) => [`${site.file}:${site.cell ?? ''}:${site.line}:${site.column}`, site]));
  const out: KeyedSite[] = [];
  for (const file of result.files) {
    const counts = new Map<string, number>();
    const ordered = [...file.callSites].sort((a, b) => a.site.span.start - b.site.span.start);
    for (const { site } of ordered) {
      // A notebook's positions are inside its cells, as in the JSON report.
      const where = file.notebook ? notebookRange(file.notebook, site.span) : { cell: undefined, start: positionAt(result.lineStarts[site.file], site.span.start) };
      const jsonSite = json.get(`${site.file}:${where.cell ?? ''}:${where.start.line}:${where.start.column}`);
      if (!jsonSite) continue;
      const group = JSON.stringify([site.file, site.api, site.enclosingFunction]);
      const occurrence = counts.get(group) ?? 0;
      counts.set(group, occurrence + 1);
      out.push({ key: `${group}#${occurrence}`, file: site.file, api: site.api, function: site.enclosingFunction, occurrence, json: jsonSite });
    }
  }
  return out;
}

function sameCost(a: JsonCallSite, b: JsonCallSite): boolean {
  return (
    a.model === b.model &&
    a.provider === b.provider &&
    (a.cost?.perMonth ?? null) === (b.cost?.perMonth ?? null) &&
    (a.cost?.perCall ?? null) === (b.cost?.perCall ?? null) &&
    (a.cost?.callsPerDay ?? null) === (b.cost?.callsPerDay ?? null)
  );
}

/**
 * Findings keyed for matching across the two sides: file + rule + the call site the finding sits in (its
 * matching key, which survives shifted lines) + occurrence. Messages are not part of the key: their figures
 * change with the cost.
 */
function keyedFindings(result: ScanResult, sites: readonly KeyedSite[]): { key: string; finding: JsonFinding }[] {
  const counts = new Map<string, number>();
  return toJsonReport(result).findings.map((finding) => {
    const anchor = sites.find((site) => site.file === finding.file && site.json.cell === finding.cell && site.json.line <= finding.line && finding.line <= site.json.endLine);
    const group = JSON.stringify([finding.file, finding.rule, anchor?.key ?? null]);
    const occurrence = counts.get(group) ?? 0;
    counts.set(group, occurrence + 1);
    return { key: `${group}#${occurrence}`, finding };
  });
}

function bySeverityThenPlace(a: JsonFinding, b: JsonFinding): number {
  return (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.cell ?? 0) - (b.cell ?? 0) || a.line - b.line;
}

/** Findings of the head that the base did not have, and the base's findings that are gone. */
export function compareFindings(baseResult: ScanResult, headResult: ScanResult): CostDiff['findings'] {
  const base = keyedFindings(baseResult, keyedCallSites(baseResult));
  const head = keyedFindings(headResult, keyedCallSites(headResult));
  const baseKeys = new Set(base.map((entry) => entry.key));
  const headKeys = new Set(head.map((entry) => entry.key));
  return {
    new: head.filter((entry) => !baseKeys.has(entry.key)).map((entry) => entry.finding).sort(bySeverityThenPlace),
    resolved: base.filter((entry) => !headKeys.has(entry.key)).map((entry) => entry.finding).sort(bySeverityThenPlace),
  };
}

/** Matches the two sides' call sites and sums the changes. */
export function compareScans(baseResult: ScanResult, headResult: ScanResult, base: { ref: string; commit: string }, root: string): CostDiff {
  const baseSites = keyedCallSites(baseResult);
  const headSites = keyedCallSites(headResult);
  const baseByKey = new Map(baseSites.map((site) => [site.key, site]));
  const headKeys = new Set(headSites.map((site) => site.key));
  const changes: CallSiteChange[] = [];
  let unchanged = 0;
  for (const head of headSites) {
    const before = baseByKey.get(head.key);
    if (before && sameCost(before.json, head.json)) {
      unchanged++;
      continue;
    }
    changes.push({
      change: before ? 'changed' : 'added',
      file: head.file,
      api: head.api,
      function: head.function,
      occurrence: head.occurrence,
      base: before?.json ?? null,
      head: head.json,
      perMonthDelta: roundMoney(perMonthOf(head.json) - perMonthOf(before?.json ?? null)),
    });
  }
  for (const before of baseSites) {
    if (headKeys.has(before.key)) continue;
    changes.push({
      change: 'removed',
      file: before.file,
      api: before.api,
      function: before.function,
      occurrence: before.occurrence,
      base: before.json,
      head: null,
      perMonthDelta: roundMoney(-perMonthOf(before.json)),
    });
  }
  changes.sort(
    (a, b) => Math.abs(b.perMonthDelta) - Math.abs(a.perMonthDelta) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.head ?? a.base)!.line - (b.head ?? b.base)!.line,
  );

  const perFile = new Map<string, { base: number; head: number }>();
  for (const site of baseSites) {
    const entry = perFile.get(site.file) ?? { base: 0, head: 0 };
    entry.base += perMonthOf(site.json);
    perFile.set(site.file, entry);
  }
  for (const site of headSites) {
    const entry = perFile.get(site.file) ?? { base: 0, head: 0 };
    entry.head += perMonthOf(site.json);
    perFile.set(site.file, entry);
  }
  const files: FileCostChange[] = [...perFile.entries()]
    .map(([file, sums]) => ({ file, basePerMonth: roundMoney(sums.base), headPerMonth: roundMoney(sums.head), perMonthDelta: roundMoney(sums.head - sums.base) }))
    .filter((entry) => entry.perMonthDelta !== 0 || changes.some((change) => change.file === entry.file))
    .sort((a, b) => Math.abs(b.perMonthDelta) - Math.abs(a.perMonthDelta) || (a.file < b.file ? -1 : 1));

  const basePerMonth = baseSites.reduce((sum, site) => sum + perMonthOf(site.json), 0);
  const headPerMonth = headSites.reduce((sum, site) => sum + perMonthOf(site.json), 0);
  const problems = [
    ...baseResult.problems.map((p) => ({ side: 'base' as const, file: p.file, line: p.line ?? null, message: p.message })),
    ...headResult.problems.map((p) => ({ side: 'head' as const, file: p.file, line: p.line ?? null, message: p.message })),
  ];
  return {
    schemaVersion: 1,
    base,
    root,
    prices: headResult.prices,
    callSites: changes,
    files,
    totals: {
      basePerMonth: roundMoney(basePerMonth),
      headPerMonth: roundMoney(headPerMonth),
      perMonthDelta: roundMoney(headPerMonth - basePerMonth),
      added: changes.filter((c) => c.change === 'added').length,
      removed: changes.filter((c) => c.change === 'removed').length,
      changed: changes.filter((c) => c.change === 'changed').length,
      unchanged,
    },
    findings: compareFindings(baseResult, headResult),
    problems,
  };
}

export async function diffAgainstBase(options: DiffOptions): Promise<CostDiff> {
  const root = path.resolve(options.cwd, options.root ?? '.');
  let toplevel: string;
  try {
    toplevel = git(['rev-parse', '--show-toplevel'], root).toString('utf8').trim();
  } catch {
    throw new UsageError(`${toSlashes(path.relative(options.cwd, root)) || '.'}: not inside a git repository (diff needs one)`);
  }
  // A ref starting with a dash would be read as an option.
  if (options.base === '' || options.base.startsWith('-')) throw new UsageError(`--base ${options.base}: not a git ref`);
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', `${options.base}^{commit}`], root).toString('utf8').trim();
  } catch {
    commit = '';
  }
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new UsageError(`--base ${options.base}: not a commit in this repository`);
  const prefix = toSlashes(path.relative(realpathOr(toplevel), realpathOr(root)));

  const head = await scanPaths({ paths: [], cwd: options.cwd, root: options.root ?? '.', configFile: options.configFile });
  const base = await scanBase(options, root, toplevel, commit, prefix);
  return compareScans(base, head, { ref: options.base, commit }, head.displayRoot);
}

