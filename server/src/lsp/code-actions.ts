/**
 * Code actions from the fixes that diagnostics carry: one quickfix per fix, an ignore comment per diagnostic,
 * and `source.fixAll.promptCost` with every safe fix that does not overlap another. Every edit names the
 * document version it was computed for, so an editor rejects it once the text has moved on.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Language } from '../engine/model';
import type { LineIndex } from '../engine/text';
import { DIAGNOSTIC_SOURCE, isDiagnosticData, type FixData, type FixEditData } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.promptCost`;
export const IGNORE_COMMENT = 'prompt-cost-ignore-next-line';

export interface ActionDocument {
  uri: string;
  version: number;
  language: Language;
  lines: LineIndex;
}

/** The line comment marker of a language. Prompty front matter is YAML. */
export function commentMarker(language: Language): string {
  return language === 'python' || language === 'prompty' ? '#' : '//';
}

/** Groups edits by document, each with the version it was computed for (null = any version, file not open). */
export function workspaceEditOf(edits: readonly FixEditData[]): WorkspaceEdit {
  const byUri = new Map<string, TextDocumentEdit>();
  for (const edit of edits) {
    let documentEdit = byUri.get(edit.uri);
    if (!documentEdit) {
      documentEdit = { textDocument: { uri: edit.uri, version: edit.version }, edits: [] };
      byUri.set(edit.uri, documentEdit);
    }
    documentEdit.edits.push({ range: edit.range, newText: edit.newText });
  }
  return { documentChanges: [...byUri.values()] };
}

/**
 * Says whether the files still parse once `edits` are applied. Every fix path asks it before offering edits,
 * so a fix whose text edits went wrong is withheld rather than breaking the user's file.
 */
export type ParseCheck = (edits: readonly FixEditData[]) => boolean;

const alwaysParses: ParseCheck = () => true;

/** Quick fixes and ignore comments for the prompt-cost diagnostics in the request, if still current. */
export function quickFixActions(diagnostics: readonly Diagnostic[], document: ActionDocument, keepsParsing: ParseCheck = alwaysParses): CodeAction[] {
  const fixes: CodeAction[] = [];
  const ignores: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !isDiagnosticData(diagnostic.data)) continue;
    // Diagnostics of an older version point at text that has moved: fresh ones are on their way.
    if (diagnostic.data.version !== document.version) continue;
    for (const fix of diagnostic.data.fixes) {
      if (!keepsParsing(fix.edits)) continue;
      fixes.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.safe,
        edit: workspaceEditOf(fix.edits),
      });
    }
    ignores.push(ignoreNextLineAction(diagnostic, diagnostic.data.rule, document));
  }
  // Fixes first, then the secondary ignore actions.
  return [...fixes, ...ignores];
}

export function ignoreNextLineAction(diagnostic: Diagnostic, rule: string, document: ActionDocument): CodeAction {
  const line = diagnostic.range.start.line;
  const indentation = /^[ \t]*/.exec(document.lines.lineText(line))![0];
  const lineBreak = lineBreakAt(document.lines, line);
  const insertAt: Range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const newText = `${indentation}${commentMarker(document.language)} ${IGNORE_COMMENT} ${rule}${lineBreak}`;
  return {
    title: `Ignore ${rule} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEditOf([{ uri: document.uri, version: document.version, range: insertAt, newText }]),
  };
}

function lineBreakAt(lines: LineIndex, line: number): string {
  const end = lines.lineStart(line) + lines.lineText(line).length;
  return lines.text.startsWith('\r\n', end) ? '\r\n' : '\n';
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function overlaps(a: FixEditData, b: FixEditData): boolean {
  if (a.uri !== b.uri) return false;
  // Two insertions at the same point would apply in an undefined order: treat them as overlapping.
  const sameInsertionPoint =
    a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
  return sameInsertionPoint || (before(a.range.start, b.range.end) && before(b.range.start, a.range.end));
}

/**
 * Every safe fix whose edits overlap none already taken, in document order; null when there is none.
 * The combined result must parse: when it does not, fixes are taken one at a time, each kept only if the
 * text still parses with it.
 */
export function fixAllAction(fixes: readonly FixData[], keepsParsing: ParseCheck = alwaysParses): CodeAction | null {
  let taken: FixEditData[] = [];
  const chosen: FixData[] = [];
  const ordered = [...fixes].sort((a, b) => compareFirstEdit(a, b));
  for (const fix of ordered) {
    if (!fix.safe || fix.edits.length === 0) continue;
    if (fix.edits.some((edit) => taken.some((other) => overlaps(edit, other)))) continue;
    taken.push(...fix.edits);
    chosen.push(fix);
  }
  if (taken.length > 0 && !keepsParsing(taken)) {
    taken = [];
    for (const fix of chosen) {
      const candidate = [...taken, ...fix.edits];
      if (keepsParsing(candidate)) taken = candidate;
    }
  }
  if (taken.length === 0) return null;
  return { title: 'Apply all safe prompt-cost fixes', kind: FIX_ALL_KIND, edit: workspaceEditOf(taken) };
}

function compareFirstEdit(a: FixData, b: FixData): number {
  const x = a.edits[0]?.range.start;
  const y = b.edits[0]?.range.start;
  if (!x || !y) return 0;
  return x.line - y.line || x.character - y.character;
}

/** True when the request asks for fix-all actions (`source`, `source.fixAll` or ours). */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  if (!only) return false;
  return only.some((kind) => FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(kind + '.'));
}

/** True when the request accepts quick fixes (no filter, or `quickfix`). */
export function wantsQuickFixes(only: readonly string[] | undefined): boolean {
  return !only || only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(kind + '.') || kind === '');
}
