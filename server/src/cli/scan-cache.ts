/**
 * The scan's on-disk cache: a file's analysis, keyed by the SHA-1 of its text and of every file the analysis
 * read (imported modules, prompt files, misses included), under the engine build and the config in force.
 * A rescan with nothing changed parses nothing and counts no tokens.
 *
 * Where: PROMPT_COST_CACHE_DIR, else `<root>/node_modules/.cache/prompt-cost/` when the root has node_modules,
 * else `<os temp dir>/prompt-cost-cache/`. PROMPT_COST_CACHE=off disables it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FileAnalysis } from '../engine/analyze';
import type { Config } from '../engine/config';

const FORMAT_VERSION = 2;
/** Entries kept at most; the oldest go first when a save would exceed it. */
const MAX_ENTRIES = 20_000;

/** A file an analysis read: path and SHA-1 of the text, null when the file was missing. */
export type ReadHash = [string, string | null];

interface CacheEntry {
  hash: string;
  /** Files the analysis read, itself excluded. */
  reads: ReadHash[];
  analysis: FileAnalysis;
}

interface CacheFile {
  version: number;
  /** The engine build: a new build (or version) invalidates everything. */
  engine: string;
  config: string;
  entries: Record<string, CacheEntry>;
}

export interface ScanCache {
  /** Where the cache lives (for messages and the bench). */
  readonly file: string;
  /** The cached analysis of `file` with this text, when it and everything it read are unchanged. */
  lookup(file: string, text: string, readText: (relPath: string) => string | undefined): FileAnalysis | undefined;
  store(file: string, text: string, reads: Iterable<string>, readText: (relPath: string) => string | undefined, analysis: FileAnalysis): void;
  /** As `store`, for an analysis made elsewhere (a worker thread) that hashed the texts it read itself. */
  storeHashed(file: string, text: string, readHashes: readonly ReadHash[], analysis: FileAnalysis): void;
  /** Writes the cache if anything was stored (atomically: a concurrent scan never reads half a file). */
  save(): void;
  readonly stats: { hits: number; misses: number };
}

/**
 * The analysis as stored (and as a worker thread sends it): each call site without `call`, the front end's
 * neutral view of the call, and without `messageList`, the value tree of its message list (together about 60% of
 * the bytes). Reports, fixes and rules after the scan read the call site's own fields; those trees only serve
 * the providers and rules while the file is analysed.
 */
export function withoutSyntax(analysis: FileAnalysis): FileAnalysis {
  return {
    ...analysis,
    callSites: analysis.callSites.map((analyzed) => ({ ...analyzed, site: { ...analyzed.site, call: undefined as never, messageList: null } })),
  };
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** An analysis cut short by its time budget depends on the machine's speed, not only on the text: never stored. */
export function isPartial(analysis: FileAnalysis): boolean {
  return analysis.errors.some((error) => error.message.endsWith('the results are partial'));
}

/** Hashes of the texts `readText` gives, each computed once (kept in `hashes`, which callers may also fill). */
export function readHasher(readText: (relPath: string) => string | undefined, hashes = new Map<string, string | null>()): (relPath: string) => string | null {
  return (relPath) => {
    let hash = hashes.get(relPath);
    if (hash === undefined) {
      const text = readText(relPath);
      hash = text === undefined ? null : contentHash(text);
      hashes.set(relPath, hash);
    }
    return hash;
  };
}

/**
 * The running program's identity: a rebuilt bundle (or, unbundled, a recompiled out/ tree, which rewrites this
 * module too) has a new size or time, so old analyses are not reused.
 */
function engineFingerprint(): string {
  const programs = [...new Set([require.main?.filename, __filename].filter((file): file is string => !!file))];
  return programs
    .map((program) => {
      try {
        const stat = statSync(program);
        return `${program}:${stat.size}:${stat.mtimeMs}`;
      } catch {
        return `${program}:unknown`;
      }
    })
    .join('|');
}

/** The directory the cache of `root` goes to, or undefined when caching is off. */
export function cacheDirectory(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PROMPT_COST_CACHE === 'off' || env.PROMPT_COST_CACHE === '0') return undefined;
  if (env.PROMPT_COST_CACHE_DIR) return env.PROMPT_COST_CACHE_DIR;
  if (existsSync(path.join(root, 'node_modules'))) return path.join(root, 'node_modules', '.cache', 'prompt-cost');
  return path.join(tmpdir(), 'prompt-cost-cache');
}

/**
 * Where the TypeScript compiler's V8 code cache lives: one per machine, since it belongs to the installed tool and
 * not to the scanned folder (as Node's own compile cache). `PROMPT_COST_CODE_CACHE_DIR` moves it;
 * `PROMPT_COST_CACHE=off` turns it off with the scan cache.
 */
export function codeCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PROMPT_COST_CACHE === 'off' || env.PROMPT_COST_CACHE === '0') return undefined;
  return env.PROMPT_COST_CODE_CACHE_DIR || path.join(tmpdir(), 'prompt-cost-code-cache');
}

function readCacheFile(file: string, engine: string, config: string): Record<string, CacheEntry> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (parsed.version === FORMAT_VERSION && parsed.engine === engine && parsed.config === config && parsed.entries) return parsed.entries;
  } catch {
    // Missing, unreadable or from another format: start empty.
  }
  return {};
}

/** Opens the cache for scans of `root` with `config`; undefined when caching is off. */
export function openScanCache(root: string, config: Config, env: NodeJS.ProcessEnv = process.env): ScanCache | undefined {
  const dir = cacheDirectory(root, env);
  if (!dir) return undefined;
  const file = path.join(dir, `scan-${contentHash(path.resolve(root)).slice(0, 16)}.json`);
  const engine = engineFingerprint();
  const configKey = contentHash(JSON.stringify(config));
  const entries = readCacheFile(file, engine, configKey);
  const hashes = new Map<string, string | null>();
  const hashOf = (relPath: string, readText: (relPath: string) => string | undefined): string | null => readHasher(readText, hashes)(relPath);
  let changed = false;
  const stats = { hits: 0, misses: 0 };
  const storeHashed = (relPath: string, text: string, readHashes: readonly ReadHash[], analysis: FileAnalysis) => {
    const hash = contentHash(text);
    hashes.set(relPath, hash);
    // Re-inserted last, so the oldest entries are the first to go when the cache is full.
    delete entries[relPath];
    entries[relPath] = { hash, reads: readHashes.filter(([read]) => read !== relPath), analysis: withoutSyntax(analysis) };
    changed = true;
  };

  return {
    file,
    stats,
    lookup(relPath, text, readText) {
      const entry = entries[relPath];
      const hash = contentHash(text);
      hashes.set(relPath, hash);
      if (entry && entry.hash === hash && entry.reads.every(([read, readHash]) => hashOf(read, readText) === readHash)) {
        stats.hits++;
        return entry.analysis;
      }
      stats.misses++;
      return undefined;
    },
    store(relPath, text, reads, readText, analysis) {
      const readHashes: ReadHash[] = [];
      for (const read of reads) if (read !== relPath) readHashes.push([read, hashOf(read, readText)]);
      storeHashed(relPath, text, readHashes, analysis);
    },
    storeHashed,
    save() {
      if (!changed) return;
      const names = Object.keys(entries);
      for (const name of names.slice(0, Math.max(0, names.length - MAX_ENTRIES))) delete entries[name];
      const content: CacheFile = { version: FORMAT_VERSION, engine, config: configKey, entries };
      try {
        mkdirSync(dir, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(content));
        renameSync(temporary, file);
      } catch {
        // A read-only disk only costs the next scan its speed.
      }
    },
  };
}
