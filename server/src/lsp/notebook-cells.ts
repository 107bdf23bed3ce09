/**
 * A notebook is analysed as one virtual module (engine/languages/notebook.ts); the editor shows each cell as a
 * document of its own. These functions move positions, diagnostics (with the fixes in their data) and edits
 * between the two: a virtual line belongs to exactly one cell, and its columns are the cell line's columns.
 */
import type { Diagnostic, DiagnosticRelatedInformation, Position, Range } from 'vscode-languageserver';
import { cellOfLine, type NotebookLayout } from '../engine/languages/notebook';
import { isDiagnosticData, type DiagnosticData, type FixData, type FixEditData } from './diagnostics';

/** A cell document as the editor synced it. */
export interface SyncedCell {
  uri: string;
  version: number;
  /** 0-based index among all the notebook's cells (the layout's `cell`). */
  cell: number;
}

/** Where a virtual position lands: the cell document and the position in it. */
export function toCell(layout: NotebookLayout, cells: ReadonlyMap<number, SyncedCell>, position: Position): { cell: SyncedCell; position: Position } | undefined {
  const lines = cellOfLine(layout, position.line);
  const cell = lines && cells.get(lines.cell);
  if (!lines || !cell) return undefined;
  return { cell, position: { line: position.line - lines.firstLine, character: position.character } };
}

/** A range of the virtual module inside one cell, or undefined when it leaves the cell. */
export function rangeToCell(layout: NotebookLayout, cells: ReadonlyMap<number, SyncedCell>, range: Range): { cell: SyncedCell; range: Range } | undefined {
  const start = toCell(layout, cells, range.start);
  if (!start) return undefined;
  const first = layout.cells.find((lines) => lines.cell === start.cell.cell)!;
  // A range ending at the start of the next line (a whole last line) stays in its cell.
  const endLine = range.end.line === first.firstLine + first.lineCount && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  if (endLine >= first.firstLine + first.lineCount) return undefined;
  const end = endLine === range.end.line ? { line: range.end.line - first.firstLine, character: range.end.character } : { line: endLine - first.firstLine, character: Number.MAX_SAFE_INTEGER };
  return { cell: start.cell, range: { start: start.position, end } };
}

/** A cell position in the virtual module. */
export function fromCell(layout: NotebookLayout, cell: number, position: Position): Position | undefined {
  const lines = layout.cells.find((candidate) => candidate.cell === cell);
  if (!lines) return undefined;
  return { line: lines.firstLine + Math.min(position.line, lines.lineCount - 1), character: position.character };
}

export function rangeFromCell(layout: NotebookLayout, cell: number, range: Range): Range | undefined {
  const start = fromCell(layout, cell, range.start);
  const end = fromCell(layout, cell, range.end);
  return start && end ? { start, end } : undefined;
}

/** Edits of a fix: those in the notebook (`notebookUri`) moved to their cells; null when one leaves its cell. */
export function fixToCells(fix: FixData, notebookUri: string, layout: NotebookLayout, cells: ReadonlyMap<number, SyncedCell>): FixData | null {
  const edits: FixEditData[] = [];
  for (const edit of fix.edits) {
    if (edit.uri !== notebookUri) {
      edits.push(edit);
      continue;
    }
    const moved = rangeToCell(layout, cells, edit.range);
    if (!moved) return null;
    edits.push({ uri: moved.cell.uri, version: moved.cell.version, range: moved.range, newText: edit.newText });
  }
  return { ...fix, edits };
}

/**
 * Diagnostics computed on the virtual module, grouped by the cell they are in, with ranges, related places and
 * fixes in cell coordinates and each diagnostic's data naming its cell's version.
 */
export function diagnosticsByCell(diagnostics: readonly Diagnostic[], notebookUri: string, layout: NotebookLayout, cells: ReadonlyMap<number, SyncedCell>): Map<string, Diagnostic[]> {
  const byCell = new Map<string, Diagnostic[]>();
  for (const cell of cells.values()) byCell.set(cell.uri, []);
  for (const diagnostic of diagnostics) {
    const placed = rangeToCell(layout, cells, diagnostic.range);
    if (!placed) continue;
    const moved: Diagnostic = { ...diagnostic, range: placed.range };
    if (isDiagnosticData(diagnostic.data)) {
      const data: DiagnosticData = {
        ...diagnostic.data,
        version: placed.cell.version,
        fixes: diagnostic.data.fixes.map((fix) => fixToCells(fix, notebookUri, layout, cells)).filter((fix): fix is FixData => fix !== null),
      };
      moved.data = data;
    }
    if (diagnostic.relatedInformation) {
      moved.relatedInformation = diagnostic.relatedInformation
        .map((related): DiagnosticRelatedInformation | undefined => {
          if (related.location.uri !== notebookUri) return related;
          const target = rangeToCell(layout, cells, related.location.range);
          return target ? { ...related, location: { uri: target.cell.uri, range: target.range } } : undefined;
        })
        .filter((related): related is DiagnosticRelatedInformation => related !== undefined);
    }
    byCell.get(placed.cell.uri)!.push(moved);
  }
  return byCell;
}
