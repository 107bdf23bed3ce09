/**
 * Lists the files a scan analyses: walks the given paths under the root, honours .gitignore files at every
 * level (via the `ignore` package), skips dependency, virtualenv and build folders, survives symlink loops
 * and unreadable folders. I/O lives here, at the edge; the engine only ever sees text.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageOf } from '../engine/language-of';
import { PREFILTER_NEEDLES } from '../engine/languages/sdk-modules';
import { mentionsLlmSdk, PREFILTER_PATTERN } from '../engine/languages/sdk-mentions';
import { SKIPPED_DIRECTORIES } from '../engine/skipped-directories';

export { SKIPPED_DIRECTORIES };

export interface ListedFiles {
  /** Root-relative paths with forward slashes, sorted. */
  files: string[];
  /**
   * The listed files the walk met as regular files (not symbolic links) in folders already checked to lie inside
   * the root: they can be opened without resolving their real path first.
   */
  plainFiles: ReadonlySet<string>;
  /** Folders and files that could not be read; the walk went on without them. */
  unreadable: { file: string; message: string }[];
  /** True when the walk stopped at `maxFiles`: files after the first `maxFiles` (in walk order) are not listed. */
  truncated: boolean;
}

export interface ListOptions {
  maxFiles?: number;
  /** Called once, as soon as this many files are listed (before the walk ends): lets slow helpers start early. */
  onManyFiles?: { count: number; call: () => void };
}

interface IgnoreLayer {
  /** Root-relative directory the .gitignore sits in ('' for the root). */
  base: string;
  rules: Ignore;
}

function toSlashes(p: string): string {
  return p.split(path.sep).join('/');
}

function isIgnored(layers: readonly IgnoreLayer[], relPath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const local = layer.base === '' ? relPath : relPath.slice(layer.base.length + 1);
    const result = layer.rules.test(isDirectory ? local + '/' : local);
    // Deeper .gitignore files override shallower ones, as in git.
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** The walk reads folders synchronously (several times faster than one promise per call) and yields this often. */
const WALK_SLICE_MS = 8;

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Files to analyse under `root`, restricted to `paths` (absolute, inside root). A path naming a file is listed
 * when its language is analysable, even if ignored: the user asked for it.
 */
export async function listFiles(root: string, paths: readonly string[], options: ListOptions = {}): Promise<ListedFiles> {
  const maxFiles = options.maxFiles ?? Infinity;
  const onManyFiles = options.onManyFiles;
  let truncated = false;
  const files = new Set<string>();
  const plainFiles = new Set<string>();
  /** Adds a file, or notes that the cap is reached (the walk then stops). */
  const add = (rel: string, plain: boolean): boolean => {
    if (files.has(rel)) return true;
    if (files.size >= maxFiles) {
      truncated = true;
      return false;
    }
    files.add(rel);
    if (plain) plainFiles.add(rel);
    if (onManyFiles && files.size === onManyFiles.count) onManyFiles.call();
    return true;
  };
  const unreadable: { file: string; message: string }[] = [];
  const visitedDirectories = new Set<string>();
  // The same resolver for the root and every folder, so their real paths compare (Windows drive and case forms).
  const realRoot = realpathSync.native(root);
  // A root such as / or C:\ already ends with the separator.
  const withSeparator = (dir: string) => (dir.endsWith(path.sep) ? dir : dir + path.sep);
  const insideRoot = withSeparator(realRoot);
  let sliceStarted = Date.now();

  function readGitignore(dir: string, relDir: string): IgnoreLayer | undefined {
    let text: string;
    try {
      text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    } catch {
      return undefined;
    }
    return { base: relDir, rules: ignore().add(text) };
  }

  /** `knownReal`: the real path, when the walk reached `dir` as a plain folder inside a folder it had checked. */
  async function walk(dir: string, relDir: string, layers: IgnoreLayer[], knownReal?: string): Promise<void> {
    // Other work (a language server's requests, a child process's output) runs between slices of the walk.
    if (Date.now() - sliceStarted > WALK_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = Date.now();
    }
    let real: string;
    if (knownReal !== undefined) {
      real = knownReal;
    } else {
      try {
        real = realpathSync.native(dir);
      } catch (error) {
        unreadable.push({ file: relDir || '.', message: (error as Error).message });
        return;
      }
    }
    // A symlink loop (or two links to one folder) is walked once; links leading out of the root are not followed.
    if (visitedDirectories.has(real)) {
      const target = toSlashes(path.relative(realRoot, real)) || '.';
      unreadable.push({ file: relDir || '.', message: `symbolic link to a folder already scanned (${target}): not followed again` });
      return;
    }
    if (real !== realRoot && !real.startsWith(insideRoot)) {
      unreadable.push({ file: relDir || '.', message: 'symbolic link leads outside the workspace: not followed' });
      return;
    }
    visitedDirectories.add(real);

    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ file: relDir || '.', message: (error as Error).message });
      return;
    }
    // A folder with pyvenv.cfg is a Python virtualenv, whatever its name (env/, .env-3.12/).
    if (relDir !== '' && entries.some((e) => e.name === 'pyvenv.cfg' && e.isFile())) return;

    // Only a folder that has a .gitignore entry is asked for one: no failed open per folder.
    const own = entries.some((e) => e.name === '.gitignore' && !e.isDirectory()) ? readGitignore(dir, relDir) : undefined;
    const active = own ? [...layers, own] : layers;

    entries.sort(byName);
    for (const entry of entries) {
      if (truncated) return;
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      const isLink = entry.isSymbolicLink();
      if (isLink) {
        try {
          const stat = statSync(path.join(dir, entry.name));
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          // A link loop, or a dangling link where a file to analyse was expected, gets a notice; other dangling links are noise.
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') unreadable.push({ file: rel, message: 'symbolic link loop' });
          else if (languageOf(entry.name) !== null && !isIgnored(active, rel, false)) unreadable.push({ file: rel, message: 'broken symbolic link' });
          continue;
        }
      }
      if (isDirectory) {
        if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
        if (isIgnored(active, rel, true)) continue;
        // A plain folder inside a checked one is where it seems to be: its real path needs no system call.
        await walk(path.join(dir, entry.name), rel, active, isLink ? undefined : withSeparator(real) + entry.name);
      } else if (isFile) {
        if (languageOf(entry.name) === null) continue;
        if (isIgnored(active, rel, false)) continue;
        // A regular file in a folder whose real path was checked above is inside the root; a link may lead anywhere.
        if (!add(rel, !isLink)) return;
      }
    }
  }

  /** The .gitignore layers that apply inside `relDir`: those of the root and every folder down to it. */
  function layersFor(relDir: string): IgnoreLayer[] {
    const layers: IgnoreLayer[] = [];
    const parts = relDir === '' ? [] : relDir.split('/');
    for (let depth = 0; depth <= parts.length; depth++) {
      const rel = parts.slice(0, depth).join('/');
      const layer = readGitignore(path.join(root, ...parts.slice(0, depth)), rel);
      if (layer) layers.push(layer);
    }
    return layers;
  }

  for (const target of paths) {
    if (truncated) break;
    const rel = toSlashes(path.relative(root, target));
    let stat: import('node:fs').Stats;
    try {
      stat = statSync(target);
    } catch (error) {
      unreadable.push({ file: rel || '.', message: (error as Error).message });
      continue;
    }
    if (stat.isDirectory()) {
      const layers = rel === '' ? [] : layersFor(path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));
      await walk(target, rel, layers);
    } else if (stat.isFile() && languageOf(target) !== null) {
      // Named on the command line: it may be a link, so it is read through the checked path.
      add(rel, false);
    }
  }

  return { files: [...files].sort(), plainFiles, unreadable, truncated };
}

