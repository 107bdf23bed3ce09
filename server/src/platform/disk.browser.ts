/**
 * The workspace's files in the web worker: texts the client read through `workspace.fs` (host.browser.ts fills
 * this store), by absolute path (the URI's path). The engine reads synchronously, so reads come from the store.
 */
import { READ_FILES_REQUEST } from './web-protocol';

/** Absolute path -> text, for every file of every workspace folder the client listed and could read. */
export const workspaceFiles = new Map<string, string>();
/** Absolute paths of the workspace folders. */
export const workspaceFolderPaths = new Set<string>();

/** Answers requests for single files that are not in the store (config and env files, freshly changed ones). */
let readThroughClient: ((absolutePath: string) => Promise<string | undefined>) | undefined;

export function setClientReader(reader: (absolutePath: string) => Promise<string | undefined>): void {
  readThroughClient = reader;
}

export async function readText(absolutePath: string): Promise<string | undefined> {
  return readThroughClient ? readThroughClient(absolutePath) : workspaceFiles.get(absolutePath);
}

export function readTextSync(absolutePath: string): string {
  const text = workspaceFiles.get(absolutePath);
  if (text === undefined) throw new Error(`${absolutePath}: not read from the workspace (${READ_FILES_REQUEST})`);
  return text;
}

/** There are no symlinks to resolve in the editor's file system view: a known file or folder is its own real path. */
export function realPathOf(absolutePath: string): string {
  if (workspaceFiles.has(absolutePath) || workspaceFolderPaths.has(absolutePath)) return absolutePath;
  throw new Error(`${absolutePath}: no such file in the workspace`);
}

export async function listWorkspaceFiles(rootPath: string): Promise<string[]> {
  const prefix = rootPath.endsWith('/') ? rootPath : rootPath + '/';
  const files: string[] = [];
  for (const file of workspaceFiles.keys()) if (file.startsWith(prefix)) files.push(file.slice(prefix.length));
  return files.sort();
}
