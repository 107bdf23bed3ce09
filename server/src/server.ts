/**
 * The language server: LSP wiring only. Documents, settings, debounced analysis, the workspace index,
 * progress and custom requests live here; analysis is the engine's, LSP shapes are server/src/lsp's.
 */
import * as path from 'node:path';
import picomatch from 'picomatch';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mentionsLlmSdk } from './engine/languages/sdk-mentions';
import { listWorkspaceFiles, readText } from './platform/disk';
import {
  cpuTimeMs,
  createScanPrefilter,
  createServerConnection,
  pathToUri,
  REPORT_TIMINGS,
  refreshFiles,
  uriToPath,
  workspaceFilesReady,
  workspaceFolderAdded,
} from './platform/host';
import { analyzeFile, languageOf, ParseReuse, prepareLanguages, type FileAnalysis } from './engine/analyze';
import { promptFileDiagnostics, promptFileInlayHints } from './lsp/prompt-files';
import { defaultConfig, type Config } from './engine/config';
import { isolatedContext } from './engine/languages/context';
import type { Language } from './engine/model';
import { toJsonReport, type JsonReport } from './engine/report/json';
import { isReportFormat, renderReportAs, REPORT_FORMATS } from './engine/report/formats';
import { computeLineStarts, type ScanResult } from './engine/report/types';
import { LineIndex } from './engine/text';
import { fixAllAction, quickFixActions, wantsFixAll, wantsQuickFixes, workspaceEditOf, commentMarker, type ParseCheck } from './lsp/code-actions';
import { parseCheckOf } from './lsp/fix-check';
import { codeLensesOf } from './lsp/code-lens';
import { DIAGNOSTIC_SOURCE, fixToData, toDiagnostics, type FixData } from './lsp/diagnostics';
import type { FileLocator } from './lsp/files';
import { callSiteAt, hoverMarkdown, type HoverAlternative } from './lsp/hover';
import { ESTIMATE_CALL_REQUEST, estimateCallAt, type EstimateCallParams, type EstimateCallResult } from './lsp/estimate-call';
import { inlayHintsOf } from './lsp/inlay-hints';
import { assumeModelActions, assumeModelEdit, isModelId, modelChoicesFor } from './lsp/assume-model';
import { ENV_EXAMPLE_FILES, envFileValuesOf, runtimeModelReason } from './engine/model-source';
import { inlineCostLabel } from './lsp/inline-label';
import { cheaperAlternativesOf } from './lsp/alternatives';
import { offsetAt, rangeOf } from './lsp/positions';
import {
  DEFAULT_SETTINGS,
  effectiveConfig,
  normalizeSettings,
  parseConfigText,
  type ServerSettings,
} from './lsp/settings';
import { RescanScheduler, type RescanToken } from './lsp/rescan-scheduler';
import { AnalysisDelay, afterPendingMessages } from './lsp/analysis-delay';
import { indexEntryOf, WorkspaceRoot } from './lsp/workspace-root';
import { cellPosition } from './engine/languages/notebook';
import { NotebookSync } from './notebooks';

export const CONFIG_FILE_NAME = 'prompt-cost.config.json';
/** Quiet time after the last change to the config file before it is reloaded and the workspace rescanned. */
const CONFIG_RELOAD_DELAY_MS = 300;
const SUMMARY_NOTIFY_DELAY_MS = 300;

/** Custom protocol between the extension and this server. */
export const Requests = {
  scanWorkspace: 'promptCost/scanWorkspace',
  workspaceSummary: 'promptCost/workspaceSummary',
  report: 'promptCost/report',
  setCallsPerDay: 'promptCost/setCallsPerDay',
  assumeModel: 'promptCost/assumeModel',
} as const;
export const Notifications = {
  summaryChanged: 'promptCost/summaryChanged',
  /** Sent after each publication when PROMPT_COST_TIMINGS=1 (benchmarks): the wait applied and the analysis time. */
  timings: 'promptCost/timings',
} as const;
const reportTimings = REPORT_TIMINGS;

export interface SummaryCallSite {
  uri: string;
  file: string;
  /** 0-based line of the call. */
  line: number;
  model: string | null;
  label: string;
  perCall: number | null;
  perMonth: number | null;
}

export interface WorkspaceSummary {
  perMonth: number;
  callSites: number;
  findings: number;
  /** Call sites by monthly cost, highest first. */
  top: SummaryCallSite[];
  /** True once a workspace scan has covered every folder; before that only open documents count. */
  scanned: boolean;
  /** Call sites without a price (not in `perMonth`), and how many of them have a model set at run time. */
  unpriced: number;
  unpricedRuntime: number;
}

interface DocumentState {
  uri: string;
  /** Engine path: workspace-relative inside a folder, else absolute (or a made-up name for untitled documents). */
  file: string;
  root: WorkspaceRoot | undefined;
  language: Language;
  /** A file the engine does not parse (`prompts/*.md`): it gets the token hint and diagnostics of the calls that send it. */
  promptFile: boolean;
  timer?: NodeJS.Timeout;
  /** Set between didOpen and the content event that follows it, which must not delay the first analysis. */
  justOpened?: boolean;
  analysedVersion?: number;
  analysis?: FileAnalysis;
  /** Wall time of the last analysis, engine only. */
  lastAnalysisMs?: number;
  /** Its CPU time (measured for the timings only: on a loaded machine wall time includes waiting for a core). */
  lastAnalysisCpuMs?: number;
  lines?: LineIndex;
  /** The last parse of this document, so that the next analysis re-parses only around the change. */
  reuse: ParseReuse;
  /** The wait after a change before analysing, from what this document's analyses cost. */
  delay: AnalysisDelay;
  /** Set while a change waits to be analysed: the wait applied, for the timings a benchmark asks for. */
  pendingDelayMs?: number;
}

