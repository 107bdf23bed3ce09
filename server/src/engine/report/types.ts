/**
 * The result of scanning a workspace: every analysed file plus what the renderers need to turn offsets into
 * line numbers. Plain data, produced by the CLI (server/src/cli/scan.ts) or the server, consumed by renderers.
 */
import type { FileAnalysis } from '../analyze';

export interface ScanStats {
  /** Files with an analysable extension that the walker found (after ignore rules and skip lists). */
  filesListed: number;
  /** Listed files that mention no LLM SDK and so were never parsed. */
  filesPrefiltered: number;
  /** Files handed to the analyser. */
  filesParsed: number;
}

/** A file that could not be read or analysed fully; reported, never fatal. */
export interface ScanProblem {
  /** Workspace-relative path, forward slashes. */
  file: string;
  /** 1-based cell of a notebook, when the problem is in one; `line` is then inside the cell. */
  cell?: number;
  /** 1-based line, when the problem has a place in the file. */
  line?: number;
  message: string;
}

export interface PriceSource {
  /** Where the prices came from (`@pydantic/genai-prices 0.1.8`). */
  source: string;
  /** Date of the price data, YYYY-MM-DD. */
  asOf: string;
}

export interface ScanResult {
  /** Absolute path of the scanned root; every `file` in the result is relative to it. */
  root: string;
  /** The root as shown to people and in JSON (`.` when it is the working directory, forward slashes). */
  displayRoot: string;
  prices: PriceSource;
  files: FileAnalysis[];
  /** Offsets where each line starts, per workspace-relative file: every analysed file and every file a fix edits. */
  lineStarts: Record<string, number[]>;
  stats: ScanStats;
  problems: ScanProblem[];
}

/** Offsets at which each line of `text` starts (line 0 starts at 0). */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 1-based line and column of `offset`, given the file's line starts. */
export function positionAt(lineStarts: readonly number[] | undefined, offset: number): { line: number; column: number } {
  if (!lineStarts || lineStarts.length === 0) return { line: 1, column: offset + 1 };
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low] + 1 };
}
