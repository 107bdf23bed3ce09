/**
 * The web extension's checks inside a real VS Code in a browser: the runner (test/e2e/run.mjs) opens the
 * workbench with `extensionDevelopmentKind=web`, so the extension runs in the browser's web-worker extension host
 * from its `browser` entry, and its language server in a web worker of its own. VS Code loads this module there
 * (bundled by the runner: a web extension host requires nothing but `vscode`) and calls run().
 *
 * `npm test` loads every .js under out/test/: `vscode` is required inside run() only.
 */
import type * as vscodeTypes from 'vscode';

type Vscode = typeof vscodeTypes;

const EXTENSION_ID = 'prompt-cost-lint.prompt-cost-lint';
const EXAMPLE_APP = 'python-support-bot';
const HANDLERS_FILE = 'support_bot/handlers.py';
const UNCAPPED_CALL = 'openai_client.chat.completions.create(';
const UNCAPPED_RULE = 'missing-max-tokens';
const WAIT_MS = 60_000;
const LOG_MARKER = '[prompt-cost-e2e]';

function log(line: string): void {
  console.log(`${LOG_MARKER} web: ${line}`);
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

const tally = { passed: 0, failed: 0 };

async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await body();
    tally.passed++;
    log(`ok ${name} (${Date.now() - started} ms)`);
    return result;
  } catch (error) {
    tally.failed++;
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function ruleOf(diagnostic: vscodeTypes.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export async function run(): Promise<void> {
  const vscode = require('vscode') as Vscode;
  try {
    await runChecks(vscode);
  } catch (error) {
    log(`FAILED ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  } finally {
    // Unprefixed: the runner reads the tally from this line.
    console.log(`${LOG_MARKER} RESULT ${tally.passed} passed, ${tally.failed} failed`);
  }
}

async function runChecks(vscode: Vscode): Promise<void> {
  await step('this suite runs in the web-worker extension host (no Node)', async () => {
    const global = globalThis as { process?: unknown; navigator?: unknown; importScripts?: unknown };
    if (global.process !== undefined || typeof global.importScripts !== 'function') {
      throw new Error(`not a web worker: process ${typeof global.process}, importScripts ${typeof global.importScripts}`);
    }
    log(`VS Code ${vscode.version}, uiKind ${vscode.env.uiKind === vscode.UIKind.Web ? 'Web' : 'Desktop'}`);
  });

  await step(`extension ${EXTENSION_ID} activates from its browser entry and its web-worker server starts`, async () => {
    const extension = vscode.extensions.getExtension<{ serverReady?: Promise<void>; serverError?: () => string | undefined }>(EXTENSION_ID);
    if (!extension) throw new Error('not found');
    const api = await extension.activate();
    await api?.serverReady;
    const serverError = api?.serverError?.();
    if (serverError) throw new Error(`the language server did not start: ${serverError}`);
    if (extension.packageJSON.browser !== './dist/web/extension.js') throw new Error(`browser entry ${extension.packageJSON.browser}`);
  });

  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === EXAMPLE_APP);
  if (!folder) throw new Error(`workspace folder ${EXAMPLE_APP} is not open`);
  const handlers = vscode.Uri.joinPath(folder.uri, HANDLERS_FILE);
  const document = await vscode.workspace.openTextDocument(handlers);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  const callOffset = document.getText().indexOf(UNCAPPED_CALL);
  if (callOffset === -1) throw new Error(`${HANDLERS_FILE} no longer contains "${UNCAPPED_CALL}"`);
  const callPosition = document.positionAt(callOffset + UNCAPPED_CALL.indexOf('create') + 1);

  await step(`a ${UNCAPPED_RULE} diagnostic appears on the uncapped call in ${HANDLERS_FILE} (${handlers.scheme}: URI)`, async () => {
    const diagnostic = await waitFor(`${UNCAPPED_RULE} on line ${callPosition.line + 1}`, () =>
      vscode.languages
        .getDiagnostics(handlers)
        .find((d) => d.source === 'prompt-cost' && ruleOf(d) === UNCAPPED_RULE && d.range.start.line <= callPosition.line && d.range.end.line >= callPosition.line),
    );
    if (!diagnostic.message.includes('$')) {
      const hovers = await vscode.commands.executeCommand<vscodeTypes.Hover[]>('vscode.executeHoverProvider', handlers, callPosition);
      const text = hovers.map((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)).join('\n')).join('\n');
      throw new Error(`message has no dollar figure: "${diagnostic.message}"; hover ${JSON.stringify(text.slice(0, 600))}`);
    }
    log(`  ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
  });

  await step('hover on the call shows the cost per month', async () => {
    const hovers = await vscode.commands.executeCommand<vscodeTypes.Hover[]>('vscode.executeHoverProvider', handlers, callPosition);
    const text = hovers.map((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)).join('\n')).join('\n');
    if (!text.includes('$') || !text.includes('/mo')) throw new Error(`hover lacks "$" or "/mo": ${JSON.stringify(text.slice(0, 300))}`);
  });

  await step('Scan Workspace reads the folders through the editor and completes', async () => {
    await vscode.commands.executeCommand('promptCost.scanWorkspace');
  });
}