// Node (stdio or IPC) or a browser's web worker: platform/host.ts and host.browser.ts.
const connection = createServerConnection();
const documents = new TextDocuments(TextDocument);
const states = new Map<string, DocumentState>();
const roots: WorkspaceRoot[] = [];
/** Per folder URI: the config file's last good JSON. */
const configJson = new Map<string, Record<string, unknown>>();
/** Per folder URI: variable values of its `.env.example` / `.env.sample` / `.env.template` (models set at run time). */
const envFileValues = new Map<string, Config['envFileValues']>();
const settingsCache = new Map<string, Promise<ServerSettings>>();
let resolvedSettings = new Map<string, ServerSettings>();

let trusted = true;
let supportsConfiguration = false;
let supportsInlayHintRefresh = false;
let supportsCodeLensRefresh = false;
let supportsWorkspaceFolders = false;
/** Settles once the config files of the folders open at start are read (through the client in a browser); analyses wait on it. */
let initialConfigsLoaded: Promise<unknown> = Promise.resolve();
/** Settles once the parsers of every language asked for so far are loaded; analyses wait on it. */
let languagesReady: Promise<void> = Promise.resolve();
const languagesAskedFor = new Set<Language>();
/** Scans prefilter through the editor's ripgrep, else rg on PATH, else read every file. */
const ripgrep = createScanPrefilter((message) => connection.console.warn(message));

// ---------------------------------------------------------------- paths

const LANGUAGE_EXTENSION: Record<string, string> = {
  python: 'py',
  typescript: 'ts',
  typescriptreact: 'tsx',
  javascript: 'js',
  javascriptreact: 'jsx',
  prompty: 'prompty',
};

function locate(uri: string, languageId: string): { file: string; root: WorkspaceRoot | undefined } {
  const fsPath = uriToPath(uri);
  if (fsPath === undefined) {
    // Untitled and virtual documents: a name with the extension of their language, analysed in isolation.
    const base = uri.replace(/^[a-z-]+:/i, '').replace(/[^\w.-]+/g, '_') || 'untitled';
    const extension = LANGUAGE_EXTENSION[languageId];
    return { file: extension && languageOf(base) === null ? `${base}.${extension}` : base, root: undefined };
  }
  for (const root of rootsBySpecificity()) {
    const rel = root.relativePath(fsPath);
    if (rel !== undefined) return { file: rel, root };
  }
  return { file: fsPath.split(path.sep).join('/'), root: undefined };
}

function rootsBySpecificity(): WorkspaceRoot[] {
  return [...roots].sort((a, b) => b.path.length - a.path.length);
}

function stateOfRelPath(root: WorkspaceRoot, relPath: string): DocumentState | undefined {
  for (const state of states.values()) if (state.root === root && state.file === relPath) return state;
  return undefined;
}

function openTextOf(root: () => WorkspaceRoot) {
  return (relPath: string) => {
    const state = stateOfRelPath(root(), relPath);
    return state ? documents.get(state.uri)?.getText() : undefined;
  };
}

function addRoot(uri: string): WorkspaceRoot | undefined {
  const fsPath = uriToPath(uri);
  if (fsPath === undefined || roots.some((root) => root.uri === uri)) return undefined;
  let self: WorkspaceRoot | undefined;
  const root = new WorkspaceRoot(uri, fsPath, openTextOf(() => self!));
  self = root;
  roots.push(root);
  workspaceFolderAdded(connection, uri, fsPath);
  return root;
}

function locatorFor(root: WorkspaceRoot | undefined): FileLocator {
  // One locator serves one publication, whose fixes name the same few files many times: index each text once.
  const lineIndexes = new Map<string, LineIndex>();
  return {
    uriOf(file) {
      if (root && !path.isAbsolute(file)) {
        const open = stateOfRelPath(root, file);
        return open ? open.uri : pathToUri(root.absolutePath(file));
      }
      for (const state of states.values()) if (state.file === file) return state.uri;
      return pathToUri(file);
    },
    linesOf(file) {
      const text = root && !path.isAbsolute(file) ? root.readFile(file) : textOfEngineFile(file);
      if (text === undefined) return undefined;
      const known = lineIndexes.get(file);
      if (known?.text === text) return known;
      const lines = new LineIndex(text);
      lineIndexes.set(file, lines);
      return lines;
    },
    versionOf(file) {
      for (const state of states.values()) {
        if (state.file === file && state.root === root) return documents.get(state.uri)?.version ?? null;
      }
      return null;
    },
  };
}

function textOfEngineFile(file: string): string | undefined {
  for (const state of states.values()) if (state.file === file) return documents.get(state.uri)?.getText();
  return undefined;
}

// ---------------------------------------------------------------- notebooks

const notebooks = new NotebookSync({
  connection,
  locate: (uri) => locate(uri, 'python'),
  settingsFor,
  configFor: (root, settings) => withEnvFiles(effectiveConfig(settings, root ? configJson.get(root.uri) ?? null : null, trusted), root),
  isIncluded,
  locatorFor,
  alternativesFor: cheaperAlternativesOf,
  pythonReady: () => prepareLanguagesFor(['python']),
  closed: (root, file) => {
    if (!root.scanned) root.forget(file);
    else void reanalyseClosedFile(root, file);
  },
  changed: () => {
    summaryChanged();
    refreshInlineCost();
  },
});

