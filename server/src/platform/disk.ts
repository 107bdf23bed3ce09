/**
 * The workspace's files as the language server reads them under Node: from disk. The web worker's build swaps
 * this module for disk.browser.ts, whose files come from the editor (`workspace.fs`) through the client.
 */
import { promises as fs, readFileSync, realpathSync } from 'node:fs';
import { listFiles } from '../cli/files';

/** The file's text, or undefined when it cannot be read. */
export async function readText(absolutePath: string): Promise<string | undefined> {
  try {
    return await fs.readFile(absolutePath, 'utf8');
  } catch {
    return undefined;
  }
}

/** The file's text; throws when it cannot be read. */
export function readTextSync(absolutePath: string): string {
  return readFileSync(absolutePath, 'utf8');
}

/** The path with symlinks resolved; throws when it does not exist. */
export function realPathOf(absolutePath: string): string {
  return realpathSync(absolutePath);
}

/** The files a workspace scan considers under `rootPath`, root-relative (.gitignore and dependency folders skipped). */
export async function listWorkspaceFiles(rootPath: string): Promise<string[]> {
  return (await listFiles(rootPath, [rootPath])).files;
}
