/**
 * The ripgrep the workspace scan prefilters with: the editor's own (VS Code ships one; the client passes its path
 * as `initializationOptions.ripgrepPath`), else `rg` on PATH (or PROMPT_COST_RG), else none and the scan reads
 * and tests every file itself. An rg that fails hands over to the next one.
 */
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import * as path from 'node:path';
import { filesMentioningSdk, findRipgrep } from '../cli/prefilter';

export interface RipgrepPrefilterResult {
  /** The listed files that mention an SDK. */
  files: Set<string>;
  /** The rg executable that found them. */
  ripgrep: string;
}

/** Why `candidate` cannot be run as ripgrep, or undefined when it is an executable file. */
export function ripgrepProblem(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate === '') return 'not a path';
  if (!path.isAbsolute(candidate)) return 'not an absolute path';
  try {
    if (!statSync(candidate).isFile()) return 'not a file';
    accessSync(candidate, fsConstants.X_OK);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not executable';
  }
  return undefined;
}

export class RipgrepPrefilter {
  private editorRipgrep: string | undefined;
  /** Executables already reported as failing: each is reported once, and tried again on the next scan. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly log: (message: string) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The editor's ripgrep, used before rg on PATH when it is an executable file (a bad path is logged and ignored). */
  useEditorRipgrep(candidate: unknown): void {
    this.editorRipgrep = undefined;
    if (candidate === undefined || candidate === null) return;
    const problem = ripgrepProblem(candidate);
    if (problem === undefined) {
      this.editorRipgrep = candidate as string;
      return;
    }
    this.log(`prompt-cost: the editor's ripgrep ${JSON.stringify(candidate)} is ${problem}: the scan uses rg on PATH, or reads the files itself`);
  }

  /** The executables to try, in order. PROMPT_COST_RG=off (or empty) turns ripgrep off altogether. */
  candidates(): string[] {
    const configured = this.env.PROMPT_COST_RG;
    if (configured === '' || configured === 'off') return [];
    const list = this.editorRipgrep ? [this.editorRipgrep] : [];
    const onPath = findRipgrep(this.env);
    if (onPath && !list.includes(onPath)) list.push(onPath);
    return list;
  }

  /** The files among `files` (root-relative) that mention an SDK, by the first rg that works; undefined when none did. */
  async filesMentioningSdk(root: string, files: readonly string[]): Promise<RipgrepPrefilterResult | undefined> {
    if (files.length === 0) return undefined;
    for (const ripgrep of this.candidates()) {
      const found = await filesMentioningSdk(root, files, ripgrep);
      if (found) return { files: found, ripgrep };
      if (!this.reported.has(ripgrep)) {
        this.reported.add(ripgrep);
        this.log(`prompt-cost: ripgrep at ${ripgrep} failed; the scan falls back to the next prefilter`);
      }
    }
    return undefined;
  }
}
