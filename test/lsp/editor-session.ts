/**
 * A minimal editor for protocol tests: starts the bundled server (dist/server.js) over stdio, answers the
 * server's requests as VS Code would, keeps the open documents' text and versions, and applies workspace
 * edits the way an editor does (rejecting an edit computed for an older version).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { applyEdits, LineIndex } from '../../server/src/engine/text';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The bundle under test; PROMPT_COST_SERVER_BUNDLE points elsewhere (a copy outside the repository, as packaged). */
export const SERVER_BUNDLE = process.env.PROMPT_COST_SERVER_BUNDLE ?? path.join(REPO_ROOT, 'dist', 'server.js');

export interface SessionOptions {
  /** Workspace files, workspace-relative path -> text. */
  files: Record<string, string>;
  /** What `workspace/configuration` answers for `promptCost`. */
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** Environment of the server process, over this process's own (a variable set to undefined is removed). */
  env?: Record<string, string | undefined>;
}

interface OpenDocument {
  version: number;
  text: string;
  languageId: string;
  /** For a notebook cell: the notebook's URI (cells change through `notebookDocument/didChange`). */
  notebook?: string;
}

/** A cell of a notebook opened by `openNotebook`. */
export interface NotebookCellInput {
  kind: 'code' | 'markdown';
  text: string;
}

export class StaleEditError extends Error {}

const LANGUAGE_IDS: Record<string, string> = { '.py': 'python', '.ts': 'typescript', '.js': 'javascript', '.tsx': 'typescriptreact' };

