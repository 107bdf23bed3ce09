/**
 * The extension's tests inside a real VS Code (see test/e2e/README.md). VS Code loads this module in its
 * extension host and calls run(); a rejection is a failed run.
 *
 * `npm test` (node --test out/test/) also loads every .js under out/test/, so this module must load without
 * VS Code: `vscode` is required inside run(), never at the top.
 */
import type * as vscodeTypes from 'vscode';
import { checkCostTool, checkInstalledPackage, checkWalkthrough } from './release-checks';

type Vscode = typeof vscodeTypes;

const EXTENSION_ID = 'prompt-cost-lint.prompt-cost-lint';
const DIAGNOSTIC_SOURCE = 'prompt-cost';
const EXAMPLE_APP = 'python-support-bot';
const HANDLERS_FILE = 'support_bot/handlers.py';
/** A call in handlers.py with no output cap: missing-max-tokens, with a quick fix that inserts one. */
const UNCAPPED_CALL = 'openai_client.chat.completions.create(';
const UNCAPPED_RULE = 'missing-max-tokens';
/** The call whose hover is photographed. */
const SCREENSHOT_CALL = 'claude.messages.create(';
const PROMPTY_FILE = 'prompts/ticket_triage.prompty';
const COMMANDS = ['promptCost.scanWorkspace', 'promptCost.showReport', 'promptCost.exportReport', 'promptCost.setCallsPerDay', 'promptCost.assumeModel'];
const REPORT_VIEW_TYPE = 'promptCost.report';
/** A notebook whose fifth cell calls the OpenAI SDK with no output cap (test/fixtures/notebooks/). */
const NOTEBOOK_FOLDER = 'notebooks';
const NOTEBOOK_FILE = 'triage.ipynb';
const NOTEBOOK_CALL_CELL = 4;
/** A call whose model comes from `os.environ["SUPPORT_MODEL"]` (test/fixtures/runtime-models/). */
const RUNTIME_FOLDER = 'runtime-models';
const RUNTIME_FILE = 'summarize.py';
const RUNTIME_CALL = 'client.chat.completions.create(';
const RUNTIME_VARIABLE = 'SUPPORT_MODEL';
const ASSUME_MODEL_TITLE = 'Assume a model for this call…';
const ASSUMED_MODEL = 'gpt-4o-mini';
/** The machine may be busy (CI, parallel builds): generous, but every wait ends. */
const WAIT_MS = 60_000;

// The runner (test/e2e/vscode-server.mjs) prints the lines carrying this marker and reacts to SCREENSHOT.
const LOG_MARKER = '[prompt-cost-e2e]';
const SCREENSHOT_SIGNAL_ENV = 'PROMPT_COST_E2E_SCREENSHOT_DIR';

function log(line: string): void {
  console.log(`${LOG_MARKER} ${line}`);
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Polls until `probe` returns a value other than undefined; fails with `what` after WAIT_MS. */
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
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${name}: ${message}`);
  }
}

/** Asks the runner for a screenshot and waits until it is taken; without a runner (test-electron) it returns. */
async function screenshot(name: string): Promise<void> {
  const signalDir = process.env[SCREENSHOT_SIGNAL_ENV];
  if (!signalDir) return;
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  log(`SCREENSHOT ${name}`);
  await waitFor(`the runner's screenshot "${name}"`, () => (existsSync(join(signalDir, `${name}.done`)) ? true : undefined));
}

function ruleOf(diagnostic: vscodeTypes.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

function costDiagnostics(vscode: Vscode, uri: vscodeTypes.Uri): vscodeTypes.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
}

function describeDiagnostics(diagnostics: readonly vscodeTypes.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${ruleOf(d)} "${d.message}"`).join('; ');
}

function hoverText(hover: vscodeTypes.Hover): string {
  return hover.contents.map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
}

function inlayLabel(hint: vscodeTypes.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

/** The diagnostic of `rule` whose range touches `line`. */
function diagnosticAt(diagnostics: readonly vscodeTypes.Diagnostic[], rule: string, line: number): vscodeTypes.Diagnostic | undefined {
  return diagnostics.find((d) => ruleOf(d) === rule && d.range.start.line <= line && d.range.end.line >= line);
}

export async function run(): Promise<void> {
  const vscode = require('vscode') as Vscode;
  try {
    await runChecks(vscode);
  } catch (error) {
    // The extension host's own report of a rejection is not shown by the runner; this line is.
    log(`FAILED ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  } finally {
    // Steps run in order and stop at the first failure.
    log(`RESULT ${tally.passed} passed, ${tally.failed} failed`);
  }
}

