/**
 * The language server's host in a browser's web worker (vscode.dev, github.dev, VS Code in a browser): the
 * connection is the worker's message port, documents have URIs of any scheme (`vscode-vfs:`, `vscode-remote:`…)
 * whose path serves as the file path, and the workspace's files are listed and read by the client through
 * `vscode.workspace` (web-protocol.ts). No ripgrep, no child processes, no file system.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures, FileChangeType, type FileEvent } from 'vscode-languageserver/browser';
import type * as NodeHost from './host';
import { setClientReader, workspaceFiles, workspaceFolderPaths } from './disk.browser';
import {
  READ_BATCH,
  READ_FILES_REQUEST,
  WORKSPACE_FILES_REQUEST,
  type ReadFilesParams,
  type WorkspaceFilesParams,
  type WorkspaceFilesResult,
} from './web-protocol';

// A worker has no setImmediate; the server yields to pending messages with it between files of a scan.
const scope = globalThis as unknown as { setImmediate?: (callback: (...args: unknown[]) => void, ...args: unknown[]) => unknown };
scope.setImmediate ??= (callback, ...args) => setTimeout(callback, 0, ...args);

export const HOST_KIND: typeof NodeHost.HOST_KIND = 'browser';

// A worker has no process: no benchmark timings there.
export const REPORT_TIMINGS: typeof NodeHost.REPORT_TIMINGS = false;
export const cpuTimeMs: typeof NodeHost.cpuTimeMs = () => 0;

export const createServerConnection: typeof NodeHost.createServerConnection = () => {
  const port = globalThis as never;
  return createConnection(ProposedFeatures.all, new BrowserMessageReader(port), new BrowserMessageWriter(port)) as unknown as NodeHost.ServerConnection;
};

/** `scheme://authority` and path of a hierarchical URI; notebook cells and untitled documents are not files. */
function splitUri(uri: string): { prefix: string; path: string } | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(uri);
  if (!match || match[1].toLowerCase() === 'vscode-notebook-cell') return undefined;
  try {
    return { prefix: `${match[1]}://${match[2]}`, path: decodeURIComponent(match[3]) || '/' };
  } catch {
    return undefined;
  }
}

/** Workspace folders by path, with the `scheme://authority` their files' URIs start with. */
const folders: { prefix: string; path: string }[] = [];

export const uriToPath: typeof NodeHost.uriToPath = (uri) => splitUri(uri)?.path;

export const pathToUri: typeof NodeHost.pathToUri = (absolutePath) => {
  const folder =
    folders.filter((candidate) => absolutePath === candidate.path || absolutePath.startsWith(candidate.path + '/')).sort((a, b) => b.path.length - a.path.length)[0] ??
    folders[0];
  const encoded = absolutePath.split('/').map(encodeURIComponent).join('/');
  return `${folder?.prefix ?? 'file://'}${encoded}`;
};

let connection: NodeHost.ServerConnection | undefined;
/** Folders whose files are not asked for yet: the client answers requests only once it is initialised. */
const pendingFolders: { uri: string; rootPath: string }[] = [];
const loads: Promise<void>[] = [];

async function readThroughClient(uris: string[]): Promise<(string | null)[]> {
  if (!connection || uris.length === 0) return uris.map(() => null);
  const texts = await connection.sendRequest<(string | null)[]>(READ_FILES_REQUEST, { uris } satisfies ReadFilesParams);
  return Array.isArray(texts) ? texts : uris.map(() => null);
}

/** Lists the folder's files through the client and reads them into the store, a batch per request. */
async function loadFolder(uri: string, rootPath: string): Promise<void> {
  if (!connection) return;
  const listed = await connection.sendRequest<WorkspaceFilesResult>(WORKSPACE_FILES_REQUEST, { folderUri: uri } satisfies WorkspaceFilesParams);
  const uris = (listed?.uris ?? []).filter((fileUri) => uriToPath(fileUri)?.startsWith(rootPath + '/'));
  if (listed?.truncated) connection.console.warn(`prompt-cost: ${uri} has more files than the browser reads; only ${uris.length} are analysed`);
  for (let start = 0; start < uris.length; start += READ_BATCH) {
    const batch = uris.slice(start, start + READ_BATCH);
    const texts = await readThroughClient(batch);
    batch.forEach((fileUri, index) => {
      const text = texts[index];
      if (typeof text === 'string') workspaceFiles.set(uriToPath(fileUri)!, text);
    });
  }
}

export const workspaceFolderAdded: typeof NodeHost.workspaceFolderAdded = (serverConnection, uri, rootPath) => {
  connection = serverConnection;
  setClientReader(async (absolutePath) => (await readThroughClient([pathToUri(absolutePath)]))[0] ?? undefined);
  const parts = splitUri(uri);
  if (!parts) return;
  folders.push({ prefix: parts.prefix, path: rootPath });
  workspaceFolderPaths.add(rootPath);
  pendingFolders.push({ uri, rootPath });
};

/** Called by every analysis and scan, all of which come after the client's `initialized`: starts pending folder loads. */
export const workspaceFilesReady: typeof NodeHost.workspaceFilesReady = async () => {
  for (const { uri, rootPath } of pendingFolders.splice(0)) {
    loads.push(
      loadFolder(uri, rootPath).catch((error) => {
        connection?.console.error(`prompt-cost: reading the files of ${uri} through the editor failed: ${(error as Error).message}`);
      }),
    );
  }
  await Promise.all(loads);
};

/** Files changed in the editor's file system: the store gets their new text (or loses them) before anyone reads. */
export const refreshFiles: typeof NodeHost.refreshFiles = async (changes: FileEvent[]) => {
  const changed: string[] = [];
  for (const change of changes) {
    const path = uriToPath(change.uri);
    if (path === undefined) continue;
    if (change.type === FileChangeType.Deleted) workspaceFiles.delete(path);
    else changed.push(change.uri);
  }
  const texts = await readThroughClient(changed);
  changed.forEach((uri, index) => {
    const text = texts[index];
    const path = uriToPath(uri)!;
    if (typeof text === 'string') workspaceFiles.set(path, text);
    else workspaceFiles.delete(path);
  });
};

/** No ripgrep in a browser: the scan tests the texts it already has. */
export const createScanPrefilter: typeof NodeHost.createScanPrefilter = () => ({
  useEditorRipgrep: () => undefined,
  filesMentioningSdk: async () => undefined,
});