export { mentionsLlmSdk };

/**
 * A multi-needle search over bytes (Wu-Manber, blocks of two bytes): the window of `shortest` bytes moves by
 * the shift its last two bytes allow, so most of a file is skipped over, and no string is made.
 */
function byteNeedleSearch(needles: readonly string[]): ((bytes: Uint8Array, length: number) => boolean) | undefined {
  const patterns = needles.map((needle) => Buffer.from(needle, 'latin1'));
  const shortest = Math.min(...patterns.map((p) => p.length));
  if (shortest < 2 || needles.some((needle) => !/^[\x00-\x7f]*$/.test(needle))) return undefined;
  // SHIFT[block]: how far the window may move when its last two bytes are `block`; 0 means a needle may end here.
  const SHIFT = new Uint8Array(65536).fill(Math.min(255, shortest - 1));
  const endingWith = new Map<number, Buffer[]>();
  for (const pattern of patterns) {
    for (let j = 1; j < shortest; j++) {
      const block = (pattern[j - 1] << 8) | pattern[j];
      const shift = shortest - 1 - j;
      if (shift < SHIFT[block]) SHIFT[block] = shift;
      if (shift === 0) endingWith.set(block, [...(endingWith.get(block) ?? []), pattern]);
    }
  }
  return (bytes, length) => {
    let end = shortest - 1;
    while (end < length) {
      const block = (bytes[end - 1] << 8) | bytes[end];
      const shift = SHIFT[block];
      if (shift !== 0) {
        end += shift;
        continue;
      }
      const start = end - shortest + 1;
      for (const pattern of endingWith.get(block)!) {
        if (start + pattern.length > length) continue;
        let i = 0;
        while (i < pattern.length && bytes[start + i] === pattern[i]) i++;
        if (i === pattern.length) return true;
      }
      end++;
    }
    return false;
  };
}

// Built on first use: a scan whose files ripgrep tested never needs it.
let searchBytes: ReturnType<typeof byteNeedleSearch> | null = null;

/**
 * mentionsLlmSdk on the first `length` bytes of a file, without decoding them as UTF-8: the needles are ASCII, and
 * ASCII bytes stand for themselves in UTF-8 (never inside a multi-byte sequence), so the answer is the same.
 */
export function mentionsLlmSdkBytes(bytes: Buffer, length: number): boolean {
  if (searchBytes === null) searchBytes = byteNeedleSearch(PREFILTER_NEEDLES);
  return searchBytes ? searchBytes(bytes, length) : PREFILTER_PATTERN.test(bytes.toString('latin1', 0, length));
}
