/**
 * The second phase of a scan: every collected file through the engine, unchanged ones from the scan cache.
 */
import { analyzeFile, prepareLanguages, type FileAnalysis } from '../engine/analyze';
import type { Config } from '../engine/config';
import { frontEndModules } from '../engine/language-modules';
import { computeLineStarts, positionAt, type ScanProblem } from '../engine/report/types';
import { createWorkspaceContext, type FileSource } from '../engine/workspace';
import type { FileToParse } from './collect';
import { openScanCache } from './scan-cache';

/** Scans that parse fewer files than this skip the on-disk cache: they are fast anyway and leave nothing behind. */
const CACHE_MIN_FILES = 20;

export interface AnalyzedFiles {
  files: FileAnalysis[];
  /** Line starts of every analysed file, for positions in reports. */
  lineStarts: Record<string, number[]>;
}

/** Analyses `toParse` in order; a file's problems are appended to `problems` (its first one, with a count). */
export async function analyzeFiles(root: string, toParse: readonly FileToParse[], config: Config, source: FileSource, problems: ScanProblem[]): Promise<AnalyzedFiles> {
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
  return { files, lineStarts };
}
