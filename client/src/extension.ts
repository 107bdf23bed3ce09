/**
 * The extension: starts the language server and adds the editor-side pieces (status bar, commands, the report
 * webview). No analysis happens here.
 */
import * as vscode from 'vscode';
import { type LanguageClient, type LanguageClientOptions, type WorkspaceEdit as ProtocolWorkspaceEdit } from 'vscode-languageclient/node';
import type { JsonReport } from '../../server/src/engine/report/json';
// A Node process on the desktop; a web worker in a browser (server-start.browser.ts, swapped in by the web build).
import { createLanguageClient, DOCUMENT_SCHEMES, hostInitializationOptions } from './server-start';
import { registerCostTool } from './cost-tool';
import { isOpenLocationMessage, renderReportHtml } from './report-view';

/** Command ids; the e2e suite and keybindings rely on them. */
export const Commands = {
  scanWorkspace: 'promptCost.scanWorkspace',
  showReport: 'promptCost.showReport',
  exportReport: 'promptCost.exportReport',
  setCallsPerDay: 'promptCost.setCallsPerDay',
  assumeModel: 'promptCost.assumeModel',
} as const;

/** Custom requests of the server (server/src/server.ts). */
const Requests = {
  scanWorkspace: 'promptCost/scanWorkspace',
  workspaceSummary: 'promptCost/workspaceSummary',
  report: 'promptCost/report',
  setCallsPerDay: 'promptCost/setCallsPerDay',
  assumeModel: 'promptCost/assumeModel',
} as const;
const SUMMARY_CHANGED = 'promptCost/summaryChanged';

const LANGUAGES = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'prompty'];
const SOURCE_GLOB = '**/*.{py,pyi,ts,tsx,mts,cts,js,jsx,mjs,cjs,prompty,ipynb}';
/** Prompt files read by code from literal paths. */
const PROMPT_FILE_GLOB = '**/*.{md,txt,jinja,jinja2,j2,tmpl,yaml,yml}';

interface SummaryCallSite {
  uri: string;
  file: string;
  line: number;
  model: string | null;
  label: string;
  perMonth: number | null;
}

interface WorkspaceSummary {
  perMonth: number;
  callSites: number;
  findings: number;
  top: SummaryCallSite[];
  scanned: boolean;
  /** Call sites without a price, and how many of those have a model set at run time. */
  unpriced: number;
  unpricedRuntime: number;
}

interface ReportResponse {
  rootUri: string;
  report: JsonReport;
  rendered?: string;
  formats: string[];
}

interface CallSiteFilter {
  callSiteId: string;
  uri: string;
  line: number;
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let statusBar: vscode.StatusBarItem;
let reportPanel: vscode.WebviewPanel | undefined;

/** `bytes` random bytes in hex (Web Crypto: on the desktop and in a browser). */
function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function statusText(perMonth: number, unpriced = 0): string {
  return `$${Math.round(perMonth).toLocaleString('en-US')}/mo${unpriced > 0 ? ` (+${unpriced} unpriced)` : ''}`;
}

function createClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => DOCUMENT_SCHEMES.map((scheme) => (scheme ? { scheme, language } : { language }))),
      // Prompt files read by code: the server shows their token count and the findings in their text.
      ...DOCUMENT_SCHEMES.filter((scheme) => scheme !== 'untitled').map((scheme) => (scheme ? { scheme, pattern: PROMPT_FILE_GLOB } : { pattern: PROMPT_FILE_GLOB })),
      // Python cells of Jupyter notebooks: synced through the notebook protocol, served like documents.
      { notebook: 'jupyter-notebook', language: 'python' },
    ],
    synchronize: {
      configurationSection: 'promptCost',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/prompt-cost.config.json'),
        // Defaults of environment variables that set models at run time.
        vscode.workspace.createFileSystemWatcher('**/.env.{example,sample,template}'),
        vscode.workspace.createFileSystemWatcher(SOURCE_GLOB),
        vscode.workspace.createFileSystemWatcher(PROMPT_FILE_GLOB),
      ],
    },
    // Restricted mode: the server ignores config values that point outside the workspace. On the desktop the
    // server prefilters workspace scans with VS Code's own ripgrep (falling back to rg on PATH, then to reading
    // every file).
    initializationOptions: { trusted: vscode.workspace.isTrusted, ...hostInitializationOptions(output) },
    outputChannel: output,
  };
  return createLanguageClient(context, clientOptions);
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  client = await createClient(context);
  await client.start();
  output.appendLine(`Language server ready in ${Date.now() - started} ms`);
  context.subscriptions.push(
    client.onNotification(SUMMARY_CHANGED, () => {
      void refreshStatusBar();
      refreshOpenReport();
    }),
  );
  await refreshStatusBar();
}