async function runChecks(vscode: Vscode): Promise<void> {
  log(`VS Code ${vscode.version}`);

  await step(`extension ${EXTENSION_ID} activates and its server starts`, async () => {
    const extension = vscode.extensions.getExtension<{ serverReady?: Promise<void>; activationMs?: number }>(EXTENSION_ID);
    if (!extension) {
      const underDevelopment = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
      throw new Error(`not found; extensions other than built-ins: ${underDevelopment.join(', ') || '(none)'}`);
    }
    const api = await extension.activate();
    if (!extension.isActive) throw new Error('activate() returned but the extension is not active');
    if (typeof api?.activationMs === 'number') log(`activate() took ${api.activationMs.toFixed(1)} ms`);
    await api?.serverReady;
  });
  await checkInstalledPackage(vscode, EXTENSION_ID, { step, log, screenshot });

  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === EXAMPLE_APP);
  if (!folder) {
    const names = (vscode.workspace.workspaceFolders ?? []).map((candidate) => candidate.name);
    throw new Error(`workspace folder ${EXAMPLE_APP} is not open; folders: ${names.join(', ') || '(none)'}`);
  }
  const handlers = vscode.Uri.joinPath(folder.uri, HANDLERS_FILE);
  const document = await vscode.workspace.openTextDocument(handlers);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  const callOffset = document.getText().indexOf(UNCAPPED_CALL);
  if (callOffset === -1) throw new Error(`${HANDLERS_FILE} no longer contains "${UNCAPPED_CALL}"`);
  // On `create`, the call's name.
  const callPosition = document.positionAt(callOffset + UNCAPPED_CALL.indexOf('create') + 1);
  const callLine = callPosition.line;

  const uncapped = await step(`diagnostics with source ${DIAGNOSTIC_SOURCE} appear in ${HANDLERS_FILE}`, async () => {
    const diagnostic = await waitFor(`a ${UNCAPPED_RULE} diagnostic on line ${callLine + 1}`, () =>
      diagnosticAt(costDiagnostics(vscode, handlers), UNCAPPED_RULE, callLine),
    ).catch((error: Error) => {
      throw new Error(`${error.message}; diagnostics now: ${describeDiagnostics(costDiagnostics(vscode, handlers))}`);
    });
    if (!diagnostic.message.includes('$')) throw new Error(`message has no dollar figure: "${diagnostic.message}"`);
    log(`  ${describeDiagnostics(costDiagnostics(vscode, handlers))}`);
    return diagnostic;
  });

  await step('hover on the call shows the cost per month', async () => {
    const hovers = await vscode.commands.executeCommand<vscodeTypes.Hover[]>('vscode.executeHoverProvider', handlers, callPosition);
    const text = hovers.map(hoverText).join('\n---\n');
    if (!text.includes('$') || !text.includes('/mo')) throw new Error(`hover lacks "$" or "/mo": ${JSON.stringify(text.slice(0, 400))}`);
    log(`  hover starts: ${JSON.stringify(text.slice(0, 120))}`);
  });

  await step('the hover is visible in the editor (screenshot)', async () => {
    // On a call with one finding, so the hover's cost table fits beside the finding; the squiggled
    // uncapped call stays in view above it.
    const offset = document.getText().indexOf(SCREENSHOT_CALL);
    if (offset === -1) throw new Error(`${HANDLERS_FILE} no longer contains "${SCREENSHOT_CALL}"`);
    const position = document.positionAt(offset + SCREENSHOT_CALL.indexOf('create') + 1);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(Math.max(0, callLine - 2), 0, Math.max(0, callLine - 2), 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1000);
    await screenshot('hover');
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
  });

  const inlineCost = vscode.workspace.getConfiguration('promptCost', handlers).get<string>('inlineCost', 'inlayHints');
  await step(`inline cost at the call (promptCost.inlineCost = ${inlineCost})`, async () => {
    const fullRange = new vscode.Range(0, 0, document.lineCount, 0);
    let labels: string[];
    if (inlineCost === 'codeLens') {
      const lenses = await vscode.commands.executeCommand<vscodeTypes.CodeLens[]>('vscode.executeCodeLensProvider', handlers);
      labels = lenses.filter((lens) => lens.range.start.line === callLine || lens.range.end.line === callLine).map((lens) => lens.command?.title ?? '');
    } else {
      const hints = await vscode.commands.executeCommand<vscodeTypes.InlayHint[]>('vscode.executeInlayHintProvider', handlers, fullRange);
      const near = hints.filter((hint) => Math.abs(hint.position.line - callLine) <= 6);
      labels = near.map(inlayLabel);
    }
    const costLabel = labels.find((label) => label.includes('/call'));
    if (!costLabel) throw new Error(`no label with "/call" near line ${callLine + 1}; labels there: ${JSON.stringify(labels)}`);
    log(`  ${JSON.stringify(costLabel)}`);
  });

  await step(`quick fix for ${UNCAPPED_RULE} edits the call and the diagnostic goes away`, async () => {
    const actions = await vscode.commands.executeCommand<vscodeTypes.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      handlers,
      uncapped.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const quickFixes = actions.filter((action) => action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind) && action.edit);
    const fix = quickFixes.find((action) => action.diagnostics?.some((d) => ruleOf(d) === UNCAPPED_RULE)) ?? quickFixes[0];
    if (!fix?.edit) throw new Error(`no quick fix with an edit; actions: ${JSON.stringify(actions.map((a) => `${a.kind?.value} ${a.title}`))}`);
    log(`  applying "${fix.title}"`);
    const before = document.getText();
    if (!(await vscode.workspace.applyEdit(fix.edit))) throw new Error('workspace.applyEdit returned false');
    const after = document.getText();
    if (after === before) throw new Error('the document text did not change');
    const beforeLines = new Set(before.split('\n'));
    log(`  new lines: ${JSON.stringify(after.split('\n').filter((line) => !beforeLines.has(line)))}`);
    await waitFor(`the ${UNCAPPED_RULE} diagnostic on line ${callLine + 1} to go away`, () =>
      diagnosticAt(costDiagnostics(vscode, handlers), UNCAPPED_RULE, callLine) ? undefined : true,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; diagnostics now: ${describeDiagnostics(costDiagnostics(vscode, handlers))}`);
    });
  });

  await step('commands are registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((command) => !registered.has(command));
    if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')}`);
  });

  await step('promptCost.scanWorkspace completes', async () => {
    await vscode.commands.executeCommand('promptCost.scanWorkspace');
  });

  await step('promptCost.showReport opens the report webview', async () => {
    await vscode.commands.executeCommand('promptCost.showReport');
    const tab = await waitFor('a webview tab for the report', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((candidate) => candidate.input instanceof vscode.TabInputWebview && candidate.input.viewType.endsWith(REPORT_VIEW_TYPE)),
    );
    log(`  tab "${tab.label}"`);
    // The webview renders its own document after the tab exists.
    await sleep(1500);
    await screenshot('report');
  });

  await step('a .prompty file opens as prompty, VS Code tokenizes it with our grammar, and it has diagnostics', async () => {
    const prompty = vscode.Uri.joinPath(folder.uri, PROMPTY_FILE);
    const promptyDocument = await vscode.workspace.openTextDocument(prompty);
    if (promptyDocument.languageId !== 'prompty') throw new Error(`${PROMPTY_FILE} opened as ${promptyDocument.languageId}, not prompty`);
    await vscode.window.showTextDocument(promptyDocument, { viewColumn: vscode.ViewColumn.One, preview: false });
    // VS Code's own TextMate tokenizer for the language: it throws when no grammar is registered for prompty.
    // (Scopes themselves are asserted with vscode-textmate in test/syntaxes/, since the API does not expose them.)
    const timing = await vscode.commands.executeCommand<{ tokenizeTime: number }>('_workbench.colorizeTextMateTokens', prompty);
    log(`  TextMate grammar for prompty tokenized the file in ${timing?.tokenizeTime ?? '?'} ms`);
    const diagnostics = await waitFor(`a ${UNCAPPED_RULE} diagnostic on ${PROMPTY_FILE}`, () => {
      const found = costDiagnostics(vscode, prompty);
      return found.some((d) => ruleOf(d) === UNCAPPED_RULE) ? found : undefined;
    });
    log(`  ${describeDiagnostics(diagnostics)}`);
    await sleep(500);
    await screenshot('prompty');
  });

  await checkCostTool(vscode, { step, log, screenshot }, { file: handlers, line: callLine });
  await checkNotebook(vscode);
  await checkRuntimeModel(vscode);
  await checkWalkthrough(vscode, EXTENSION_ID, { step, log, screenshot });
}

