/**
 * Loads the TypeScript compiler (9 MB of JavaScript) with a V8 code cache: a scan that has to parse TypeScript
 * then deserialises compiled code instead of parsing and compiling the compiler again, which is most of its
 * loading time. Node 20 has no `module.enableCompileCache`, so this does by hand what it does: compile the file
 * through `vm.Script` with `cachedData`, and after the scan write `createCachedData()`, which then also holds the
 * functions compiled lazily while files were parsed.
 *
 * The cache file sits in the machine-wide code cache directory, named after the compiler's version, size and time and the
 * Node version and architecture; its first 20 bytes are the SHA-1 of the rest. Anything unexpected (no compiler
 * found, unreadable or stale cache, V8 rejecting the data) ends in a plain `require`, so the cache only ever
 * costs speed, never a result.
 */
import { readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { readChecksummedFile, writeChecksummedFile } from './checksummed-file';

const CACHE_FILE_PREFIX = 'typescript-';
const CACHE_FILE_SUFFIX = '.v8cache';

export interface TypeScriptCodeCache {
  /** Where the cache is (or would be) written. */
  readonly file: string;
  /** True when V8 accepted the cached code this time. */
  readonly used: boolean;
  /** Writes the cache when it was missing or rejected (call after the compiler has done its work). */
  save(): void;
}

function compilerVersion(compilerFile: string): string {
  try {
    const manifest = JSON.parse(readFileSync(path.join(path.dirname(compilerFile), '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Makes `require('typescript')` return a compiler loaded through the code cache in `cacheDir`. Returns undefined,
 * leaving the compiler to the plain `require`, when it is already loaded or anything needed is missing.
 */
export function loadTypeScriptWithCodeCache(cacheDir: string): TypeScriptCodeCache | undefined {
  let compilerFile: string;
  let source: string;
  let size: number;
  let mtimeMs: number;
  try {
    compilerFile = require.resolve('typescript');
    if (require.cache[compilerFile]) return undefined;
    ({ size, mtimeMs } = statSync(compilerFile));
    source = readFileSync(compilerFile, 'utf8');
  } catch {
    return undefined;
  }
  const key = [compilerVersion(compilerFile), size, Math.trunc(mtimeMs), 'node', process.version, process.arch].join('-');
  const file = path.join(cacheDir, `${CACHE_FILE_PREFIX}${key.replace(/[^A-Za-z0-9._-]/g, '_')}${CACHE_FILE_SUFFIX}`);
  const cachedData = readChecksummedFile(file);

  let script: Script;
  let compiled: (...args: unknown[]) => unknown;
  try {
    // The wrapper Node itself puts around a CommonJS module, so the compiler runs exactly as when required.
    script = new Script(Module.wrap(source), { filename: compilerFile, cachedData });
    compiled = script.runInThisContext() as (...args: unknown[]) => unknown;
  } catch {
    return undefined;
  }
  const compilerModule = new Module(compilerFile, module);
  compilerModule.filename = compilerFile;
  compilerModule.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(compilerFile));
  // In the module cache before it runs, as Node does: whatever requires it from now on gets this instance.
  require.cache[compilerFile] = compilerModule;
  try {
    compiled.call(compilerModule.exports, compilerModule.exports, createRequire(compilerFile), compilerModule, compilerFile, path.dirname(compilerFile));
    compilerModule.loaded = true;
  } catch {
    delete require.cache[compilerFile];
    return undefined;
  }

  const used = cachedData !== undefined && !script.cachedDataRejected;
  return {
    file,
    used,
    save() {
      if (used) return;
      let data: Buffer;
      try {
        data = script.createCachedData();
      } catch {
        return;
      }
      writeChecksummedFile(cacheDir, file, data, CACHE_FILE_PREFIX);
    },
  };
}