async function refreshStatusBar(): Promise<void> {
  if (!client || !client.isRunning()) return;
  try {
    const summary = await client.sendRequest<WorkspaceSummary>(Requests.workspaceSummary, { limit: 3 });
    statusBar.text = `$(graph) ${statusText(summary.perMonth, summary.unpriced)}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Prompt cost: ${statusText(summary.perMonth)}** (${summary.scanned ? 'whole workspace' : 'open files; scan for the whole workspace'})\n\n`);
    for (const site of summary.top) {
      tooltip.appendText(`${site.file}:${site.line + 1}  ${site.model ?? '?'}  ${site.label}\n`);
      tooltip.appendMarkdown('\n');
    }
    statusBar.tooltip = tooltip;
    statusBar.show();
  } catch (error) {
    output.appendLine(`Status bar refresh failed: ${(error as Error).message}`);
  }
}

async function requestReport(format?: string): Promise<ReportResponse | undefined> {
  if (!client) return undefined;
  try {
    // In a multi-root workspace the report is of the folder the active editor belongs to.
    const activeUri = vscode.window.activeTextEditor?.document.uri;
    const folder = (activeUri && vscode.workspace.getWorkspaceFolder(activeUri)) ?? vscode.workspace.workspaceFolders?.[0];
    const rootUri = folder ? client.code2ProtocolConverter.asUri(folder.uri) : undefined;
    return await client.sendRequest<ReportResponse>(Requests.report, { ...(format ? { format } : {}), ...(rootUri ? { rootUri } : {}) });
  } catch (error) {
    void vscode.window.showErrorMessage(`Prompt Cost: ${(error as Error).message}`);
    return undefined;
  }
}

async function scanWorkspace(): Promise<void> {
  if (!client) return;
  const result = await client.sendRequest<{ cancelled: boolean; files: number; ripgrep: string | null; summary: WorkspaceSummary }>(Requests.scanWorkspace, {});
  const prefilter = result.ripgrep ? `prefiltered by ${result.ripgrep}` : 'every file read by the server';
  output.appendLine(`Scan ${result.cancelled ? 'cancelled after' : 'finished:'} ${result.files} files (${prefilter}), ${statusText(result.summary.perMonth)}`);
  await refreshStatusBar();
}

function relativeFileOf(rootUri: string, uri: string): string {
  return uri.startsWith(rootUri + '/') ? decodeURIComponent(uri.slice(rootUri.length + 1)) : uri;
}

let reportFilter: CallSiteFilter | undefined;
let reportRootUri: vscode.Uri | undefined;
let reportRefreshTimer: ReturnType<typeof setTimeout> | undefined;

/** The open report follows the code: re-rendered (without taking focus) when the server's totals change. */
function refreshOpenReport(): void {
  if (!reportPanel) return;
  if (reportRefreshTimer) clearTimeout(reportRefreshTimer);
  reportRefreshTimer = setTimeout(() => void showReport(reportFilter, false), 500);
}