/** A call whose model is set at run time: the inlay hint names the reason; "Assume a model" writes the annotation and prices it. */
async function checkRuntimeModel(vscode: Vscode): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === RUNTIME_FOLDER);
  if (!folder) throw new Error(`workspace folder ${RUNTIME_FOLDER} is not open`);
  const uri = vscode.Uri.joinPath(folder.uri, RUNTIME_FILE);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  const callOffset = document.getText().indexOf(RUNTIME_CALL);
  if (callOffset === -1) throw new Error(`${RUNTIME_FILE} no longer contains "${RUNTIME_CALL}"`);
  const callLine = document.positionAt(callOffset).line;
  const hintsOnCall = async (line: number) => {
    const hints = await vscode.commands.executeCommand<vscodeTypes.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, document.lineCount, 0));
    return hints.filter((hint) => hint.position.line === line).map(inlayLabel);
  };

  await step(`the inlay hint of the call in ${RUNTIME_FILE} says its model is set at run time by ${RUNTIME_VARIABLE}`, async () => {
    let seen: string[] = [];
    const label = await waitFor(`an inlay hint naming ${RUNTIME_VARIABLE} on line ${callLine + 1}`, async () => {
      seen = await hintsOnCall(callLine);
      return seen.find((candidate) => candidate.includes('model set at run time') && candidate.includes(RUNTIME_VARIABLE));
    }).catch((error: Error) => {
      throw new Error(`${error.message}; hints on the line: ${JSON.stringify(seen)}`);
    });
    if (label.includes('/call')) throw new Error(`the hint shows a price before any model is assumed: ${JSON.stringify(label)}`);
    log(`  ${JSON.stringify(label)}`);
    await sleep(500);
    await screenshot('runtime-model');
  });

  await step(`"${ASSUME_MODEL_TITLE}" writes the annotation and the hint then shows a price`, async () => {
    const range = new vscode.Range(callLine, 0, callLine, document.lineAt(callLine).text.length);
    const actions = await vscode.commands.executeCommand<vscodeTypes.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    const action = actions.find((candidate) => candidate.title === ASSUME_MODEL_TITLE);
    if (!action?.command) throw new Error(`no "${ASSUME_MODEL_TITLE}" action with a command; actions: ${JSON.stringify(actions.map((a) => a.title))}`);
    if (action.command.command !== 'promptCost.assumeModel') throw new Error(`the action runs ${action.command.command}, not promptCost.assumeModel`);
    // The command's pick list is skipped by naming the model, as a keybinding can.
    const [args] = (action.command.arguments ?? []) as [Record<string, unknown>];
    const applied = await vscode.commands.executeCommand<boolean>(action.command.command, { ...args, model: ASSUMED_MODEL });
    if (applied !== true) throw new Error(`promptCost.assumeModel returned ${String(applied)}`);
    const annotationLine = document.lineAt(callLine).text;
    if (annotationLine.trim() !== `# prompt-cost: model=${ASSUMED_MODEL}`) throw new Error(`line ${callLine + 1} is ${JSON.stringify(annotationLine)}, not the annotation`);
    log(`  line ${callLine + 1}: ${JSON.stringify(annotationLine)}`);
    let seen: string[] = [];
    const priced = await waitFor(`a priced inlay hint on line ${callLine + 2}`, async () => {
      seen = await hintsOnCall(callLine + 1);
      return seen.find((candidate) => candidate.includes('/call') && candidate.includes(ASSUMED_MODEL));
    }).catch((error: Error) => {
      throw new Error(`${error.message}; hints on the line: ${JSON.stringify(seen)}`);
    });
    log(`  ${JSON.stringify(priced)}`);
    await sleep(500);
    await screenshot('runtime-model-assumed');
  });
}

