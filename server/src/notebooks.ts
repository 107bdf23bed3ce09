/**
 * Notebook documents (LSP 3.17 `notebookDocument/*`): the wiring between the editor's notebooks and the engine.
 * The Python code cells of an open notebook are analysed together as one module, like the CLI does with the
 * file; diagnostics, hovers, inlay hints, code lenses and code actions are then moved to each cell's document.
 */
import {
  NotebookCellKind,
  NotebookDocuments,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Connection,
  type Hover,
  type InlayHint,
  type InlayHintParams,
  type NotebookDocument,
  type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeNotebookModule, type FileAnalysis } from './engine/analyze';
import type { Config } from './engine/config';
import { isolatedContext } from './engine/languages/context';
import { buildNotebookModule, type NotebookModule } from './engine/languages/notebook';
import { LineIndex } from './engine/text';
import { fixAllAction, quickFixActions, wantsFixAll, wantsQuickFixes } from './lsp/code-actions';
import { codeLensesOf } from './lsp/code-lens';
import { fixToData, toDiagnostics, type FixData } from './lsp/diagnostics';
import type { FileLocator } from './lsp/files';
import { callSiteAt, hoverMarkdown, type HoverAlternative } from './lsp/hover';
import { inlayHintsOf } from './lsp/inlay-hints';
import { diagnosticsByCell, fixToCells, fromCell, rangeFromCell, rangeToCell, toCell, type SyncedCell } from './lsp/notebook-cells';
import { offsetAt, rangeOf } from './lsp/positions';
import type { ServerSettings } from './lsp/settings';
import type { WorkspaceRoot } from './lsp/workspace-root';
import { AnalysisDelay, afterPendingMessages } from './lsp/analysis-delay';
import type { AnalyzedCallSite } from './engine/analyze';

/** What the server lends the notebook wiring: where a file lives, its settings and config, and the shared index. */
export interface NotebookHost {
  connection: Connection;
  locate(uri: string): { file: string; root: WorkspaceRoot | undefined };
  settingsFor(uri: string): Promise<ServerSettings>;
  configFor(root: WorkspaceRoot | undefined, settings: ServerSettings): Config;
  isIncluded(file: string, config: Config): boolean;
  locatorFor(root: WorkspaceRoot | undefined): FileLocator;
  alternativesFor(analyzed: AnalyzedCallSite, config: Config): HoverAlternative[];
  /** Resolves once the Python parser is loaded. */
  pythonReady(): Promise<void>;
  /** The notebook closed: the index goes back to its saved file. */
  closed(root: WorkspaceRoot, file: string): void;
  changed(): void;
}


interface NotebookState {
  uri: string;
  file: string;
  root: WorkspaceRoot | undefined;
  timer?: NodeJS.Timeout;
  /** The wait after a change before analysing, from what this notebook's analyses cost (as for documents). */
  delay: AnalysisDelay;
  /** The cell versions the analysis was computed from. */
  analysedKey?: string;
  analysis?: FileAnalysis;
  module?: NotebookModule;
  lines?: LineIndex;
  cells: Map<number, SyncedCell>;
  settings?: ServerSettings;
  config?: Config;
  /** Cell URIs diagnostics were last published to, so removed cells are cleared. */
  published: Set<string>;
}

/** The cell versions an analysis is computed from, as one string. */
function cellsKey(cells: readonly { synced: SyncedCell }[]): string {
  return cells.map(({ synced }) => `${synced.uri}@${synced.version}`).join('\n');
}

export class NotebookSync {
  readonly documents = new NotebookDocuments(TextDocument);
  private readonly states = new Map<string, NotebookState>();

  constructor(private readonly host: NotebookHost) {
    this.documents.onDidOpen((notebook) => this.schedule(this.stateOf(notebook), 0));
    this.documents.onDidChange((event) => this.schedule(this.stateOf(event.notebookDocument)));
    this.documents.onDidClose((notebook) => this.close(notebook));
  }

  listen(connection: Connection): void {
    this.documents.listen(connection);
  }

  /** True when `uri` is a cell of an open notebook. */
  ownsCell(uri: string): boolean {
    return this.documents.findNotebookDocumentForCell(uri) !== undefined;
  }

  /** True while the notebook of this workspace file is open: its cells, not the disk, are what the index holds. */
  isOpen(root: WorkspaceRoot, file: string): boolean {
    for (const state of this.states.values()) if (state.root === root && state.file === file) return true;
    return false;
  }

  /** Analyses every open notebook again (settings or config changed). */
  refreshAll(): void {
    for (const state of this.states.values()) {
      state.analysedKey = undefined;
      this.schedule(state, 0);
    }
  }