/** True when the index holds the editor's text of `file` (an open document or notebook), not the disk's. */
function isOpenInEditor(root: WorkspaceRoot, file: string): boolean {
  return stateOfRelPath(root, file) !== undefined || notebooks.isOpen(root, file);
}

// ---------------------------------------------------------------- settings and config

async function settingsFor(uri: string): Promise<ServerSettings> {
  if (!supportsConfiguration) return DEFAULT_SETTINGS;
  let pending = settingsCache.get(uri);
  if (!pending) {
    pending = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'promptCost' })
      .then(normalizeSettings, () => DEFAULT_SETTINGS);
    settingsCache.set(uri, pending);
  }
  const settings = await pending;
  resolvedSettings.set(uri, settings);
  return settings;
}

/** Settings already fetched for a document, for synchronous paths (defaults until the first fetch). */
function knownSettings(uri: string): ServerSettings {
  return resolvedSettings.get(uri) ?? DEFAULT_SETTINGS;
}

function configFor(state: DocumentState, settings: ServerSettings): Config {
  const json = state.root ? configJson.get(state.root.uri) ?? null : null;
  return withEnvFiles(effectiveConfig(settings, json, trusted), state.root);
}

/** The config with the folder's env example values, which say what models set at run time default to. */
function withEnvFiles(config: Config, root: WorkspaceRoot | null | undefined): Config {
  const values = root ? envFileValues.get(root.uri) : undefined;
  return values ? { ...config, envFileValues: values } : config;
}

/** The config for files of a folder that are not open (settings at folder scope). */
function rootConfig(root: WorkspaceRoot, settings: ServerSettings): Config {
  return withEnvFiles(effectiveConfig(settings, configJson.get(root.uri) ?? null, trusted), root);
}

function isIncluded(file: string, config: Config): boolean {
  if (config.include.length > 0 && !picomatch(config.include, { dot: true })(file)) return false;
  return !(config.exclude.length > 0 && picomatch(config.exclude, { dot: true })(file));
}

function configUriOf(root: WorkspaceRoot): string {
  return pathToUri(root.absolutePath(CONFIG_FILE_NAME));
}