/** A Jupyter notebook opened as a notebook: the cell's diagnostic, its quick fix applied, the diagnostic gone. */
async function checkNotebook(vscode: Vscode): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === NOTEBOOK_FOLDER);
  if (!folder) throw new Error(`workspace folder ${NOTEBOOK_FOLDER} is not open`);
  const notebookUri = vscode.Uri.joinPath(folder.uri, NOTEBOOK_FILE);
  const notebook = await vscode.workspace.openNotebookDocument(notebookUri);
  await vscode.window.showNotebookDocument(notebook, { viewColumn: vscode.ViewColumn.One, preview: false });
  const cell = notebook.cellAt(NOTEBOOK_CALL_CELL);
  const cellUri = cell.document.uri;
  const callLine = cell.document.getText().split('\n').findIndex((line) => line.includes('chat.completions.create('));
  if (callLine === -1) throw new Error(`cell ${NOTEBOOK_CALL_CELL + 1} of ${NOTEBOOK_FILE} has no chat.completions.create call`);
  log(`  notebook type ${notebook.notebookType}, cell ${NOTEBOOK_CALL_CELL + 1} language ${cell.document.languageId}, scheme ${cellUri.scheme}`);

  const uncapped = await step(`the ${UNCAPPED_RULE} diagnostic appears in cell ${NOTEBOOK_CALL_CELL + 1} of ${NOTEBOOK_FILE}`, async () => {
    const diagnostic = await waitFor(`a ${UNCAPPED_RULE} diagnostic on the cell's line ${callLine + 1}`, () =>
      diagnosticAt(costDiagnostics(vscode, cellUri), UNCAPPED_RULE, callLine),
    ).catch((error: Error) => {
      throw new Error(`${error.message}; diagnostics now: ${describeDiagnostics(costDiagnostics(vscode, cellUri))}`);
    });
    // The model comes from a constant in cell 3: resolution works across cells.
    if (!diagnostic.message.includes('gpt-4o')) throw new Error(`message does not name the model of cell 3: "${diagnostic.message}"`);
    log(`  ${describeDiagnostics(costDiagnostics(vscode, cellUri))}`);
    return diagnostic;
  });

  await step('hover on the call in the cell shows the cost per month', async () => {
    const position = new vscode.Position(callLine, cell.document.lineAt(callLine).text.indexOf('create') + 1);
    const hovers = await vscode.commands.executeCommand<vscodeTypes.Hover[]>('vscode.executeHoverProvider', cellUri, position);
    const text = hovers.map(hoverText).join('\n---\n');
    if (!text.includes('$') || !text.includes('/mo')) throw new Error(`hover lacks "$" or "/mo": ${JSON.stringify(text.slice(0, 400))}`);
  });

  await step(`quick fix for ${UNCAPPED_RULE} in the cell edits it and the diagnostic goes away`, async () => {
    await sleep(500);
    await screenshot('notebook');
    const actions = await vscode.commands.executeCommand<vscodeTypes.CodeAction[]>('vscode.executeCodeActionProvider', cellUri, uncapped.range, vscode.CodeActionKind.QuickFix.value);
    // The command's result does not carry the actions' diagnostics: the fix is known by its title.
    const fix = actions.find((action) => action.edit && /^Add max_completion_tokens/.test(action.title));
    if (!fix?.edit) throw new Error(`no quick fix with an edit; actions: ${JSON.stringify(actions.map((a) => `${a.kind?.value} ${a.title} edit=${a.edit ? a.edit.size : 'none'} diagnostics=${(a.diagnostics ?? []).map(ruleOf).join('+')}`))}`);
    log(`  applying "${fix.title}"`);
    const before = cell.document.getText();
    if (!(await vscode.workspace.applyEdit(fix.edit))) throw new Error('workspace.applyEdit returned false');
    const after = cell.document.getText();
    if (after === before || !after.includes('max_completion_tokens=')) throw new Error(`the cell did not get a cap: ${JSON.stringify(after)}`);
    await waitFor(`the ${UNCAPPED_RULE} diagnostic in the cell to go away`, () => (diagnosticAt(costDiagnostics(vscode, cellUri), UNCAPPED_RULE, callLine) ? undefined : true)).catch((error: Error) => {
      throw new Error(`${error.message}; diagnostics now: ${describeDiagnostics(costDiagnostics(vscode, cellUri))}`);
    });
    await sleep(500);
    await screenshot('notebook-fixed');
  });
}
