/**
 * Jupyter notebooks (nbformat 4): the code cells of a Python notebook become one virtual Python module, in cell
 * order, so a constant defined in one cell resolves in a later one. Each cell's lines are copied verbatim onto
 * lines of their own, so a position maps to a cell by its line alone; IPython-only lines (magics, shell escapes)
 * become `pass` on the same line. Outputs and attachments are never read.
 *
 * Pure: text in, text out. The CLI hands it the file's JSON; the language server hands it the cells it syncs.
 */
import { lineContaining } from '../text';

/** One code cell that went into the virtual module. */
export interface NotebookCellLines {
  /** 0-based index of the cell among all the notebook's cells (markdown included), as people count them. */
  cell: number;
  /** 0-based line of the virtual module where the cell's first line sits. */
  firstLine: number;
  /** Lines of the cell's source (a source ending in a line break has an empty last line). */
  lineCount: number;
}

/** How the virtual module's lines map back to cells. Plain data: it travels with the analysis. */
export interface NotebookLayout {
  cells: NotebookCellLines[];
  /** Offsets at which each line of the virtual module starts. */
  lineStarts: number[];
}

export interface NotebookModule {
  /** The virtual Python module: every analysed cell, in order, joined by line breaks. */
  text: string;
  layout: NotebookLayout;
  /** Cells left out, with why (a cell magic that runs another language, a cell in another language). */
  notes: string[];
}

/** A cell as the module builder needs it: its index among all cells and its source. */
export interface CodeCellSource {
  cell: number;
  source: string;
}

export const NOTEBOOK_EXTENSION = 'ipynb';

export function isNotebookFile(file: string): boolean {
  return file.toLowerCase().endsWith('.' + NOTEBOOK_EXTENSION);
}

// ---------------------------------------------------------------- reading the notebook JSON

interface NotebookCellJson {
  cell_type?: unknown;
  source?: unknown;
  metadata?: { vscode?: { languageId?: unknown } };
}

export type ParsedNotebook = { ok: true; codeCells: CodeCellSource[]; skipped: string[] } | { ok: false; problem: string };

/** Languages whose kernels run Python source (`language_info.name` / `kernelspec.language`); Coconut is a superset of Python 3. */
const PYTHON_LANGUAGES = new Set(['python', 'python3', 'python2', 'ipython', 'ipython3', 'coconut']);

/** The code cells of a Python notebook, or why the notebook cannot be analysed (the caller names the file). */
export function parseNotebook(text: string): ParsedNotebook {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, problem: `not a valid notebook: the JSON does not parse (${(error as Error).message})` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, problem: 'not a valid notebook: the JSON is not an object' };
  const notebook = json as { nbformat?: unknown; cells?: unknown; worksheets?: unknown; metadata?: Record<string, unknown> };
  if (typeof notebook.nbformat === 'number' && notebook.nbformat < 4) {
    return { ok: false, problem: `not analysed: nbformat ${notebook.nbformat} notebooks are not supported (nbformat 4 is; \`jupyter nbconvert --to notebook\` upgrades it)` };
  }
  if (!Array.isArray(notebook.cells)) return { ok: false, problem: 'not a valid notebook: it has no "cells" list' };
  const language = kernelLanguageOf(notebook.metadata);
  if (language !== null && !PYTHON_LANGUAGES.has(language.toLowerCase())) {
    return { ok: false, problem: `not analysed: the notebook's kernel language is ${language}, not Python` };
  }
  const codeCells: CodeCellSource[] = [];
  const skipped: string[] = [];
  notebook.cells.forEach((raw: unknown, cell) => {
    if (raw === null || typeof raw !== 'object') {
      skipped.push(`cell ${cell + 1} is not an object`);
      return;
    }
    const entry = raw as NotebookCellJson;
    if (entry.cell_type !== 'code') return;
    const source = sourceText(entry.source);
    if (source === null) {
      skipped.push(`cell ${cell + 1} has no source text`);
      return;
    }
    // VS Code records a cell's language when it differs from the kernel's (an SQL or Markdown code cell).
    const cellLanguage = entry.metadata?.vscode?.languageId;
    if (typeof cellLanguage === 'string' && !PYTHON_LANGUAGES.has(cellLanguage.toLowerCase())) return;
    codeCells.push({ cell, source });
  });
  return { ok: true, codeCells, skipped };
}

function kernelLanguageOf(metadata: Record<string, unknown> | undefined): string | null {
  const info = metadata?.language_info as { name?: unknown } | undefined;
  if (typeof info?.name === 'string' && info.name !== '') return info.name;
  const spec = metadata?.kernelspec as { language?: unknown } | undefined;
  if (typeof spec?.language === 'string' && spec.language !== '') return spec.language;
  return null;
}

