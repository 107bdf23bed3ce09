/**
 * What the language server needs from the place it runs in, under Node: its connection (stdio or IPC), file URIs,
 * the scan's ripgrep prefilter and the V8 tuning. The web worker's build (scripts/build.mjs) swaps this module for
 * host.browser.ts; server.ts is the same code in both.
 */
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures, type FileEvent } from 'vscode-languageserver/node';
import { RIPGREP_MIN_FILES } from '../cli/prefilter';
import { RipgrepPrefilter, type RipgrepPrefilterResult } from '../lsp/ripgrep';

/** Where the server runs: shown in logs and the scan's answer. */
export const HOST_KIND: 'node' | 'browser' = 'node';

/** Benchmarks set PROMPT_COST_TIMINGS=1 to receive each analysis's timings. */
export const REPORT_TIMINGS: boolean = process.env.PROMPT_COST_TIMINGS === '1';

/** CPU time of this process in ms (user + system), for the timings only. */
export function cpuTimeMs(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
}

export function createServerConnection() {
  // V8 doubles the young generation under allocation pressure, up to 3 x 16 MB that then stay resident for the
  // server's lifetime. Kept at its initial size, the server's peak after indexing a 2,000-file workspace is ~28 MB
  // lower, for no measurable CPU: an analysis's garbage dies young either way.
  setFlagsFromString('--semi-space-growth-factor=1');
  return createConnection(ProposedFeatures.all);
}

export type ServerConnection = ReturnType<typeof createServerConnection>;

/** The absolute path of a `file:` URI; undefined for other schemes (untitled, notebook cells). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(absolutePath: string): string {
  return pathToFileURL(absolutePath).href;
}

/** The workspace folder at `uri` (path `rootPath`) joined the session: Node reads its files from disk when asked. */
export function workspaceFolderAdded(_connection: ServerConnection, _uri: string, _rootPath: string): void {}

/** Settles when the files of every workspace folder can be read synchronously (at once under Node). */
export function workspaceFilesReady(): Promise<void> {
  return Promise.resolve();
}

/** Files changed on disk: nothing to fetch under Node (the next read sees them). */
export function refreshFiles(_changes: FileEvent[]): Promise<void> | undefined {
  return undefined;
}

/**
 * The scan's prefilter: the editor's ripgrep (the client passes its path), else rg on PATH, else none (every
 * file is read and tested). Small folders are not worth starting a process for.
 */
export function createScanPrefilter(log: (message: string) => void) {
  const ripgrep = new RipgrepPrefilter(log);
  return {
    useEditorRipgrep: (candidate: unknown) => ripgrep.useEditorRipgrep(candidate),
    filesMentioningSdk: (rootPath: string, files: readonly string[]): Promise<RipgrepPrefilterResult | undefined> =>
      files.length >= RIPGREP_MIN_FILES ? ripgrep.filesMentioningSdk(rootPath, files) : Promise.resolve(undefined),
  };
}
