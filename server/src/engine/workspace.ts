/**
 * The workspace seen by the language front ends: constants imported from other files and prompt files read
 * from literal paths. Pure: every read goes through a FileSource, so tests pass an in-memory one and the CLI
 * and the server pass one backed by the disk or by open documents.
 */
import { posix } from 'node:path';
import type { AnalyzeContext } from './languages/context';
import type { Language, Value } from './model';

/** Read access to the workspace. `relPath` is workspace-relative with forward slashes. */
export interface FileSource {
  /** Absolute path of the workspace root (forward slashes or the platform's own). */
  root: string;
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(relPath: string): string | undefined;
}

/** How one language finds the files behind an import and the constants a file defines. */
export interface ModuleResolver {
  /**
   * Workspace-relative files that `specifier`, imported from `fromFile`, may refer to, most likely first.
   * `readFile` reads workspace files the answer depends on (a tsconfig's `paths` aliases).
   */
  moduleCandidates(fromFile: string, specifier: string, readFile: (relPath: string) => string | undefined): string[];
  /** Module-level constants of `file`, by name. `ctx` lets a constant refer to constants of further files. */
  moduleConstants(file: string, text: string, ctx: AnalyzeContext): Map<string, Value>;
}

/** One resolver per language family; TypeScript's also serves JavaScript. */
export interface LanguageModules {
  python?: ModuleResolver;
  typescript?: ModuleResolver;
}

function resolverFor(modules: LanguageModules, language: Language | null): ModuleResolver | undefined {
  if (language === 'python') return modules.python;
  if (language === 'typescript' || language === 'javascript') return modules.typescript;
  return undefined;
}

function languageOfPath(file: string): Language | null {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'py' || ext === 'pyi') return 'python';
  if (['ts', 'tsx', 'mts', 'cts'].includes(ext)) return 'typescript';
  if (['js', 'jsx', 'mjs', 'cjs'].includes(ext)) return 'javascript';
  return null;
}

function toSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * A workspace-relative path for `path`, or undefined when it escapes the root.
 * Accepts relative paths (joined to `base`, itself workspace-relative) and absolute paths inside the root.
 */
export function workspaceRelativePath(root: string, base: string, path: string): string | undefined {
  const slashed = toSlashes(path);
  const rootSlashed = toSlashes(root).replace(/\/+$/, '');
  let joined: string;
  if (posix.isAbsolute(slashed) || /^[A-Za-z]:\//.test(slashed)) {
    const prefix = rootSlashed + '/';
    if (!slashed.startsWith(prefix)) return undefined;
    joined = slashed.slice(prefix.length);
  } else {
    joined = posix.join(base, slashed);
  }
  const normalized = posix.normalize(joined);
  if (normalized === '..' || normalized.startsWith('../') || posix.isAbsolute(normalized)) return undefined;
  if (normalized === '.' || normalized === '') return undefined;
  return normalized.replace(/^\.\//, '');
}

/** Directories from `file`'s own up to the root, nearest first (`a/b/c.py` -> `a/b`, `a`, `.`). */
function ancestorDirectories(file: string): string[] {
  const dirs: string[] = [];
  let dir = posix.dirname(file);
  while (dir !== '.' && dir !== '/' && dir !== '') {
    dirs.push(dir);
    dir = posix.dirname(dir);
  }
  dirs.push('.');
  return dirs;
}

/** A workspace context that can also say which files an analysis read (for caches keyed by content). */
export interface RecordingContext extends AnalyzeContext {
  /**
   * Runs `run` and returns the workspace-relative files it read through this context, misses included,
   * transitively: a constant memoized from an earlier analysis still reports the files behind it.
   */
  recordReads<T>(run: () => T): { value: T; reads: Set<string> };
}

export function createWorkspaceContext(source: FileSource, languageModules: LanguageModules): RecordingContext {
  // Per file: its constants once computed, or IN_PROGRESS while computing (an import cycle resolves to nothing).
  const IN_PROGRESS = 'in-progress' as const;
  const constantsByFile = new Map<string, Map<string, Value> | typeof IN_PROGRESS | null>();
  // Files read while computing each file's constants (itself included), replayed on memo hits.
  const readsBehind = new Map<string, Set<string>>();
  const recorders: Set<string>[] = [];
  const record = (file: string) => {
    for (const recorder of recorders) recorder.add(file);
  };
  const readFile = (relPath: string) => {
    record(relPath);
    return source.readFile(relPath);
  };

  const context: RecordingContext = {
    recordReads(run) {
      const reads = new Set<string>();
      recorders.push(reads);
      try {
        return { value: run(), reads };
      } finally {
        recorders.splice(recorders.lastIndexOf(reads), 1);
      }
    },

    resolveImport(fromFile, moduleSpecifier, name) {
      const from = toSlashes(fromFile);
      const resolver = resolverFor(languageModules, languageOfPath(from));
      if (!resolver) return undefined;
      for (const candidate of resolver.moduleCandidates(from, moduleSpecifier, readFile)) {
        const file = workspaceRelativePath(source.root, '.', candidate);
        if (file === undefined) continue;
        const constants = constantsOf(file);
        if (constants === IN_PROGRESS) return undefined;
        if (constants === null) continue;
        return constants.get(name);
      }
      return undefined;
    },

    readPromptFile(fromFile, path, relativeTo) {
      const from = toSlashes(fromFile);
      // Code that reads relative to the working directory is usually run from the project folder, which may
      // sit below the scanned root: try the root first, then the file's ancestors.
      const bases = relativeTo === 'file' ? [posix.dirname(from)] : ['.', ...ancestorDirectories(from)];
      for (const base of bases) {
        const file = workspaceRelativePath(source.root, base, path);
        if (file === undefined) continue;
        const text = readFile(file);
        if (text !== undefined) return { path: file, text };
      }
      return undefined;
    },
  };

  function constantsOf(file: string): Map<string, Value> | typeof IN_PROGRESS | null {
    const known = constantsByFile.get(file);
    if (known !== undefined) {
      for (const read of readsBehind.get(file) ?? [file]) record(read);
      return known;
    }
    const behind = new Set<string>();
    recorders.push(behind);
    try {
      return computeConstants(file);
    } finally {
      recorders.splice(recorders.lastIndexOf(behind), 1);
      behind.add(file);
      readsBehind.set(file, behind);
      for (const read of behind) record(read);
    }
  }

  function computeConstants(file: string): Map<string, Value> | null {
    const resolver = resolverFor(languageModules, languageOfPath(file));
    const text = resolver ? readFile(file) : undefined;
    if (!resolver || text === undefined) {
      constantsByFile.set(file, null);
      return null;
    }
    constantsByFile.set(file, IN_PROGRESS);
    let constants: Map<string, Value>;
    try {
      constants = resolver.moduleConstants(file, text, context);
    } catch {
      // A file the front end cannot read is a missing module, not a failed scan.
      constants = new Map();
    }
    constantsByFile.set(file, constants);
    return constants;
  }

  return context;
}