/** nbformat stores source as a string or a list of strings (lines with their line breaks). */
function sourceText(source: unknown): string | null {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((line) => typeof line === 'string')) return source.join('');
  return null;
}

// ---------------------------------------------------------------- the virtual module

/** Cell magics whose body is Python that IPython runs (timed, captured, profiled). Any other cell magic runs another language. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'pdb', 'memit', 'mprun', 'snakeviz', 'tracemalloc']);

const LINE_BREAK = /\r\n|\r|\n/g;

function splitLines(text: string): { lines: string[]; breaks: string[] } {
  const lines: string[] = [];
  const breaks: string[] = [];
  let cursor = 0;
  for (const match of text.matchAll(LINE_BREAK)) {
    lines.push(text.slice(cursor, match.index));
    breaks.push(match[0]);
    cursor = match.index! + match[0].length;
  }
  lines.push(text.slice(cursor));
  return { lines, breaks };
}

/** Targets of an assignment: names, attributes, commas and spaces (one character class: linear time). */
const ASSIGNMENT_TARGETS = /^\s*[A-Za-z_][\w., \t]*$/;

/** `x = !ls`, `files = %sx ls`: IPython assigns a command's output. Returns the text up to the `!` or `%`. */
function assignedMagicPrefix(line: string): string | null {
  const equals = line.indexOf('=');
  if (equals < 0 || !ASSIGNMENT_TARGETS.test(line.slice(0, equals))) return null;
  const value = line.slice(equals + 1);
  const first = value.trimStart().charAt(0);
  return first === '!' || first === '%' ? line.slice(0, line.length - value.trimStart().length) : null;
}

/**
 * The cell's lines as Python: the same number of lines; a magic or shell line (and its backslash continuations)
 * becomes `pass` at its indentation, so a block whose only statement it was stays valid.
 */
function pythonLinesOf(source: string): { lines: string[]; breaks: string[]; note?: string } {
  const { lines, breaks } = splitLines(source);
  const cellMagic = /^\s*%%([A-Za-z_][\w]*)/.exec(lines[0] ?? '');
  if (cellMagic) {
    if (!PYTHON_CELL_MAGICS.has(cellMagic[1])) return { lines: lines.map(() => ''), breaks, note: `%%${cellMagic[1]}` };
    lines[0] = '';
  }
  let continuing = false;
  let openString: string | null = null;
  for (let i = cellMagic ? 1 : 0; i < lines.length; i++) {
    const line = lines[i];
    // Inside a triple-quoted string a line starting with % or ! is prompt text (IPython tokenizes too).
    const inString = openString !== null;
    openString = tripleQuoteAfter(line, openString);
    if (inString) continue;
    if (continuing) {
      continuing = line.endsWith('\\');
      lines[i] = '';
      continue;
    }
    const assigned = assignedMagicPrefix(line);
    if (assigned !== null) {
      lines[i] = `${assigned}None`;
      continuing = line.endsWith('\\');
      continue;
    }
    const indentation = /^\s*/.exec(line)![0];
    const first = line.charAt(indentation.length);
    // `%magic`, `!shell`, and `?name` / `name?` help lines are IPython, not Python.
    if (first === '%' || first === '!' || first === '?' || /^[A-Za-z_][\w.]*\?\??$/.test(line.trim())) {
      lines[i] = `${indentation}pass`;
      continuing = line.endsWith('\\');
    }
  }
  return { lines, breaks };
}

/** The triple quote still open after `line` (null when none), given the one open before it. */
function tripleQuoteAfter(line: string, open: string | null): string | null {
  let i = 0;
  while (i < line.length) {
    if (open !== null) {
      const close = line.indexOf(open, i);
      if (close < 0) return open;
      // An escaped quote does not close the string.
      let backslashes = 0;
      for (let k = close - 1; k >= 0 && line[k] === '\\'; k--) backslashes++;
      i = close + (backslashes % 2 === 1 ? 1 : 3);
      if (backslashes % 2 === 0) open = null;
      continue;
    }
    const ch = line[i];
    if (ch === '#') return null;
    if (ch === '"' || ch === "'") {
      const triple = ch.repeat(3);
      if (line.startsWith(triple, i)) {
        open = triple;
        i += 3;
        continue;
      }
      // A one-line string: skip to its closing quote.
      let k = i + 1;
      while (k < line.length && line[k] !== ch) k += line[k] === '\\' ? 2 : 1;
      i = k + 1;
      continue;
    }
    i++;
  }
  return open;
}