  private stateOf(notebook: NotebookDocument): NotebookState {
    let state = this.states.get(notebook.uri);
    if (!state) {
      const { file, root } = this.host.locate(notebook.uri);
      state = { uri: notebook.uri, file, root, cells: new Map(), published: new Set(), delay: new AnalysisDelay() };
      this.states.set(notebook.uri, state);
    }
    return state;
  }

  private schedule(state: NotebookState, delay = state.delay.current()): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.publish(state).catch((error) => this.host.connection.console.error(`prompt-cost: analysing ${state.uri} failed: ${(error as Error).stack ?? error}`));
    }, delay);
  }

  /** The code cells in Python, in notebook order, with their documents. */
  private codeCells(notebook: NotebookDocument): { synced: SyncedCell; text: string }[] {
    const cells: { synced: SyncedCell; text: string }[] = [];
    notebook.cells.forEach((cell, index) => {
      if (cell.kind !== NotebookCellKind.Code) return;
      const document = this.documents.getCellTextDocument(cell);
      if (!document || document.languageId !== 'python') return;
      cells.push({ synced: { uri: cell.document, version: document.version, cell: index }, text: document.getText() });
    });
    return cells;
  }

  /** The analysis of the notebook's current cells, computed now when they changed. */
  private async current(state: NotebookState): Promise<NotebookState | undefined> {
    const notebook = this.documents.getNotebookDocument(state.uri);
    if (!notebook) return undefined;
    await this.host.pythonReady();
    const settings = await this.host.settingsFor(state.uri);
    const cells = this.codeCells(notebook);
    const key = cellsKey(cells);
    if (state.analysedKey === key && state.analysis) return state;
    const config = this.host.configFor(state.root, settings);
    const module = buildNotebookModule(cells.map(({ synced, text }) => ({ cell: synced.cell, source: text })));
    const enabled = settings.enable && this.host.isIncluded(state.file, config);
    const analyse = (context: typeof isolatedContext) => analyzeNotebookModule(state.file, module, context, config);
    const started = performance.now();
    const analysis: FileAnalysis = enabled
      ? state.root
        ? state.root.withContext(state.file, analyse)
        : analyse(isolatedContext)
      : { file: state.file, language: 'python', callSites: [], findings: [], errors: [], comments: [], notebook: module.layout };
    state.delay.record(performance.now() - started);
    Object.assign(state, { analysedKey: key, analysis, module, lines: new LineIndex(module.text), settings, config });
    state.cells = new Map(cells.map(({ synced }) => [synced.cell, synced]));
    if (state.root) {
      if (enabled) state.root.results.set(state.file, analysis);
      else state.root.forget(state.file);
    }
    this.host.changed();
    return state;
  }

  /** A locator that knows the notebook's virtual module as the text of its file. */
  private locator(state: NotebookState): FileLocator {
    const base = this.host.locatorFor(state.root);
    return {
      uriOf: (file) => (file === state.file ? state.uri : base.uriOf(file)),
      linesOf: (file) => (file === state.file ? state.lines : base.linesOf(file)),
      versionOf: (file) => (file === state.file ? null : base.versionOf(file)),
    };
  }

  private async publish(state: NotebookState): Promise<void> {
    const ready = await this.current(state);
    if (!ready || !ready.analysis || !ready.lines || !ready.module) return;
    // Cells typed in during the analysis: their change scheduled the run that publishes; this one is stale.
    await afterPendingMessages();
    const notebook = this.documents.getNotebookDocument(state.uri);
    if (!notebook || cellsKey(this.codeCells(notebook)) !== ready.analysedKey) return;
    const virtual = toDiagnostics(ready.analysis, ready.lines, 0, this.locator(ready));
    const byCell = diagnosticsByCell(virtual, state.uri, ready.module.layout, ready.cells);
    for (const uri of state.published) if (!byCell.has(uri)) void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
    state.published = new Set(byCell.keys());
    for (const [uri, diagnostics] of byCell) {
      const cell = [...ready.cells.values()].find((candidate) => candidate.uri === uri)!;
      await this.host.connection.sendDiagnostics({ uri, version: cell.version, diagnostics });
    }
  }

  private close(notebook: NotebookDocument): void {
    const state = this.states.get(notebook.uri);
    this.states.delete(notebook.uri);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    for (const uri of state.published) void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
    if (state.root) this.host.closed(state.root, state.file);
  }

  /** The notebook state of a cell, analysed, and the cell's place in it. */
  private async cellContext(cellUri: string): Promise<{ state: NotebookState; cell: SyncedCell } | undefined> {
    const notebook = this.documents.findNotebookDocumentForCell(cellUri);
    const state = notebook && this.states.get(notebook.uri);
    if (!state) return undefined;
    const ready = await this.current(state);
    const cell = ready && [...ready.cells.values()].find((candidate) => candidate.uri === cellUri);
    return ready && cell ? { state: ready, cell } : undefined;
  }

  /**
   * The calls of one cell with spans in the cell's own text, for edits computed on the cell alone (an annotation
   * comment above a call must not reach into the cell before it).
   */
  async cellView(cellUri: string): Promise<{ version: number; lines: LineIndex; callSites: AnalyzedCallSite[] } | undefined> {
    const found = await this.cellContext(cellUri);
    const document = found && this.documents.getCellTextDocument(this.documents.getNotebookCell(cellUri)!);
    if (!found || !document) return undefined;
    const { state, cell } = found;
    const lines = new LineIndex(document.getText());
    const layout = state.module!.layout;
    const callSites = state.analysis!.callSites.flatMap((analyzed) => {
      const range = rangeToCell(layout, state.cells, rangeOf(state.lines!, analyzed.site.span));
      if (!range || range.cell.uri !== cellUri) return [];
      const span = { file: analyzed.site.file, start: offsetAt(lines, range.range.start), end: offsetAt(lines, range.range.end) };
      return [{ ...analyzed, site: { ...analyzed.site, span } }];
    });
    return { version: cell.version, lines, callSites };
  }

  async hover(cellUri: string, position: Position): Promise<Hover | null> {
    const found = await this.cellContext(cellUri);
    if (!found) return null;
    const { state, cell } = found;
    const at = fromCell(state.module!.layout, cell.cell, position);
    if (!at) return null;
    const analyzed = callSiteAt(state.analysis!.callSites, offsetAt(state.lines!, at));
    if (!analyzed) return null;
    const range = rangeToCell(state.module!.layout, state.cells, rangeOf(state.lines!, analyzed.site.span));
    return {
      contents: { kind: 'markdown', value: hoverMarkdown(analyzed, this.host.alternativesFor(analyzed, state.config!)) },
      ...(range ? { range: range.range } : {}),
    };
  }

  async inlayHints(params: InlayHintParams): Promise<InlayHint[]> {
    const found = await this.cellContext(params.textDocument.uri);
    if (!found) return [];
    const { state, cell } = found;
    if (!state.settings!.enable || state.settings!.inlineCost !== 'inlayHints') return [];
    const range = rangeFromCell(state.module!.layout, cell.cell, params.range);
    if (!range) return [];
    return inlayHintsOf(state.analysis!.callSites, state.lines!, range).flatMap((hint) => {
      const moved = toCell(state.module!.layout, state.cells, hint.position);
      return moved && moved.cell.uri === cell.uri ? [{ ...hint, position: moved.position }] : [];
    });
  }

  async codeLenses(cellUri: string): Promise<CodeLens[]> {
    const found = await this.cellContext(cellUri);
    if (!found) return [];
    const { state, cell } = found;
    if (!state.settings!.enable || state.settings!.inlineCost !== 'codeLens') return [];
    return codeLensesOf(state.analysis!.callSites, state.lines!, cellUri).flatMap((lens) => {
      const moved = rangeToCell(state.module!.layout, state.cells, lens.range);
      if (!moved || moved.cell.uri !== cell.uri) return [];
      const filter = lens.command?.arguments?.[0] as { line: number } | undefined;
      if (filter) filter.line = moved.range.start.line;
      return [{ ...lens, range: moved.range }];
    });
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const cellUri = params.textDocument.uri;
    const document = this.documents.getCellTextDocument(this.documents.getNotebookCell(cellUri)!);
    if (!document) return [];
    const actions: CodeAction[] = [];
    if (wantsQuickFixes(params.context.only)) {
      actions.push(...quickFixActions(params.context.diagnostics, { uri: cellUri, version: document.version, language: 'python', lines: new LineIndex(document.getText()) }));
    }
    if (wantsFixAll(params.context.only)) {
      const found = await this.cellContext(cellUri);
      if (found) {
        const { state } = found;
        const locator = this.locator(state);
        // Fix-all runs per cell: only fixes that stay inside this cell, so running it on every cell applies each once.
        const fixes = state.analysis!.findings
          .flatMap((finding) => finding.fixes)
          .map((fix) => fixToData(fix, locator))
          .map((fix) => fix && fixToCells(fix, state.uri, state.module!.layout, state.cells))
          .filter((fix): fix is FixData => fix !== null && fix.edits.every((edit) => edit.uri === cellUri));
        const fixAll = fixAllAction(fixes);
        if (fixAll) actions.push(fixAll);
      }
    }
    return actions;
  }
}