async function showReport(filter?: CallSiteFilter, reveal = true): Promise<void> {
  reportFilter = filter;
  const response = await requestReport();
  if (!response) return;
  reportRootUri = vscode.Uri.parse(response.rootUri);
  if (!reveal && !reportPanel) return;
  if (!reportPanel) {
    reportPanel = vscode.window.createWebviewPanel('promptCost.report', 'Prompt Cost Report', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [],
    });
    reportPanel.onDidDispose(() => (reportPanel = undefined));
    reportPanel.webview.onDidReceiveMessage(async (message: unknown) => {
      if (!isOpenLocationMessage(message)) return;
      const position = new vscode.Position(message.line - 1, Math.max(0, message.column - 1));
      if (!reportRootUri) return;
      if (message.cell !== undefined) {
        // A notebook call: open the notebook on its cell, then the cell's editor at the line.
        const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(reportRootUri, message.file));
        const range = new vscode.NotebookRange(message.cell - 1, message.cell);
        await vscode.window.showNotebookDocument(notebook, { selections: [range], viewColumn: vscode.ViewColumn.One });
        const cell = notebook.cellAt(message.cell - 1);
        await vscode.window.showTextDocument(cell.document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
        return;
      }
      await vscode.window.showTextDocument(vscode.Uri.joinPath(reportRootUri, message.file), {
        selection: new vscode.Range(position, position),
        viewColumn: vscode.ViewColumn.One,
      });
    });
  }
  const filterOption = filter ? { file: relativeFileOf(response.rootUri, filter.uri), line: filter.line + 1 } : undefined;
  reportPanel.webview.html = renderReportHtml(response.report, {
    cspSource: reportPanel.webview.cspSource,
    nonce: randomHex(16),
    filter: filterOption,
  });
  if (reveal) reportPanel.reveal();
}

const EXPORT_FORMATS: Record<string, { label: string; extension: string }> = {
  json: { label: 'JSON', extension: 'json' },
  text: { label: 'Text', extension: 'txt' },
  markdown: { label: 'Markdown', extension: 'md' },
  csv: { label: 'CSV', extension: 'csv' },
  sarif: { label: 'SARIF 2.1.0', extension: 'sarif' },
  html: { label: 'HTML (one self-contained file)', extension: 'html' },
};

async function exportReport(): Promise<void> {
  const available = await requestReport();
  if (!available) return;
  const formats = available.formats.filter((format) => EXPORT_FORMATS[format]);
  const picked = await vscode.window.showQuickPick(
    formats.map((format) => ({ label: EXPORT_FORMATS[format].label, format })),
    { placeHolder: 'Export the prompt cost report as' },
  );
  if (!picked) return;
  const { extension, label } = EXPORT_FORMATS[picked.format];
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(vscode.Uri.parse(available.rootUri), `prompt-cost-report.${extension}`),
    filters: { [label]: [extension] },
  });
  if (!target) return;
  const rendered = await requestReport(picked.format);
  if (rendered?.rendered === undefined) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(rendered.rendered));
  void vscode.window.showInformationMessage(`Prompt Cost: report written to ${vscode.workspace.asRelativePath(target)}`);
}

async function setCallsPerDay(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) return;
  const answer = await vscode.window.showInputBox({
    prompt: 'Calls per day for the call under the cursor',
    placeHolder: '20000',
    validateInput: (value) => (/^\s*\d[\d_,]*\s*$/.test(value) ? undefined : 'A whole number of calls per day'),
  });
  if (answer === undefined) return;
  const callsPerDay = Number(answer.replace(/[\s_,]/g, ''));
  const result = await client.sendRequest<{ edit: ProtocolWorkspaceEdit | null }>(Requests.setCallsPerDay, {
    textDocument: { uri: editor.document.uri.toString() },
    position: client.code2ProtocolConverter.asPosition(editor.selection.active),
    callsPerDay,
  });
  if (!result.edit) {
    void vscode.window.showInformationMessage('Prompt Cost: no LLM call under the cursor.');
    return;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showWarningMessage('Prompt Cost: the document changed; try again.');
}