/** Joins code cells into one module; `cells` in notebook order. */
export function buildNotebookModule(cells: readonly CodeCellSource[]): NotebookModule {
  let text = '';
  let line = 0;
  const layout: NotebookLayout = { cells: [], lineStarts: [] };
  const notes: string[] = [];
  cells.forEach(({ cell, source }, i) => {
    if (i > 0) text += '\n';
    const python = pythonLinesOf(source);
    if (python.note) notes.push(`cell ${cell + 1} (${python.note}) is not Python and is skipped`);
    for (let k = 0; k < python.lines.length; k++) {
      layout.lineStarts.push(text.length);
      text += python.lines[k] + (k < python.breaks.length ? python.breaks[k] : '');
    }
    layout.cells.push({ cell, firstLine: line, lineCount: python.lines.length });
    line += python.lines.length;
  });
  if (layout.lineStarts.length === 0) layout.lineStarts.push(0);
  return { text, layout, notes };
}

/** The module of a notebook file's JSON, or why it cannot be built. */
export function notebookModuleOf(text: string): ({ ok: true; skipped: string[] } & NotebookModule) | { ok: false; problem: string } {
  const parsed = parseNotebook(text);
  if (!parsed.ok) return parsed;
  const module = buildNotebookModule(parsed.codeCells);
  return { ok: true, ...module, skipped: [...parsed.skipped, ...module.notes] };
}

// ---------------------------------------------------------------- positions

/** 0-based line and column in the virtual module. */
export function modulePosition(layout: NotebookLayout, offset: number): { line: number; column: number } {
  const line = lineContaining(layout.lineStarts, offset);
  return { line, column: offset - layout.lineStarts[line] };
}

/** The cell that holds a line of the virtual module. */
export function cellOfLine(layout: NotebookLayout, line: number): NotebookCellLines | undefined {
  let low = 0;
  let high = layout.cells.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (layout.cells[mid].firstLine <= line) low = mid;
    else high = mid - 1;
  }
  const found = layout.cells[low];
  return found && line >= found.firstLine && line < found.firstLine + found.lineCount ? found : undefined;
}

/** Where an offset of the virtual module is in its cell: 0-based cell index (among all cells), line and column. */
export function cellPosition(layout: NotebookLayout, offset: number): { cell: number; line: number; column: number } {
  const { line, column } = modulePosition(layout, offset);
  const found = cellOfLine(layout, line) ?? layout.cells[layout.cells.length - 1];
  if (!found) return { cell: 0, line, column };
  // An end offset just past a cell's last line break belongs to the cell's last line.
  const cellLine = Math.min(line - found.firstLine, found.lineCount - 1);
  return { cell: found.cell, line: cellLine, column: line - found.firstLine > cellLine ? 0 : column };
}

// ---------------------------------------------------------------- edits back into the notebook

export interface ModuleEdit {
  start: number;
  end: number;
  newText: string;
}

/** Offsets where each line of `text` starts, with the same line breaks as the module builder. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index! + match[0].length);
  return starts;
}

/**
 * Applies edits given in offsets of the virtual module to the notebook's JSON text. Only the `source` values of
 * the changed cells are rewritten (each line re-encoded only when it changed, in the layout the file used);
 * every other byte stays. Throws when an edit spans two cells or touches a line that is not the cell's own text.
 */
export function applyNotebookEdits(notebookText: string, edits: readonly ModuleEdit[]): string {
  const parsed = parseNotebook(notebookText);
  if (!parsed.ok) throw new Error(parsed.problem);
  const module = buildNotebookModule(parsed.codeCells);
  const sourceOf = new Map(parsed.codeCells.map((cell) => [cell.cell, cell.source]));
  const byCell = new Map<number, { start: number; end: number; newText: string }[]>();
  for (const edit of edits) {
    const start = modulePosition(module.layout, edit.start);
    const end = modulePosition(module.layout, edit.end);
    const cell = cellOfLine(module.layout, start.line);
    if (!cell || end.line >= cell.firstLine + cell.lineCount) throw new Error(`an edit at offset ${edit.start} does not lie inside one cell`);
    const source = sourceOf.get(cell.cell)!;
    const starts = lineStartsOf(source);
    const at = (position: { line: number; column: number }) => starts[position.line - cell.firstLine] + position.column;
    const list = byCell.get(cell.cell) ?? [];
    list.push({ start: at(start), end: at(end), newText: edit.newText });
    byCell.set(cell.cell, list);
  }
  const spans = cellSourceSpans(notebookText);
  const replacements: { start: number; end: number; text: string }[] = [];
  for (const [cell, cellEdits] of byCell) {
    const span = spans.get(cell);
    if (!span) throw new Error(`cell ${cell + 1} has no source to edit`);
    const source = sourceOf.get(cell)!;
    cellEdits.sort((a, b) => b.start - a.start);
    let edited = source;
    for (const edit of cellEdits) edited = edited.slice(0, edit.start) + edit.newText + edited.slice(edit.end);
    if (edited !== source) replacements.push({ start: span.start, end: span.end, text: encodeSource(notebookText.slice(span.start, span.end), edited) });
  }
  replacements.sort((a, b) => b.start - a.start);
  let result = notebookText;
  for (const replacement of replacements) result = result.slice(0, replacement.start) + replacement.text + result.slice(replacement.end);
  return result;
}

