/**
 * How the web extension (vscode.dev, github.dev, VS Code in a browser) starts its language server: the same
 * server, built for a web worker (dist/web/server.js). A worker has no disk, so the client answers its requests
 * for the workspace's files through `vscode.workspace` (findFiles, fs.readFile).
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import type * as NodeStart from './server-start';
import { SKIPPED_DIRECTORIES } from '../../server/src/engine/skipped-directories';
import {
  MAX_WEB_FILE_BYTES,
  MAX_WEB_FILES,
  READ_FILES_REQUEST,
  WORKSPACE_FILES_REQUEST,
  type ReadFilesParams,
  type WorkspaceFilesParams,
  type WorkspaceFilesResult,
} from '../../server/src/platform/web-protocol';

/** The browser's Worker (the project compiles without the DOM library). */
type BrowserWorker = Exclude<ConstructorParameters<typeof LanguageClient>[2], (...args: never[]) => unknown>;
declare const Worker: new (scriptUrl: string) => BrowserWorker;

/** Any scheme: workspaces in a browser are `vscode-vfs:`, `vscode-remote:`, `vscode-test-web:`… */
export const DOCUMENT_SCHEMES: typeof NodeStart.DOCUMENT_SCHEMES = [undefined];

/** Source files and prompt files (read by code from literal paths) an analysis may read. */
const WEB_FILE_GLOBS = ['**/*.{py,pyi,ts,tsx,mts,cts,js,jsx,mjs,cjs,prompty}', '**/*.{md,txt,jinja,jinja2,j2,tmpl,yaml,yml}'];
const EXCLUDE = `**/{${[...SKIPPED_DIRECTORIES].join(',')}}/**`;

export const hostInitializationOptions: typeof NodeStart.hostInitializationOptions = (output) => {
  output.appendLine('Running in a browser: the language server is a web worker and reads files through the editor (no ripgrep prefilter)');
  return {};
};

async function workspaceFiles(params: WorkspaceFilesParams): Promise<WorkspaceFilesResult> {
  const folderUri = vscode.Uri.parse(params.folderUri);
  const folder = vscode.workspace.getWorkspaceFolder(folderUri) ?? folderUri;
  const found = new Map<string, vscode.Uri>();
  for (const glob of WEB_FILE_GLOBS) {
    for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), EXCLUDE, MAX_WEB_FILES + 1)) found.set(uri.toString(), uri);
  }
  const uris = [...found.keys()].sort();
  return { uris: uris.slice(0, MAX_WEB_FILES), truncated: uris.length > MAX_WEB_FILES };
}

async function readFiles(params: ReadFilesParams): Promise<(string | null)[]> {
  const decoder = new TextDecoder('utf-8');
  return Promise.all(
    (params.uris ?? []).map(async (uriText) => {
      try {
        const uri = vscode.Uri.parse(uriText);
        if ((await vscode.workspace.fs.stat(uri)).size > MAX_WEB_FILE_BYTES) return null;
        return decoder.decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        return null;
      }
    }),
  );
}

/**
 * The worker's script URL. vscode.dev serves extensions over https, which a Worker loads as is. An extension
 * installed on a remote (a VS Code server, code-server, Codespaces) has a `vscode-remote:` location, from which
 * the web extension host does not create workers: its bytes are read through the editor and run from a blob URL.
 */
async function workerUrl(serverMain: vscode.Uri): Promise<string> {
  if (serverMain.scheme === 'http' || serverMain.scheme === 'https') return serverMain.toString(true);
  const bytes = await vscode.workspace.fs.readFile(serverMain);
  return URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));
}

export const createLanguageClient: typeof NodeStart.createLanguageClient = async (context: vscode.ExtensionContext, clientOptions: LanguageClientOptions) => {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js');
  const worker = new Worker(await workerUrl(serverMain));
  const client = new LanguageClient('promptCost', 'Prompt Cost Lint', worker, clientOptions);
  // Registered before start: the server asks for the files as soon as it is initialised.
  client.onRequest(WORKSPACE_FILES_REQUEST, workspaceFiles);
  client.onRequest(READ_FILES_REQUEST, readFiles);
  return client as unknown as Awaited<ReturnType<typeof NodeStart.createLanguageClient>>;
};