interface AssumeModelArguments {
  uri: string;
  position: { line: number; character: number };
  model?: string;
}

interface AssumeModelResponse {
  provider: string | null;
  models: { model: string; inputPerMTok: number; outputPerMTok: number }[];
  edit: ProtocolWorkspaceEdit | null;
}

/**
 * "Assume a model for this call…": picks one of the provider's priced models (cheapest first) for the call at
 * `args` (else under the cursor) and writes `prompt-cost: model=<id>` above it. `args.model` skips the pick list.
 */
async function assumeModel(args?: AssumeModelArguments): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!client) return false;
  const uri = args?.uri ?? editor?.document.uri.toString();
  const position = args?.position ?? (editor ? client.code2ProtocolConverter.asPosition(editor.selection.active) : undefined);
  if (!uri || !position) return false;
  const ask = (model?: string) => client!.sendRequest<AssumeModelResponse>(Requests.assumeModel, { textDocument: { uri }, position, model });
  let model = args?.model;
  if (model === undefined) {
    const choices = await ask();
    if (choices.models.length === 0) {
      void vscode.window.showInformationMessage('Prompt Cost: no LLM call with a priced provider under the cursor.');
      return false;
    }
    const picked = await vscode.window.showQuickPick(
      choices.models.map((choice) => ({ label: choice.model, description: `$${choice.inputPerMTok} in · $${choice.outputPerMTok} out per million tokens` })),
      { placeHolder: `Price this call as which ${choices.provider ?? ''} model? (cheapest first)`, matchOnDescription: true },
    );
    if (!picked) return false;
    model = picked.label;
  }
  const result = await ask(model);
  if (!result.edit) {
    void vscode.window.showInformationMessage('Prompt Cost: no LLM call under the cursor.');
    return false;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) void vscode.window.showWarningMessage('Prompt Cost: the document changed; try again.');
  return applied;
}

/** What `activate` returns: tests await `serverReady` before asking for diagnostics. */
export interface PromptCostApi {
  serverReady: Promise<void>;
  /** Why the language server did not start, once `serverReady` has settled; undefined when it started. */
  serverError(): string | undefined;
  /** How long `activate` itself took, in milliseconds (the server starts after it returns). */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): PromptCostApi {
  const started = performance.now();
  output = vscode.window.createOutputChannel('Prompt Cost Lint', { log: true });
  statusBar = vscode.window.createStatusBarItem('promptCost.status', vscode.StatusBarAlignment.Right, 100);
  statusBar.name = 'Prompt Cost';
  statusBar.command = Commands.showReport;
  statusBar.text = '$(graph) $0/mo';
  context.subscriptions.push(
    output,
    statusBar,
    vscode.commands.registerCommand(Commands.scanWorkspace, scanWorkspace),
    vscode.commands.registerCommand(Commands.showReport, (filter?: CallSiteFilter) => showReport(filter)),
    vscode.commands.registerCommand(Commands.exportReport, exportReport),
    vscode.commands.registerCommand(Commands.setCallsPerDay, setCallsPerDay),
    vscode.commands.registerCommand(Commands.assumeModel, assumeModel),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      // Leaving restricted mode: restart so the server reads the whole config.
      await client?.stop();
      await startClient(context);
    }),
  );
  // The server starts in the background: activation returns without waiting for it.
  let serverError: string | undefined;
  const serverReady = startClient(context).catch((error) => {
    serverError = (error as Error).message ?? String(error);
    output.appendLine(`Language server failed to start: ${serverError}`);
  });
  context.subscriptions.push(...registerCostTool(() => client, serverReady));
  const activationMs = performance.now() - started;
  output.appendLine(`Activated in ${activationMs.toFixed(1)} ms`);
  return { serverReady, activationMs, serverError: () => serverError };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
