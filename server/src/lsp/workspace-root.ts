/**
 * One workspace folder as the server sees it: a FileSource that prefers open documents' unsaved text over
 * the disk, the engine's workspace context over it, which files each analysis read (so a change re-analyses
 * exactly its dependants), and the latest analysis of every file in the workspace index.
 */
import { readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../engine/analyze';
import type { AnalyzeContext } from '../engine/languages/context';
import { frontEndModules } from '../engine/language-modules';
import { createWorkspaceContext, type FileSource } from '../engine/workspace';

/** Text of open documents by workspace-relative path. */
export type OpenText = (relPath: string) => string | undefined;

export class WorkspaceRoot {
  /** Absolute path, platform separators. */
  readonly path: string;
  private readonly realPath: string;
  private readonly diskCache = new Map<string, string | undefined>();
  /** Every file read through the FileSource since the context was created, including misses. */
  private readSet = new Set<string>();
  /** Files read by the first resolution of each import, so later (memoized) resolutions report them too. */
  private importReads = new Map<string, Set<string>>();
  private recorders: Set<string>[] = [];
  private context: AnalyzeContext;
  /** Workspace-relative file -> files its last analysis read. */
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
      real = realpathSync(rootPath);
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
    for (const recorder of this.recorders) recorder.add(relPath);
    this.readSet.add(relPath);
    const open = this.openText(relPath);
    if (open !== undefined) return open;
    return this.readDisk(relPath);
  }

  readDisk(relPath: string): string | undefined {
    if (this.diskCache.has(relPath)) return this.diskCache.get(relPath);
    let text: string | undefined;
    try {
      const full = this.absolutePath(relPath);
      const real = realpathSync(full);
      const inside = real === this.realPath || real.startsWith(this.realPath + path.sep);
      text = inside ? readFileSync(full, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    this.diskCache.set(relPath, text);
    return text;
  }

  /**
   * A file changed (on disk or in an editor). Returns the workspace-relative files whose last analysis read it
   * and so must be analysed again. The engine's memo of constants is dropped when it may hold the old text.
   */
  fileChanged(relPath: string): string[] {
    this.diskCache.delete(relPath);
    if (this.readSet.has(relPath)) {
      this.readSet = new Set();
      this.importReads = new Map();
      this.context = this.createContext();
    }
    const dependants: string[] = [];
    for (const [file, reads] of this.dependencies) {
      if (file !== relPath && reads.has(relPath)) dependants.push(file);
    }
    return dependants;
  }

  /** Forgets everything read: after a config change or a folder-wide event. */
  reset(): void {
    this.diskCache.clear();
    this.readSet = new Set();
    this.importReads = new Map();
    this.context = this.createContext();
  }

  /** Runs `analyze` with the workspace context, recording which files it read as `relPath`'s dependencies. */
  withContext<T>(relPath: string, analyze: (context: AnalyzeContext) => T): T {
    const reads = new Set<string>();
    this.recorders.push(reads);
    try {
      return analyze(this.trackingContext());
    } finally {
      this.recorders.pop();
      reads.delete(relPath);
      this.dependencies.set(relPath, reads);
    }
  }

  forget(relPath: string): void {
    this.dependencies.delete(relPath);
    this.results.delete(relPath);
  }

  private createContext(): AnalyzeContext {
    const source: FileSource = { root: this.path, readFile: (relPath) => this.readFile(relPath) };
    return createWorkspaceContext(source, frontEndModules);
  }

  private trackingContext(): AnalyzeContext {
    const inner = this.context;
    return {
      resolveImport: (fromFile, moduleSpecifier, name) => {
        const key = `${fromFile}\u0000${moduleSpecifier}`;
        const known = this.importReads.get(key);
        if (known) {
          for (const recorder of this.recorders) for (const file of known) recorder.add(file);
          return inner.resolveImport(fromFile, moduleSpecifier, name);
        }
        const reads = new Set<string>();
        this.recorders.push(reads);
        try {
          return inner.resolveImport(fromFile, moduleSpecifier, name);
        } finally {
          this.recorders.pop();
          this.importReads.set(key, reads);
          for (const recorder of this.recorders) for (const file of reads) recorder.add(file);
        }
      },
      readPromptFile: (fromFile, promptPath, relativeTo) => inner.readPromptFile(fromFile, promptPath, relativeTo),
    };
  }
}
