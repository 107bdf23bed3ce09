/**
 * `prompt-cost scan --fix [--unsafe-fixes]`: applies the findings' fixes in place, as ruff and ESLint do.
 * Per pass: scan, take the first applicable fix of each finding, drop fixes whose edits overlap one already
 * chosen, apply them per file, and write each changed file atomically. Passes repeat (at most 10) until
 * nothing changes, since one fix can reveal or move another. Files with parse errors are never touched, and a
 * file whose fixed text no longer parses is left as it was.
 */
import { chmodSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, languageOf, type FileAnalysis } from '../engine/analyze';
import { defaultConfig } from '../engine/config';
import { isolatedContext } from '../engine/languages/context';
import type { Finding, Fix, TextEdit } from '../engine/model';
import type { ScanResult } from '../engine/report/types';
import { applyEdits, LineIndex, lineBreakOf } from '../engine/text';
import { applyNotebookEdits, isNotebookFile } from '../engine/languages/notebook';
import { notebookRange } from '../engine/report/json';
import { lineLocation } from '../engine/report/text';
import { scanPaths, type ScanOptions } from './scan';

export const MAX_FIX_PASSES = 10;

export interface FixOptions extends ScanOptions {
  /** Apply unsafe fixes too (`--unsafe-fixes`): everything that changes the model's input or output. */
  unsafe: boolean;
}

export interface AppliedFix {
  /** Workspace-relative file of the finding. */
  file: string;
  /** 1-based line of the finding, in the text the pass started from (inside `cell` for a notebook). */
  line: number;
  /** 1-based cell of a notebook finding. */
  cell?: number;
  rule: string;
  title: string;
  safe: boolean;
}

export interface FixOutcome {
  applied: AppliedFix[];
  /** Files left alone, with the reason (parse errors, a fix that would break parsing, a failed write). */
  skipped: { file: string; reason: string }[];
  passes: number;
  /** The scan after the last pass: what remains. */
  result: ScanResult;
}

function chooseFix(finding: Finding, unsafe: boolean): Fix | undefined {
  return finding.fixes.find((fix) => fix.edits.length > 0 && (fix.safe || unsafe));
}

const overlaps = (a: TextEdit, b: TextEdit) => a.start < b.end && b.start < a.end;

/** Writes through a temporary file in the same directory and a rename, so a crash never leaves half a file. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.prompt-cost-${process.pid}-${Date.now().toString(36)}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    writeFileSync(temp, text, 'utf8');
    if (mode !== undefined) chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
    throw error;
  }
}

/** Inserted text follows the file's line endings. */
function withLineBreaks(edit: TextEdit, lineBreak: string): TextEdit {
  if (lineBreak !== '\r\n' || !edit.newText.includes('\n')) return edit;
  return { ...edit, newText: edit.newText.replace(/\r?\n/g, '\r\n') };
}

function parseErrorCount(file: string, text: string): number {
  if (!languageOf(file)) return 0;
  return analyzeFile(file, text, isolatedContext, defaultConfig()).errors.length;
}

interface PassState {
  root: string;
  unsafe: boolean;
  skipped: Map<string, string>;
}

