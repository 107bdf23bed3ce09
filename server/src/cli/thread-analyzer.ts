/**
 * What one thread needs to analyse files: the parsers for its languages (the TypeScript compiler through the
 * code cache when there is a cache directory) and a workspace context shared by its files, so a module imported
 * by several files is read and evaluated once per thread. Used by the main thread and by each worker.
 */
import { analyzeFile, prepareLanguages, type FileAnalysis } from '../engine/analyze';
import type { Config } from '../engine/config';
import { frontEndModules } from '../engine/language-modules';
import type { Language } from '../engine/model';
import { createWorkspaceContext, type FileSource } from '../engine/workspace';
import { setRankTableStore } from '../engine/tokens';
import { fileRankTableStore } from './rank-table-store';
import { loadTypeScriptWithCodeCache, type TypeScriptCodeCache } from './typescript-code-cache';

export interface ThreadAnalysis {
  analysis: FileAnalysis;
  /** Workspace-relative files the analysis read (imports, prompt files), misses included. */
  reads: Set<string>;
}

export interface ThreadAnalyzer {
  /** Loads the parsers `languages` need; call before `analyze` (again when more languages come). */
  prepare(languages: Iterable<Language>): Promise<void>;
  /** Analyses one file; throws only if the engine breaks its promise not to. */
  analyze(file: string, text: string): ThreadAnalysis;
  /** Writes what is worth keeping for the next scan (the compiler's code cache) once the files are done. */
  finish(): void;
}

/** `codeCacheDir`: where the TypeScript compiler's code cache lives; undefined for none. */
export function createThreadAnalyzer(source: FileSource, config: Config, codeCacheDir: string | undefined): ThreadAnalyzer {
  const context = createWorkspaceContext(source, frontEndModules);
  // The tokenizer's decoded rank tables live beside the code cache; without a cache directory they are decoded.
  setRankTableStore(codeCacheDir === undefined ? undefined : fileRankTableStore(codeCacheDir));
  let codeCache: TypeScriptCodeCache | undefined;
  return {
    async prepare(languages) {
      const wanted = new Set(languages);
      if (codeCacheDir !== undefined && !codeCache && (wanted.has('typescript') || wanted.has('javascript'))) {
        codeCache = loadTypeScriptWithCodeCache(codeCacheDir);
      }
      await prepareLanguages(wanted);
    },
    analyze(file, text) {
      const { value, reads } = context.recordReads(() => analyzeFile(file, text, context, config));
      return { analysis: value, reads };
    },
    finish() {
      codeCache?.save();
    },
  };
}
