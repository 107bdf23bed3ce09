/**
 * How the extension starts its language server on the desktop (and in a VS Code server): a Node process over
 * IPC, with VS Code's own ripgrep for workspace scans. The web build swaps this module for server-start.browser.ts.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { bundledRipgrepPath } from './bundled-ripgrep';

/** Documents the server analyses: files on disk and unsaved (untitled) ones. */
export const DOCUMENT_SCHEMES: readonly (string | undefined)[] = ['file', 'untitled'];

/** What only this host's server needs at start: the ripgrep that prefilters workspace scans. */
export function hostInitializationOptions(output: vscode.LogOutputChannel): Record<string, unknown> {
  const found = bundledRipgrepPath(vscode.env.appRoot);
  output.appendLine(found ? `Workspace scans prefilter with ${found}` : `No ripgrep under ${vscode.env.appRoot}: workspace scans use rg on PATH, or read every file`);
  return { ripgrepPath: found };
}

export async function createLanguageClient(context: vscode.ExtensionContext, clientOptions: LanguageClientOptions): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  return new LanguageClient('promptCost', 'Prompt Cost Lint', serverOptions, clientOptions);
}
