/**
 * A browser's web worker for protocol tests: runs the web build of the language server (dist/web/server.js) in a
 * fresh V8 context that has only what a worker has (postMessage, onmessage, timers, TextEncoder, WebAssembly; no
 * `require`, `process`, `Buffer` or file system), and plays the editor: it speaks LSP through the worker's
 * messages and answers the server's requests for the workspace's files from an in-memory folder, as the web
 * client answers them through `vscode.workspace`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { READ_FILES_REQUEST, WORKSPACE_FILES_REQUEST } from '../../server/src/platform/web-protocol';

export const WEB_SERVER_BUNDLE = path.resolve(__dirname, '../../..', 'dist', 'web', 'server.js');
/** A workspace folder in a scheme the Node server does not know: only the client can read it. */
export const FOLDER_URI = 'vscode-test-web://mount/workspace';

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface PublishedDiagnostics {
  uri: string;
  diagnostics: { code?: string | number; source?: string; message: string; range: { start: { line: number; character: number } } }[];
}

export class WorkerSession {
  readonly published: PublishedDiagnostics[] = [];
  /** Every URI the server asked the client to read. */
  readonly readRequests: string[] = [];
  readonly logs: string[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private waiters: (() => void)[] = [];
  /** Like VS Code's client, this one answers the server's requests only after it sent `initialized`. */
  private initialized = false;
  readonly refusedBeforeInitialized: string[] = [];
  private readonly worker: { onmessage?: (event: { data: unknown }) => void };

  /** `files`: folder-relative path -> text. */
  constructor(readonly files: Record<string, string>) {
    const timers = { setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask };
    const scope: Record<string, unknown> = {
      ...timers,
      console,
      TextEncoder,
      TextDecoder,
      URL,
      performance,
      crypto: globalThis.crypto,
      location: { href: 'https://extension.example/dist/web/server.js' },
      // Emscripten tells a worker by this global.
      WorkerGlobalScope: function WorkerGlobalScope() {},
      addEventListener: () => undefined,
      postMessage: (message: unknown) => this.receive(JSON.parse(JSON.stringify(message)) as Message),
    };
    scope.self = scope;
    const context = vm.createContext(scope);
    // The bundle's `globalThis` is the context's global: the worker's `self`.
    vm.runInContext(readFileSync(WEB_SERVER_BUNDLE, 'utf8'), context, { filename: WEB_SERVER_BUNDLE });
    this.worker = context as unknown as { onmessage?: (event: { data: unknown }) => void };
  }

  uriOf(file: string): string {
    return `${FOLDER_URI}/${file}`;
  }

  private post(message: Message): void {
    const deliver = this.worker.onmessage;
    if (!deliver) throw new Error('the worker did not listen for messages');
    deliver({ data: JSON.parse(JSON.stringify(message)) });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.post({ jsonrpc: '2.0', method, params });
  }

  private answer(message: Message): unknown {
    switch (message.method) {
      case 'workspace/configuration':
        return ((message.params as { items: unknown[] }).items ?? []).map(() => null);
      case WORKSPACE_FILES_REQUEST: {
        const { folderUri } = message.params as { folderUri: string };
        const uris = folderUri === FOLDER_URI ? Object.keys(this.files).map((file) => this.uriOf(file)) : [];
        return { uris, truncated: false };
      }
      case READ_FILES_REQUEST: {
        const { uris } = message.params as { uris: string[] };
        this.readRequests.push(...uris);
        return uris.map((uri) => (uri.startsWith(FOLDER_URI + '/') ? this.files[uri.slice(FOLDER_URI.length + 1)] ?? null : null));
      }
      default:
        return null;
    }
  }

  private receive(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      const waiting = this.pending.get(message.id as number);
      this.pending.delete(message.id as number);
      if (message.error) waiting?.reject(new Error(message.error.message));
      else waiting?.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      if (!this.initialized) {
        this.refusedBeforeInitialized.push(message.method!);
        const error = { code: -32601, message: `Unhandled method ${message.method}` };
        setTimeout(() => this.post({ jsonrpc: '2.0', id: message.id, error } as Message), 0);
        return;
      }
      const result = this.answer(message);
      setTimeout(() => this.post({ jsonrpc: '2.0', id: message.id, result }), 0);
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') this.published.push(message.params as PublishedDiagnostics);
    if (message.method === 'window/logMessage') this.logs.push((message.params as { message: string }).message);
    for (const wake of this.waiters.splice(0)) wake();
  }

  async initialize(): Promise<void> {
    await this.request('initialize', {
      processId: null,
      rootUri: FOLDER_URI,
      workspaceFolders: [{ uri: FOLDER_URI, name: 'workspace' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
      initializationOptions: { trusted: true },
    });
    this.initialized = true;
    this.notify('initialized', {});
  }

  open(file: string, languageId: string): string {
    const uri = this.uriOf(file);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: this.files[file] } });
    return uri;
  }

  /** The first diagnostics published for `uri` that satisfy `accept`; fails after `timeoutMs`. */
  async diagnosticsFor(uri: string, accept: (published: PublishedDiagnostics) => boolean = () => true, timeoutMs = 30_000): Promise<PublishedDiagnostics> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.published.find((published) => published.uri === uri && accept(published));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} in ${timeoutMs} ms; logs: ${this.logs.join(' | ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  async shutdown(): Promise<void> {
    await this.request('shutdown', null);
    this.notify('exit', null);
  }
}
