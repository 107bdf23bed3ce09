/**
 * One workspace folder as the server sees it: a FileSource that prefers open documents' unsaved text over
 * the disk, the engine's workspace context over it, which files each analysis read (as the engine reports them,
 * so a change re-analyses exactly its dependants), and the latest analysis of every file in the workspace index.
 */
import * as path from 'node:path';
import type { FileAnalysis } from '../engine/analyze';
import type { AnalyzeContext } from '../engine/languages/context';
import { frontEndModules } from '../engine/language-modules';
import { createWorkspaceContext, type FileSource, type RecordingContext } from '../engine/workspace';
// Disk under Node; the texts the client read through the editor in a web worker (disk.browser.ts).
import { readTextSync, realPathOf } from '../platform/disk';

/** Text of open documents by workspace-relative path. */
export type OpenText = (relPath: string) => string | undefined;

/**
 * A closed file's analysis as the index keeps it: each call site without `call`, the front end's neutral view of
 * its arguments (the larger part of an analysis). Only the providers and rules read it, while the file is analysed;
 * the summary, the report and prompt files read the call site's own fields. Open documents keep theirs whole.
 */
export function indexEntryOf(analysis: FileAnalysis): FileAnalysis {
  return { ...analysis, callSites: analysis.callSites.map((analyzed) => ({ ...analyzed, site: { ...analyzed.site, call: undefined as never } })) };
}

export class WorkspaceRoot {
  /** Absolute path, platform separators. */
  readonly path: string;
  private readonly realPath: string;
  /** Disk text of the files analyses and the index use; texts only tested by the scan's prefilter are not kept. */
  private readonly diskCache = new Map<string, string | undefined>();
  /** Every file the engine read through the current context, misses included: its memo may hold their old text. */
  private readThroughContext = new Set<string>();
  private context: RecordingContext;
  /** Workspace-relative file -> files its last analysis read, transitively, as the engine reported them. */
  readonly dependencies = new Map<string, Set<string>>();
  /** Workspace-relative file -> its latest analysis (open documents and scanned files). */
  readonly results = new Map<string, FileAnalysis>();
  /** True once a workspace scan has filled `results` for the whole folder. */
  scanned = false;

  constructor(
    readonly uri: string,
    rootPath: string,
    private readonly openText: OpenText,
  ) {
    this.path = rootPath;
    let real = rootPath;
    try {
      real = realPathOf(rootPath);
    } catch {
      // A folder that does not exist (yet) reads as empty.
    }
    this.realPath = real;
    this.context = this.createContext();
  }

  /** Workspace-relative path with forward slashes, or undefined when `absolute` is outside this folder. */
  relativePath(absolute: string): string | undefined {
    const rel = path.relative(this.path, absolute);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  absolutePath(relPath: string): string {
    return path.join(this.path, ...relPath.split('/'));
  }

  /** The file's text: the open document's unsaved text, else the disk (symlinks out of the folder are not followed). */
  readFile(relPath: string): string | undefined {
    const open = this.openText(relPath);
    if (open !== undefined) return open;
    return this.readDisk(relPath);
  }

  /**
   * The file's text on disk. Kept for later reads unless `keep` says otherwise: the scan reads every file once
   * for its prefilter and keeps only those it analyses.
   */
  readDisk(relPath: string, keep?: (text: string) => boolean): string | undefined {
    if (this.diskCache.has(relPath)) return this.diskCache.get(relPath);
    let text: string | undefined;
    try {
      const full = this.absolutePath(relPath);
      const real = realPathOf(full);
      const inside = real === this.realPath || real.startsWith(this.realPath + path.sep);
      text = inside ? readTextSync(full) : undefined;
    } catch {
      text = undefined;
    }
    if (text === undefined || !keep || keep(text)) this.diskCache.set(relPath, text);
    return text;
  }

  /**
   * A file changed (on disk or in an editor). Returns the workspace-relative files whose last analysis read it
   * and so must be analysed again. The engine's memo of constants is dropped when it may hold the old text.
   */
  fileChanged(relPath: string): string[] {
    this.diskCache.delete(relPath);
    if (this.readThroughContext.has(relPath)) this.renewContext();
    const dependants: string[] = [];
    for (const [file, reads] of this.dependencies) {
      if (file !== relPath && reads.has(relPath)) dependants.push(file);
    }
    return dependants;
  }

  /** Forgets everything read: after a config change or a folder-wide event. */
  reset(): void {
    this.diskCache.clear();
    this.renewContext();
  }

  /** Runs `analyze` with the workspace context; the files the engine says it read become `relPath`'s dependencies. */
  withContext<T>(relPath: string, analyze: (context: AnalyzeContext) => T): T {
    const context = this.context;
    const { value, reads } = context.recordReads(() => analyze(context));
    reads.delete(relPath);
    this.dependencies.set(relPath, reads);
    return value;
  }

  forget(relPath: string): void {
    this.dependencies.delete(relPath);
    this.results.delete(relPath);
  }

  private renewContext(): void {
    this.context = this.createContext();
  }

  private createContext(): RecordingContext {
    const readThroughContext = (this.readThroughContext = new Set());
    const source: FileSource = {
      root: this.path,
      readFile: (relPath) => {
        readThroughContext.add(relPath);
        return this.readFile(relPath);
      },
    };
    return createWorkspaceContext(source, frontEndModules);
  }
}
