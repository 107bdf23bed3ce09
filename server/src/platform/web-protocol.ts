/**
 * Requests the web worker's language server sends to the extension for the workspace's files: a worker has no
 * disk, so the client lists and reads them through `vscode.workspace` (findFiles, fs.readFile).
 */

/** `{ folderUri }` -> `{ uris }`: the files under a workspace folder that analyses may read (sources, prompts, config). */
export const WORKSPACE_FILES_REQUEST = 'promptCost/workspaceFiles';
/** `{ uris }` -> one text per URI, null where a file cannot be read or is larger than MAX_WEB_FILE_BYTES. */
export const READ_FILES_REQUEST = 'promptCost/readFiles';

export interface WorkspaceFilesParams {
  folderUri: string;
}
export interface WorkspaceFilesResult {
  uris: string[];
  /** True when the folder has more files than MAX_WEB_FILES and only that many are listed. */
  truncated: boolean;
}
export interface ReadFilesParams {
  uris: string[];
}

/** At most this many files of a folder are read in the browser. */
export const MAX_WEB_FILES = 5_000;
/** Larger files are not read in the browser (minified bundles, data). */
export const MAX_WEB_FILE_BYTES = 1_000_000;
/** Files read per request. */
export const READ_BATCH = 100;