export class EditorSession {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly progress: { token: string | number; value: { kind: string; message?: string; percentage?: number; title?: string; cancellable?: boolean } }[] = [];
  readonly documents = new Map<string, OpenDocument>();
  /** Open notebooks: URI -> version. */
  readonly notebooks = new Map<string, number>();
  readonly stderr: string[] = [];
  /** `window/logMessage` texts from the server. */
  readonly logs: string[] = [];
  summaryChangedCount = 0;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly root: string,
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    public settings: Record<string, unknown>,
  ) {}

  static async start(options: SessionOptions): Promise<EditorSession> {
    if (!existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run npm run build first`);
    const root = mkdtempSync(path.join(tmpdir(), 'prompt-cost-lsp-'));
    for (const [file, text] of Object.entries(options.files)) writeWorkspaceFile(root, file, text);
    const env = { ...process.env, ...options.env };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new EditorSession(root, child, connection, options.settings ?? {});
    child.stderr!.on('data', (chunk: Buffer) => session.stderr.push(chunk.toString()));

    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      session.published.push(params);
      session.wake();
    });
    connection.onNotification('$/progress', (params: EditorSession['progress'][number]) => {
      session.progress.push(params);
      session.wake();
    });
    connection.onNotification('promptCost/summaryChanged', () => {
      session.summaryChangedCount++;
      session.wake();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      session.logs.push(params.message);
    });
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === 'promptCost' ? session.settings : null)),
    );
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/inlayHint/refresh', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.listen();

    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'workspace' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: false }, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
          inlayHint: {},
          codeLens: {},
        },
      },
      initializationOptions: options.initializationOptions ?? {},
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  uri(file: string): string {
    return pathToFileURL(path.join(this.root, ...file.split('/'))).href;
  }

  writeFile(file: string, text: string): void {
    writeWorkspaceFile(this.root, file, text);
  }

  /** Opens a workspace file with the given text (default: as on disk written by the session). */
  async open(file: string, text: string): Promise<string> {
    const uri = this.uri(file);
    const languageId = LANGUAGE_IDS[path.extname(file)] ?? 'plaintext';
    this.documents.set(uri, { version: 1, text, languageId });
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /**
   * Opens a notebook as VS Code's notebook sync does (`notebookDocument/didOpen`, every cell synced); returns the
   * cells' URIs in order (`vscode-notebook-cell:` URIs with the notebook's path, as VS Code makes them).
   */
  async openNotebook(file: string, cells: readonly NotebookCellInput[]): Promise<string[]> {
    const uri = this.uri(file);
    const cellUris = cells.map((_, index) => `${uri.replace(/^file:/, 'vscode-notebook-cell:')}#W${index}sZmlsZQ%3D%3D`);
    cells.forEach((cell, index) =>
      this.documents.set(cellUris[index], { version: 1, text: cell.text, languageId: cell.kind === 'code' ? 'python' : 'markdown', notebook: uri }),
    );
    this.notebooks.set(uri, 1);
    await this.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: {
        uri,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: cells.map((cell, index) => ({ kind: cell.kind === 'code' ? 2 : 1, document: cellUris[index] })),
      },
      cellTextDocuments: cellUris.map((cellUri) => {
        const document = this.documents.get(cellUri)!;
        return { uri: cellUri, languageId: document.languageId, version: 1, text: document.text };
      }),
    });
    return cellUris;
  }

  async closeNotebook(file: string, cellUris: readonly string[]): Promise<void> {
    const uri = this.uri(file);
    this.notebooks.delete(uri);
    for (const cellUri of cellUris) this.documents.delete(cellUri);
    await this.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri }, cellTextDocuments: cellUris.map((cellUri) => ({ uri: cellUri })) });
  }

  /** Replaces the whole text (unsaved); returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    document.version++;
    document.text = text;
    if (document.notebook !== undefined) {
      const version = this.notebooks.get(document.notebook)! + 1;
      this.notebooks.set(document.notebook, version);
      await this.connection.sendNotification('notebookDocument/didChange', {
        notebookDocument: { uri: document.notebook, version },
        change: { cells: { textContent: [{ document: { uri, version: document.version }, changes: [{ text }] }] } },
      });
      return document.version;
    }
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: document.version },
      contentChanges: [{ text }],
    });
    return document.version;
  }

  text(uri: string): string {
    return this.documents.get(uri)!.text;
  }

  version(uri: string): number {
    return this.documents.get(uri)!.version;
  }

  /** A mark in the diagnostics log: `diagnosticsAfter(mark, …)` only sees publications after it. */
  mark(): number {
    return this.published.length;
  }

  /** The first publication for `uri` after `mark` (and for `version`, when given). */
  async diagnosticsAfter(mark: number, uri: string, version?: number): Promise<Diagnostic[]> {
    const found = await this.until(() =>
      this.published.slice(mark).find((p) => p.uri === uri && (version === undefined || p.version === version)),
    );
    return found.diagnostics;
  }

  /** Diagnostics published for the document's current version. */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    return this.diagnosticsAfter(0, uri, this.version(uri));
  }

  /** Resolves when `check` returns something other than undefined; re-checked on every message from the server. */
  async until<T>(check: () => T | undefined): Promise<T> {
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (this.child.exitCode !== null) throw new Error(`the server exited: ${this.stderr.join('')}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  async hoverMarkdown(uri: string, line: number, character: number): Promise<string | null> {
    const hover = (await this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as Hover | null;
    return hover ? (hover.contents as MarkupContent).value : null;
  }

  async codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return (await this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: only ? { diagnostics, only } : { diagnostics },
    })) as CodeAction[];
  }

  /**
   * Applies a workspace edit to the open documents as an editor does: an edit for a version other than the
   * document's current one is rejected whole. Returns the new texts; sends nothing.
   */
  applyEdit(edit: WorkspaceEdit): Map<string, string> {
    const results = new Map<string, string>();
    for (const change of (edit.documentChanges ?? []) as TextDocumentEdit[]) {
      const document = this.documents.get(change.textDocument.uri);
      if (!document) throw new Error(`edit for a document that is not open: ${change.textDocument.uri}`);
      if (change.textDocument.version !== null && change.textDocument.version !== document.version) {
        throw new StaleEditError(`edit for version ${change.textDocument.version}, document is at ${document.version}`);
      }
      const lines = new LineIndex(document.text);
      const edits = change.edits.map((e) => ({
        file: '',
        start: lines.offset(e.range.start.line, e.range.start.character),
        end: lines.offset(e.range.end.line, e.range.end.character),
        newText: 'newText' in e ? e.newText : '',
      }));
      results.set(change.textDocument.uri, applyEdits(document.text, edits));
    }
    return results;
  }

  /** Applies the edit and sends the new texts as unsaved changes; returns the new versions by URI. */
  async applyAndSend(edit: WorkspaceEdit): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    for (const [uri, text] of this.applyEdit(edit)) versions.set(uri, await this.change(uri, text));
    return versions;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
    rmSync(this.root, { recursive: true, force: true });
  }
}

function writeWorkspaceFile(root: string, file: string, text: string): void {
  const full = path.join(root, ...file.split('/'));
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

export function codesOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}