/** Reads a folder's config file (open document first); keeps the last good config when it is invalid. */
async function loadRootConfig(root: WorkspaceRoot): Promise<void> {
  const envTexts = await Promise.all(ENV_EXAMPLE_FILES.map((file) => readText(root.absolutePath(file)).then((text) => (text === undefined ? undefined : { file, text }))));
  envFileValues.set(root.uri, envFileValuesOf(envTexts.filter((entry) => entry !== undefined)));
  const uri = configUriOf(root);
  const open = documents.get(uri);
  let text: string | undefined = open?.getText();
  if (text === undefined) text = await readText(root.absolutePath(CONFIG_FILE_NAME));
  if (text === undefined) {
    configJson.delete(root.uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    return;
  }
  const parsed = parseConfigText(text, CONFIG_FILE_NAME);
  if (parsed.ok) {
    configJson.set(root.uri, parsed.json);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    return;
  }
  const line = parsed.problem.line ?? 0;
  const character = parsed.problem.column ?? 0;
  void connection.sendDiagnostics({
    uri,
    diagnostics: [
      {
        range: { start: { line, character }, end: { line, character: character + 1 } },
        severity: 1,
        source: DIAGNOSTIC_SOURCE,
        code: 'config',
        message: `${parsed.problem.message} (the last valid configuration stays in use)`,
      },
    ],
  });
}

/** Per folder URI: the debounced, single-flight reload that a config-file change starts. */
const configReloads = new Map<string, RescanScheduler>();

/** The config file of `root` changed (typed in, saved, created, deleted): reload and rescan once the edits pause. */
function configChanged(root: WorkspaceRoot): void {
  let scheduler = configReloads.get(root.uri);
  if (!scheduler) {
    scheduler = new RescanScheduler((token) => reloadConfig(root, token), CONFIG_RELOAD_DELAY_MS);
    configReloads.set(root.uri, scheduler);
  }
  scheduler.request();
}

async function reloadConfig(root: WorkspaceRoot, token: RescanToken): Promise<void> {
  await loadRootConfig(root);
  if (token.isCancellationRequested || !roots.includes(root)) return;
  root.reset();
  for (const state of states.values()) {
    if (state.root !== root) continue;
    state.analysedVersion = undefined;
    schedule(state, 0);
  }
  notebooks.refreshAll();
  if (root.scanned) await scanRoots([root], token, () => undefined);
}

// ---------------------------------------------------------------- analysis

function stateOf(document: TextDocument): DocumentState {
  let state = states.get(document.uri);
  if (!state) {
    const { file, root } = locate(document.uri, document.languageId);
    const language = languageOf(file);
    state = { uri: document.uri, file, root, language: language ?? 'typescript', promptFile: language === null, reuse: new ParseReuse(), delay: new AnalysisDelay() };
    states.set(document.uri, state);
  }
  return state;
}

function schedule(state: DocumentState, delay = state.delay.current()): void {
  if (state.timer) clearTimeout(state.timer);
  state.pendingDelayMs = delay;
  // A newer change cancels the pending run: only the last text of a burst is analysed.
  state.timer = setTimeout(() => {
    state.timer = undefined;
    void analyseAndPublish(state.uri);
  }, delay);
}

function analyse(root: WorkspaceRoot | undefined, file: string, text: string, config: Config, reuse?: ParseReuse): FileAnalysis {
  if (!root) return analyzeFile(file, text, isolatedContext, config, { reuse });
  return root.withContext(file, (context) => analyzeFile(file, text, context, config, { reuse }));
}

/** The document's analysis for its current version, computed now if it is pending or stale. */
async function currentAnalysis(uri: string): Promise<{ state: DocumentState; document: TextDocument; analysis: FileAnalysis; lines: LineIndex } | undefined> {
  const document = documents.get(uri);
  if (!document) return undefined;
  const state = stateOf(document);
  if (state.promptFile) return undefined;
  await workspaceFilesReady();
  await initialConfigsLoaded;
  await languagesReady;
  const settings = await settingsFor(uri);
  const latest = documents.get(uri);
  if (!latest) return undefined;
  if (state.analysedVersion !== latest.version || !state.analysis || !state.lines) {
    // A request that overtakes the debounce analyses now; the diagnostics the timer owed are still published.
    const publishOwed = state.timer !== undefined;
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
    runAnalysis(state, latest, settings);
    if (publishOwed) schedule(state, 0);
  }
  return { state, document: latest, analysis: state.analysis!, lines: state.lines! };
}

function emptyAnalysis(state: DocumentState): FileAnalysis {
  return { file: state.file, language: state.language, callSites: [], findings: [], errors: [], comments: [] };
}

function runAnalysis(state: DocumentState, document: TextDocument, settings: ServerSettings): void {
  const text = document.getText();
  const config = configFor(state, settings);
  const enabled = settings.enable && isIncluded(state.file, config);
  const started = performance.now();
  const cpuBefore = reportTimings ? cpuTimeMs() : undefined;
  state.analysis = enabled ? analyse(state.root, state.file, text, config, state.reuse) : emptyAnalysis(state);
  state.lastAnalysisMs = performance.now() - started;
  if (cpuBefore !== undefined) state.lastAnalysisCpuMs = cpuTimeMs() - cpuBefore;
  state.delay.record(state.lastAnalysisMs);
  state.lines = new LineIndex(text);
  state.analysedVersion = document.version;
  if (state.root) {
    if (enabled) state.root.results.set(state.file, state.analysis);
    else state.root.forget(state.file);
  }
  summaryChanged();
}

/** Diagnostics of an open prompt file: the findings of the analysed calls whose text lives in it. */
async function publishPromptFile(state: DocumentState): Promise<void> {
  const document = documents.get(state.uri);
  if (!document || !state.root) return;
  const diagnostics = promptFileDiagnostics(state.file, new LineIndex(document.getText()), [...state.root.results.values()]);
  await connection.sendDiagnostics({ uri: state.uri, version: document.version, diagnostics });
}

function republishPromptFiles(root: WorkspaceRoot | undefined): void {
  if (!root) return;
  for (const state of states.values()) if (state.promptFile && state.root === root) void publishPromptFile(state);
}

async function analyseAndPublish(uri: string): Promise<void> {
  try {
    const promptFileState = states.get(uri);
    if (promptFileState?.promptFile) {
      await publishPromptFile(promptFileState);
      return;
    }
    const delayMs = states.get(uri)?.pendingDelayMs;
    const current = await currentAnalysis(uri);
    if (!current) return;
    const { state, document, analysis, lines } = current;
    // Changes that arrived during the analysis are still unread: take them in before deciding to publish.
    await afterPendingMessages();
    // The text moved on (while settings were fetched or the analysis ran): the run its change scheduled publishes.
    if (documents.get(uri)?.version !== document.version) return;
    const diagnostics = toDiagnostics(analysis, lines, document.version, locatorFor(state.root));
    await connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    if (reportTimings) {
      const timings = { uri, version: document.version, delayMs: delayMs ?? 0, analysisMs: state.lastAnalysisMs ?? 0, analysisCpuMs: state.lastAnalysisCpuMs ?? 0 };
      void connection.sendNotification(Notifications.timings, timings);
    }
    republishPromptFiles(state.root);
    refreshInlineCost();
  } catch (error) {
    connection.console.error(`prompt-cost: analysing ${uri} failed: ${(error as Error).stack ?? error}`);
  }
}

let inlineRefreshPending = false;
function refreshInlineCost(): void {
  if (inlineRefreshPending) return;
  inlineRefreshPending = true;
  setImmediate(() => {
    inlineRefreshPending = false;
    if (supportsInlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (supportsCodeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  });
}

let summaryTimer: NodeJS.Timeout | undefined;
function summaryChanged(): void {
  if (summaryTimer) clearTimeout(summaryTimer);
  summaryTimer = setTimeout(() => {
    summaryTimer = undefined;
    void connection.sendNotification(Notifications.summaryChanged);
  }, SUMMARY_NOTIFY_DELAY_MS);
}

/** A file changed: drop what was read from it and re-analyse what depends on it. */
function fileChanged(root: WorkspaceRoot, relPath: string): void {
  for (const dependant of root.fileChanged(relPath)) {
    const open = stateOfRelPath(root, dependant);
    if (open) {
      open.analysedVersion = undefined;
      schedule(open);
    } else if (root.results.has(dependant)) {
      void reanalyseClosedFile(root, dependant);
    }
  }
}

/**
 * Loads the parsers of `languages` in the background, once each: the TypeScript compiler and tree-sitter cost
 * tens of megabytes and are loaded only when a file of their language is analysed.
 */
function prepareLanguagesFor(languages: Iterable<Language | null>): Promise<void> {
  const missing = [...new Set(languages)].filter((language): language is Language => language !== null && !languagesAskedFor.has(language));
  if (missing.length === 0) return languagesReady;
  for (const language of missing) languagesAskedFor.add(language);
  languagesReady = languagesReady
    .then(() => prepareLanguages(missing))
    .catch((error) => {
      connection.console.error(`prompt-cost: loading the parsers failed: ${(error as Error).message}`);
    });
  return languagesReady;
}

/** Whether a closed file is analysed at all: it mentions an SDK, or is a .prompty file (a model call by itself). */
function worthAnalysing(file: string, text: string): boolean {
  return languageOf(file) === 'prompty' || mentionsLlmSdk(text);
}

async function reanalyseClosedFile(root: WorkspaceRoot, relPath: string): Promise<void> {
  await prepareLanguagesFor([languageOf(relPath)]);
  await workspaceFilesReady();
  const text = root.readDisk(relPath, (text) => worthAnalysing(relPath, text));
  const settings = await settingsFor(root.uri);
  const config = rootConfig(root, settings);
  if (text === undefined || !worthAnalysing(relPath, text) || !settings.enable || !isIncluded(relPath, config)) {
    root.forget(relPath);
  } else {
    root.results.set(relPath, indexEntryOf(analyse(root, relPath, text, config)));
  }
  summaryChanged();
}

// ---------------------------------------------------------------- workspace scan and summary

export interface ScanOutcome {
  cancelled: boolean;
  /** Files listed and tested (all of them unless cancelled). */
  files: number;
  /** The rg that prefiltered every folder of the scan; null when Node read and tested the files of any folder. */
  ripgrep: string | null;
}

async function scanRoots(targets: WorkspaceRoot[], token: RescanToken | undefined, report: (done: number, total: number) => void): Promise<ScanOutcome> {
  const work: { root: WorkspaceRoot; files: string[]; config: Config }[] = [];
  let total = 0;
  await workspaceFilesReady();
  await initialConfigsLoaded;
  for (const root of targets) {
    const settings = await settingsFor(root.uri);
    if (!settings.enable) continue;
    const config = rootConfig(root, settings);
    const files = (await listWorkspaceFiles(root.path)).filter((file) => isIncluded(file, config));
    work.push({ root, files, config });
    total += files.length;
  }
  let done = 0;
  let ripgrepOfAll: string | null | undefined;
  report(0, total);
  for (const { root, files, config } of work) {
    // ripgrep tests the files in native code, in parallel: the server then reads only those that mention an SDK.
    const mentioning = await ripgrep.filesMentioningSdk(root.path, files);
    ripgrepOfAll = mentioning && ripgrepOfAll !== null ? mentioning.ripgrep : null;
    for (const file of files) {
      if (token?.isCancellationRequested) return { cancelled: true, files: done, ripgrep: ripgrepOfAll };
      if (!isOpenInEditor(root, file)) {
        const language = languageOf(file);
        const candidate = language !== null && (!mentioning || mentioning.files.has(file) || language === 'prompty');
        // Without rg every file is read here; only the texts of files analysed are kept.
        const text = candidate ? root.readDisk(file, (text) => worthAnalysing(file, text)) : undefined;
        if (text !== undefined && worthAnalysing(file, text)) {
          await prepareLanguagesFor([language]);
          root.results.set(file, indexEntryOf(analyse(root, file, text, config)));
        } else {
          root.forget(file);
        }
      }
      done++;
      if (done % 20 === 0) {
        report(done, total);
        // Let edits, hovers and cancellation in between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  report(done, total);
  for (const root of targets) root.scanned = true;
  summaryChanged();
  return { cancelled: false, files: done, ripgrep: ripgrepOfAll ?? null };
}

function summaryOf(limit: number): WorkspaceSummary {
  const all: SummaryCallSite[] = [];
  let findings = 0;
  let unpriced = 0;
  let unpricedRuntime = 0;
  for (const root of roots) {
    for (const analysis of root.results.values()) {
      findings += analysis.findings.length;
      const open = stateOfRelPath(root, analysis.file);
      const { notebook } = analysis;
      // A notebook's spans point into its virtual module: the line shown is the line inside the cell.
      const text = notebook ? '' : open ? documents.get(open.uri)?.getText() : root.readDisk(analysis.file);
      const lines = new LineIndex(text ?? '');
      for (const analyzed of analysis.callSites) {
        if (!analyzed.cost) {
          unpriced++;
          if (runtimeModelReason(analyzed.site.model)) unpricedRuntime++;
        }
        all.push({
          uri: open ? open.uri : pathToUri(root.absolutePath(analysis.file)),
          file: analysis.file,
          line: notebook ? cellPosition(notebook, analyzed.site.span.start).line : lines.position(analyzed.site.span.start).line,
          model: analyzed.site.model.value,
          label: inlineCostLabel(analyzed),
          perCall: analyzed.cost?.perCall ?? null,
          perMonth: analyzed.cost?.perMonth ?? null,
        });
      }
    }
  }
  all.sort((a, b) => (b.perMonth ?? -1) - (a.perMonth ?? -1) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return {
    perMonth: all.reduce((sum, site) => sum + (site.perMonth ?? 0), 0),
    callSites: all.length,
    findings,
    top: all.slice(0, limit),
    scanned: roots.length > 0 && roots.every((root) => root.scanned),
    unpriced,
    unpricedRuntime,
  };
}

function scanResultOf(root: WorkspaceRoot): ScanResult {
  const files = [...root.results.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const lineStarts: Record<string, number[]> = {};
  const need = (file: string) => {
    if (lineStarts[file]) return;
    const text = root.readFile(file);
    if (text !== undefined) lineStarts[file] = computeLineStarts(text);
  };
  const counts = new Map<string, { source: string; asOf: string; count: number }>();
  for (const analysis of files) {
    need(analysis.file);
    for (const finding of analysis.findings) for (const fix of finding.fixes) for (const edit of fix.edits) need(edit.file);
    for (const analyzed of analysis.callSites) {
      if (!analyzed.cost) continue;
      const { source, asOf } = analyzed.cost.price;
      const key = `${source}\u0000${asOf}`;
      const entry = counts.get(key) ?? { source, asOf, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  const prices = [...counts.values()].sort((a, b) => b.count - a.count)[0] ?? { source: '', asOf: '' };
  return {
    root: root.path,
    displayRoot: path.basename(root.path),
    prices: { source: prices.source, asOf: prices.asOf },
    files,
    lineStarts,
    stats: { filesListed: files.length, filesPrefiltered: 0, filesParsed: files.length },
    problems: files.flatMap((analysis) =>
      analysis.errors.map((error) => ({ file: analysis.file, message: error.message })),
    ),
  };
}

// ---------------------------------------------------------------- calls-per-day annotation

const CALLS_PER_DAY = /calls-per-day\s*=\s*[0-9][0-9_,]*/g;

/** Where `calls-per-day=N` sits after `prompt-cost:` on a comment line; a search from the first key keeps it linear. */
function annotationIn(text: string): { start: number; end: number } | null {
  const key = text.indexOf('prompt-cost:');
  if (key < 0) return null;
  CALLS_PER_DAY.lastIndex = key + 'prompt-cost:'.length;
  const found = CALLS_PER_DAY.exec(text);
  return found ? { start: found.index, end: found.index + found[0].length } : null;
}

/** The edit that writes `prompt-cost: calls-per-day=N` above the call at `position` (or updates the one there). */
function callsPerDayEdit(uri: string, version: number, state: Pick<DocumentState, 'language'>, analysis: Pick<FileAnalysis, 'callSites'>, lines: LineIndex, position: Position, callsPerDay: number): WorkspaceEdit | null {
  const offset = offsetAt(lines, position);
  const analyzed =
    callSiteAt(analysis.callSites, offset) ??
    analysis.callSites.find((site) => lines.position(site.site.span.start).line === position.line);
  if (!analyzed) return null;
  const callLine = lines.position(analyzed.site.span.start).line;
  const annotation = `prompt-cost: calls-per-day=${Math.round(callsPerDay)}`;
  const marker = commentMarker(state.language);
  // The annotation may already sit in the run of comment lines above the call: update it there.
  for (let line = callLine - 1; line >= 0; line--) {
    const text = lines.lineText(line);
    if (!text.trimStart().startsWith(marker)) break;
    const existing = annotationIn(text);
    if (!existing) continue;
    const start = { line, character: existing.start };
    const end = { line, character: existing.end };
    return workspaceEditOf([{ uri, version, range: { start, end }, newText: `calls-per-day=${Math.round(callsPerDay)}` }]);
  }
  const indentation = /^[ \t]*/.exec(lines.lineText(callLine))![0];
  const lineBreak = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const at = { line: callLine, character: 0 };
  return workspaceEditOf([
    { uri, version, range: { start: at, end: at }, newText: `${indentation}${marker} ${annotation}${lineBreak}` },
  ]);
}

// ---------------------------------------------------------------- handlers

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const capabilities = params.capabilities;
  supportsConfiguration = !!capabilities.workspace?.configuration;
  supportsInlayHintRefresh = !!capabilities.workspace?.inlayHint?.refreshSupport;
  supportsCodeLensRefresh = !!capabilities.workspace?.codeLens?.refreshSupport;
  supportsWorkspaceFolders = !!capabilities.workspace?.workspaceFolders;
  const options = (params.initializationOptions ?? {}) as { trusted?: boolean; ripgrepPath?: unknown };
  trusted = options.trusted !== false;
  ripgrep.useEditorRipgrep(options.ripgrepPath);

  const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
  for (const folder of folders) addRoot(folder.uri);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      inlayHintProvider: { resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.promptCost'], resolveProvider: false },
      // Every cell is synced (markdown too) so that cells keep the numbers people see; Python code cells are analysed.
      notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' } }] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'prompt-cost-lint' },
  };
});

connection.onInitialized(async () => {
  if (supportsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'promptCost' }).catch(() => undefined);
  }
  if (supportsWorkspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const removed of event.removed) {
        const index = roots.findIndex((root) => root.uri === removed.uri);
        if (index >= 0) roots.splice(index, 1);
        configJson.delete(removed.uri);
        configReloads.delete(removed.uri);
      }
      for (const added of event.added) {
        const root = addRoot(added.uri);
        if (root) void loadRootConfig(root);
      }
      summaryChanged();
    });
  }
  initialConfigsLoaded = Promise.all(roots.map((root) => loadRootConfig(root)));
  await initialConfigsLoaded;
});

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  resolvedSettings = new Map();
  notebooks.refreshAll();
  for (const state of states.values()) {
    state.analysedVersion = undefined;
    schedule(state, 0);
  }
});

documents.onDidOpen((event) => {
  const state = stateOf(event.document);
  if (state.root && state.file === CONFIG_FILE_NAME) return;
  // Its unsaved text now replaces the disk text for files that import it.
  if (state.root) fileChanged(state.root, state.file);
  if (!state.promptFile) void prepareLanguagesFor([state.language]);
  state.justOpened = true;
  schedule(state, 0);
});

documents.onDidChangeContent((event) => {
  const uri = event.document.uri;
  const state = stateOf(event.document);
  if (state.justOpened) {
    state.justOpened = false;
    return;
  }
  if (state.root && state.file === CONFIG_FILE_NAME) {
    configChanged(state.root);
    return;
  }
  // Open dependants see unsaved text: re-analyse them as this one is typed in.
  if (state.root) fileChanged(state.root, state.file);
  if (documents.get(uri)?.version === state.analysedVersion) return;
  schedule(state);
});

documents.onDidClose((event) => {
  const state = states.get(event.document.uri);
  states.delete(event.document.uri);
  settingsCache.delete(event.document.uri);
  resolvedSettings.delete(event.document.uri);
  if (!state) return;
  if (state.timer) clearTimeout(state.timer);
  state.reuse.dispose();
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  if (state.root) {
    if (state.file === CONFIG_FILE_NAME) {
      configChanged(state.root);
      return;
    }
    // The closed file's saved text is what others read now.
    fileChanged(state.root, state.file);
    if (!state.root.scanned) state.root.forget(state.file);
    else void reanalyseClosedFile(state.root, state.file);
  }
});

connection.onDidChangeWatchedFiles(async (params) => {
  // In a browser the changed files are read again through the client first; under Node the next read sees them.
  const refreshed = refreshFiles(params.changes);
  if (refreshed) await refreshed;
  for (const change of params.changes) {
    const fsPath = uriToPath(change.uri);
    if (fsPath === undefined) continue;
    for (const root of roots) {
      const rel = root.relativePath(fsPath);
      if (rel === undefined) continue;
      if (rel === CONFIG_FILE_NAME || (ENV_EXAMPLE_FILES as readonly string[]).includes(rel)) {
        configChanged(root);
        continue;
      }
      fileChanged(root, rel);
      if (isOpenInEditor(root, rel)) continue;
      if (change.type === FileChangeType.Deleted) {
        root.forget(rel);
        summaryChanged();
      } else if (root.scanned && languageOf(rel) !== null) {
        void reanalyseClosedFile(root, rel);
      }
    }
  }
});

connection.onHover(async (params) => {
  if (notebooks.ownsCell(params.textDocument.uri)) return notebooks.hover(params.textDocument.uri, params.position);
  const current = await currentAnalysis(params.textDocument.uri);
  if (!current) return null;
  const { analysis, lines, state } = current;
  const analyzed = callSiteAt(analysis.callSites, offsetAt(lines, params.position));
  if (!analyzed) return null;
  const settings = knownSettings(state.uri);
  const alternatives: HoverAlternative[] = cheaperAlternativesOf(analyzed, configFor(state, settings));
  return {
    contents: { kind: 'markdown', value: hoverMarkdown(analyzed, alternatives) },
    range: rangeOf(lines, analyzed.site.span),
  };
});

connection.onRequest(ESTIMATE_CALL_REQUEST, async (params: EstimateCallParams): Promise<EstimateCallResult> => {
  if (notebooks.ownsCell(params.uri)) return { error: 'notebook cells are not supported by this question; ask about a .py or .ts file' };
  const current = await currentAnalysis(params.uri);
  if (!current) return { error: `${params.uri}: not an open Python, TypeScript or JavaScript document` };
  return estimateCallAt(current.analysis, current.lines, configFor(current.state, knownSettings(current.state.uri)), params);
});

connection.languages.inlayHint.on(async (params) => {
  if (notebooks.ownsCell(params.textDocument.uri)) return notebooks.inlayHints(params);
  const promptFileState = states.get(params.textDocument.uri);
  const promptFileDocument = documents.get(params.textDocument.uri);
  if (promptFileState?.promptFile && promptFileDocument && promptFileState.root) {
    const settings = knownSettings(params.textDocument.uri);
    if (!settings.enable || settings.inlineCost === 'off') return [];
    return promptFileInlayHints(promptFileState.file, new LineIndex(promptFileDocument.getText()), [...promptFileState.root.results.values()]);
  }
  const current = await currentAnalysis(params.textDocument.uri);
  if (!current) return [];
  const settings = knownSettings(params.textDocument.uri);
  if (!settings.enable || settings.inlineCost !== 'inlayHints') return [];
  return inlayHintsOf(current.analysis.callSites, current.lines, params.range);
});

connection.onCodeLens(async (params) => {
  if (notebooks.ownsCell(params.textDocument.uri)) return notebooks.codeLenses(params.textDocument.uri);
  const current = await currentAnalysis(params.textDocument.uri);
  if (!current) return [];
  const settings = knownSettings(params.textDocument.uri);
  if (!settings.enable || settings.inlineCost !== 'codeLens') return [];
  return codeLensesOf(current.analysis.callSites, current.lines, params.textDocument.uri);
});

/** Fixes are offered only when the files they edit still parse afterwards (open text first, else disk). */
function fixParseCheck(): ParseCheck {
  return parseCheckOf({
    textOf(uri) {
      const fsPath = uriToPath(uri);
      if (fsPath === undefined) return undefined;
      const open = documents.get(uri);
      const root = roots.find((candidate) => candidate.relativePath(fsPath) !== undefined);
      const file = root?.relativePath(fsPath) ?? path.basename(fsPath);
      const text = open?.getText() ?? root?.readDisk(file);
      return text === undefined ? undefined : { file, text };
    },
    parseErrors(file, text) {
      return languageOf(file) ? analyzeFile(file, text, isolatedContext, defaultConfig()).errors.length : 0;
    },
  });
}

connection.onCodeAction(async (params) => {
  if (notebooks.ownsCell(params.textDocument.uri)) return notebooks.codeActions(params);
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const state = stateOf(document);
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const keepsParsing = fixParseCheck();
  if (wantsQuickFixes(only)) {
    const current = await currentAnalysis(params.textDocument.uri);
    if (current) actions.push(...assumeModelActions(current.analysis.callSites, current.lines, params.textDocument.uri, params.range));
    actions.push(
      ...quickFixActions(
        params.context.diagnostics,
        { uri: document.uri, version: document.version, language: state.language, lines: new LineIndex(document.getText()) },
        keepsParsing,
      ),
    );
  }
  if (wantsFixAll(only)) {
    const current = await currentAnalysis(params.textDocument.uri);
    if (current) {
      const locator = locatorFor(current.state.root);
      const fixes = current.analysis.findings
        .flatMap((finding) => finding.fixes)
        .map((fix) => fixToData(fix, locator))
        .filter((fix): fix is FixData => fix !== null);
      const fixAll = fixAllAction(fixes, keepsParsing);
      if (fixAll) actions.push(fixAll);
    }
  }
  return actions;
});

connection.onRequest(Requests.scanWorkspace, async (_params: unknown, token: CancellationToken) => {
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('Prompt Cost: scanning the workspace', 0, 'listing files', true);
  let lastPercentage = -1;
  try {
    const result = await scanRoots(roots, mergeTokens(token, progress.token), (done, total) => {
      const percentage = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percentage === lastPercentage && done !== total) return;
      lastPercentage = percentage;
      progress.report(percentage, `${done}/${total} files`);
    });
    return { ...result, summary: summaryOf(3) };
  } finally {
    progress.done();
  }
});

function mergeTokens(a: CancellationToken, b: CancellationToken): CancellationToken {
  return {
    get isCancellationRequested() {
      return a.isCancellationRequested || b.isCancellationRequested;
    },
    onCancellationRequested: (listener, thisArgs, disposables) => {
      const first = a.onCancellationRequested(listener, thisArgs, disposables);
      const second = b.onCancellationRequested(listener, thisArgs, disposables);
      return { dispose: () => (first.dispose(), second.dispose()) };
    },
  };
}

connection.onRequest(Requests.workspaceSummary, (params: { limit?: number } | undefined) => {
  return summaryOf(typeof params?.limit === 'number' ? params.limit : 3);
});

export interface ReportResponse {
  rootUri: string;
  report: JsonReport;
  /** The report rendered in `format` when one was asked for. */
  rendered?: string;
  formats: string[];
}

connection.onRequest(Requests.report, (params: { rootUri?: string; format?: string } | undefined): ReportResponse => {
  const root = roots.find((candidate) => candidate.uri === params?.rootUri) ?? roots[0];
  if (!root) throw new ResponseError(ErrorCodes.InvalidRequest, 'no workspace folder is open');
  const report = toJsonReport(scanResultOf(root));
  const response: ReportResponse = { rootUri: root.uri, report, formats: [...REPORT_FORMATS] };
  if (params?.format !== undefined) {
    if (!isReportFormat(params.format)) throw new ResponseError(ErrorCodes.InvalidParams, `unknown report format ${params.format}`);
    response.rendered = renderReportAs(report, params.format);
  }
  return response;
});

connection.onRequest(
  Requests.setCallsPerDay,
  async (params: { textDocument: { uri: string }; position: Position; callsPerDay: number }) => {
    const uri = params?.textDocument?.uri;
    if (typeof params?.callsPerDay !== 'number' || !Number.isFinite(params.callsPerDay) || params.callsPerDay < 0) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'callsPerDay must be a number of zero or more');
    }
    if (uri && notebooks.ownsCell(uri)) {
      const cell = await notebooks.cellView(uri);
      if (cell) return { edit: callsPerDayEdit(uri, cell.version, { language: 'python' }, cell, cell.lines, params.position, params.callsPerDay) };
    }
    const current = uri ? await currentAnalysis(uri) : undefined;
    if (!current) throw new ResponseError(ErrorCodes.InvalidParams, `unknown document ${uri}`);
    const { state, document, analysis, lines } = current;
    return { edit: callsPerDayEdit(uri, document.version, state, analysis, lines, params.position, params.callsPerDay) };
  },
);

connection.onRequest(Requests.assumeModel, async (params: { textDocument: { uri: string }; position: Position; model?: string }) => {
  const uri = params?.textDocument?.uri;
  const model = params?.model;
  if (model !== undefined && (typeof model !== 'string' || !isModelId(model))) {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${String(model)}" is not a model name (letters, digits and . _ - : / @)`);
  }
  const current = uri ? await currentAnalysis(uri) : undefined;
  if (!current) throw new ResponseError(ErrorCodes.InvalidParams, `unknown document ${uri}`);
  const { state, document, analysis, lines } = current;
  const offset = offsetAt(lines, params.position);
  const analyzed =
    callSiteAt(analysis.callSites, offset) ?? analysis.callSites.find((site) => lines.position(site.site.span.start).line === params.position.line);
  if (!analyzed) return { provider: null, models: [], edit: null };
  const provider = analyzed.site.modelProvider ?? analyzed.site.provider;
  if (model === undefined) return { provider, models: modelChoicesFor(analyzed), edit: null };
  return { provider, models: [], edit: assumeModelEdit(uri, document.version, state.language, analyzed, lines, model) };
});

documents.listen(connection);
notebooks.listen(connection);
connection.listen();