/** nbformat's list form: one string per line, each with its line break, the last one without. */
function sourceLines(source: string): string[] {
  const lines: string[] = [];
  let cursor = 0;
  for (const match of source.matchAll(LINE_BREAK)) {
    const end = match.index! + match[0].length;
    lines.push(source.slice(cursor, end));
    cursor = end;
  }
  if (cursor < source.length) lines.push(source.slice(cursor));
  return lines;
}

/** The new `source` value in the form and layout of the old one; unchanged lines keep their original bytes. */
function encodeSource(raw: string, source: string): string {
  if (raw.trimStart().startsWith('"')) return JSON.stringify(source);
  const elements = arrayElementSpans(raw);
  const originals = new Map<string, string[]>();
  for (const element of elements) {
    const text = raw.slice(element.start, element.end);
    const decoded = JSON.parse(text) as string;
    originals.set(decoded, [...(originals.get(decoded) ?? []), text]);
  }
  const encoded = sourceLines(source).map((line) => originals.get(line)?.shift() ?? JSON.stringify(line));
  if (elements.length === 0) return `[${encoded.join(', ')}]`;
  const opening = raw.slice(0, elements[0].start);
  const separator = elements.length > 1 ? raw.slice(elements[0].end, elements[1].start) : `,${opening.slice(1)}`;
  const closing = raw.slice(elements[elements.length - 1].end);
  if (encoded.length === 0) return '[]';
  return opening + encoded.join(separator) + closing;
}

// ---------------------------------------------------------------- where the source values are in the JSON

/** End of the JSON string starting at `i` (a quote), exclusive. */
function stringEnd(text: string, i: number): number {
  for (let k = i + 1; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 92 /* \ */) k++;
    else if (ch === 34 /* " */) return k + 1;
  }
  throw new Error('unterminated string');
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** End of the JSON value starting at `i`, exclusive (the text is known to parse). */
function valueEnd(text: string, i: number): number {
  const ch = text[i];
  if (ch === '"') return stringEnd(text, i);
  if (ch !== '{' && ch !== '[') {
    let k = i;
    while (k < text.length && !/[\s,\]}]/.test(text[k])) k++;
    return k;
  }
  let depth = 0;
  for (let k = i; k < text.length; k++) {
    const c = text[k];
    if (c === '"') k = stringEnd(text, k) - 1;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  throw new Error('unterminated value');
}

/** Members of the object at `i`: key, and where its value starts and ends. */
function objectMembers(text: string, i: number): { key: string; start: number; end: number }[] {
  const members: { key: string; start: number; end: number }[] = [];
  let k = skipSpace(text, i + 1);
  while (text[k] === '"') {
    const keyEnd = stringEnd(text, k);
    const key = JSON.parse(text.slice(k, keyEnd)) as string;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = valueEnd(text, start);
    members.push({ key, start, end });
    k = skipSpace(text, end);
    if (text[k] === ',') k = skipSpace(text, k + 1);
  }
  return members;
}

function arrayElementSpans(text: string, i = skipSpace(text, 0)): { start: number; end: number }[] {
  const elements: { start: number; end: number }[] = [];
  let k = skipSpace(text, i + 1);
  while (k < text.length && text[k] !== ']') {
    const end = valueEnd(text, k);
    elements.push({ start: k, end });
    k = skipSpace(text, end);
    if (text[k] === ',') k = skipSpace(text, k + 1);
  }
  return elements;
}

/** Where each cell's `source` value is in the notebook's JSON text, by cell index. */
export function cellSourceSpans(text: string): Map<number, { start: number; end: number }> {
  const spans = new Map<number, { start: number; end: number }>();
  const rootStart = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  // A notebook's last "cells" member wins, as in JSON.parse.
  const cells = objectMembers(text, rootStart).filter((member) => member.key === 'cells').pop();
  if (!cells || text[cells.start] !== '[') return spans;
  arrayElementSpans(text, cells.start).forEach((element, index) => {
    if (text[element.start] !== '{') return;
    const source = objectMembers(text, element.start).filter((member) => member.key === 'source').pop();
    if (source) spans.set(index, { start: source.start, end: source.end });
  });
  return spans;
}