/** One pass over a scan: the files it changed and the fixes applied. */
function fixPass(result: ScanResult, state: PassState): { changed: number; applied: AppliedFix[] } {
  const analyses = new Map<string, FileAnalysis>(result.files.map((analysis) => [analysis.file, analysis]));
  const texts = new Map<string, string | null>();
  const textOf = (file: string): string | null => {
    if (!texts.has(file)) {
      let text: string | null;
      try {
        text = readFileSync(path.join(state.root, ...file.split('/')), 'utf8');
      } catch {
        text = null;
      }
      texts.set(file, text);
    }
    return texts.get(file)!;
  };
  const touchable = (file: string): boolean => {
    if (state.skipped.has(file)) return false;
    const analysis = analyses.get(file);
    const text = textOf(file);
    if (text === null) return false;
    // Files no finding came from (a constant's module) are checked here.
    const errors = analysis ? analysis.errors.length : parseErrorCount(file, text);
    if (errors > 0) {
      state.skipped.set(file, 'it has parse errors');
      return false;
    }
    return true;
  };

  const chosen = new Map<string, TextEdit[]>();
  const pending = new Map<string, AppliedFix[]>();
  for (const analysis of result.files) {
    for (const finding of analysis.findings) {
      const fix = chooseFix(finding, state.unsafe);
      if (!fix) continue;
      if (!fix.edits.every((edit) => touchable(edit.file))) continue;
      if (fix.edits.some((edit) => (chosen.get(edit.file) ?? []).some((other) => overlaps(edit, other)))) continue;
      // Two edits of one fix must not overlap either.
      if (fix.edits.some((edit, i) => fix.edits.some((other, j) => i < j && edit.file === other.file && overlaps(edit, other)))) continue;
      for (const edit of fix.edits) chosen.set(edit.file, [...(chosen.get(edit.file) ?? []), edit]);
      const at = locationOf(analysis, finding, textOf(finding.file) ?? '');
      const applied: AppliedFix = { file: finding.file, ...at, rule: finding.rule, title: fix.title, safe: fix.safe };
      for (const file of new Set(fix.edits.map((edit) => edit.file))) pending.set(file, [...(pending.get(file) ?? []), applied]);
    }
  }

  let changed = 0;
  const applied = new Set<AppliedFix>();
  const failed = new Set<AppliedFix>();
  for (const [file, edits] of chosen) {
    const before = textOf(file)!;
    const fixes = pending.get(file) ?? [];
    let after: string;
    try {
      // A notebook's edits are in its code cells: only those cells' sources change in the JSON.
      after = isNotebookFile(file) ? applyNotebookEdits(before, edits) : applyEdits(before, edits.map((edit) => withLineBreaks(edit, lineBreakOf(before))));
    } catch (error) {
      state.skipped.set(file, `the fixes cannot be applied: ${(error as Error).message}`);
      fixes.forEach((fix) => failed.add(fix));
      continue;
    }
    if (after === before) continue;
    if (parseErrorCount(file, after) > 0) {
      state.skipped.set(file, 'the fixes would leave it unparseable');
      fixes.forEach((fix) => failed.add(fix));
      continue;
    }
    try {
      writeFileAtomic(path.join(state.root, ...file.split('/')), after);
    } catch (error) {
      state.skipped.set(file, `cannot write: ${(error as Error).message}`);
      fixes.forEach((fix) => failed.add(fix));
      continue;
    }
    changed++;
    fixes.forEach((fix) => applied.add(fix));
  }
  return { changed, applied: [...applied].filter((fix) => !failed.has(fix)) };
}

/** 1-based line of a finding, and its cell in a notebook. */
function locationOf(analysis: FileAnalysis, finding: Finding, text: string): { line: number; cell?: number } {
  if (analysis.notebook && finding.span.file === analysis.file) {
    const { cell, start } = notebookRange(analysis.notebook, finding.span);
    return { cell, line: start.line };
  }
  return { line: new LineIndex(text).position(finding.span.start).line + 1 };
}

/** Scans and fixes until nothing changes (at most MAX_FIX_PASSES passes). */
export async function fixPaths(options: FixOptions): Promise<FixOutcome> {
  const state: PassState = { root: '', unsafe: options.unsafe, skipped: new Map() };
  const applied: AppliedFix[] = [];
  let result = await scanPaths(options);
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    state.root = result.root;
    const pass = fixPass(result, state);
    passes++;
    applied.push(...pass.applied);
    if (pass.changed === 0) break;
    result = await scanPaths(options);
  }
  return { applied, skipped: [...state.skipped].map(([file, reason]) => ({ file, reason })), passes, result };
}

/** Findings that still have a fix this run did not apply because it is unsafe. */
export function unsafeFixesLeft(result: ScanResult): number {
  let count = 0;
  for (const analysis of result.files) {
    for (const finding of analysis.findings) {
      if (finding.fixes.some((fix) => !fix.safe && fix.edits.length > 0) && !finding.fixes.some((fix) => fix.safe && fix.edits.length > 0)) count++;
    }
  }
  return count;
}

/** `fixed app/x.py:12 missing-max-tokens: Add max_tokens=16 …` lines and a summary. */
export function renderFixes(outcome: FixOutcome, unsafe: boolean): string {
  const lines = outcome.applied.map((fix) => `fixed ${lineLocation(fix)} ${fix.rule}: ${fix.title}`);
  for (const skip of outcome.skipped) lines.push(`not fixed ${skip.file}: ${skip.reason}`);
  const files = new Set(outcome.applied.map((fix) => fix.file)).size;
  const count = outcome.applied.length;
  lines.push(count === 0 ? 'No fixes applied.' : `Applied ${count} fix${count === 1 ? '' : 'es'} in ${files} file${files === 1 ? '' : 's'}.`);
  const left = unsafe ? 0 : unsafeFixesLeft(outcome.result);
  if (left > 0) lines.push(`${left} more fix${left === 1 ? '' : 'es'} available with --unsafe-fixes.`);
  return lines.join('\n') + '\n';
}
