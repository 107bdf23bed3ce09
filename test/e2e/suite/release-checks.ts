/**
 * Checks of the packaged extension inside the real VS Code: that it runs from the installed .vsix, that its
 * language-model tool answers, and that its walkthrough opens. Called from index.ts's run(); like index.ts it
 * loads without VS Code (it only takes the API as an argument).
 */
import type * as vscodeTypes from 'vscode';

type Vscode = typeof vscodeTypes;

/** Set by the runner (test/e2e/vscode-server.mjs) to the folder VS Code installed the .vsix into. */
export const INSTALLED_PATH_ENV = 'PROMPT_COST_E2E_INSTALLED_PATH';
const TOOL_NAME = 'prompt-cost_estimate_call';

export interface SuiteTools {
  step<T>(name: string, body: () => Promise<T>): Promise<T>;
  log(line: string): void;
  screenshot(name: string): Promise<void>;
}

// The tool API is newer than the @types/vscode this project compiles against (1.91).
interface ToolApi {
  lm: {
    tools: readonly { name: string; inputSchema?: unknown }[];
    invokeTool(name: string, options: { input: object; toolInvocationToken: undefined }, token?: vscodeTypes.CancellationToken): Promise<{ content: unknown[] }>;
  };
}

export async function checkInstalledPackage(vscode: Vscode, extensionId: string, tools: SuiteTools): Promise<void> {
  await tools.step('the extension runs from the installed .vsix, not the development folder', async () => {
    const extension = vscode.extensions.getExtension(extensionId)!;
    const expected = process.env[INSTALLED_PATH_ENV];
    // run-electron.mjs (a desktop VS Code, outside CI) loads the development folder; the CI runner always installs.
    if (!expected && !process.env.PROMPT_COST_E2E_SCREENSHOT_DIR) {
      tools.log('  development run (no .vsix installed by this runner)');
      return;
    }
    if (!expected) throw new Error(`${INSTALLED_PATH_ENV} is not set: the runner did not install the .vsix`);
    if (extension.extensionPath !== expected) throw new Error(`extension path is ${extension.extensionPath}, not the installed ${expected}`);
    const manifest = extension.packageJSON as { icon?: string; contributes?: { walkthroughs?: unknown[]; languageModelTools?: unknown[] } };
    if (manifest.icon !== 'images/icon.png' || !manifest.contributes?.walkthroughs?.length) throw new Error('the installed manifest lacks the icon or the walkthrough');
    tools.log(`  installed at ${extension.extensionPath}`);
  });
}

export async function checkCostTool(vscode: Vscode, tools: SuiteTools, target: { file: vscodeTypes.Uri; line: number }): Promise<void> {
  await tools.step(`the language-model tool ${TOOL_NAME} answers what a call costs and what it would with gpt-4o-mini`, async () => {
    const { lm } = vscode as unknown as ToolApi;
    if (!lm?.tools) throw new Error(`this VS Code (${vscode.version}) has no language-model tool API`);
    const tool = lm.tools.find((candidate) => candidate.name === TOOL_NAME);
    if (!tool) throw new Error(`not registered; tools: ${lm.tools.map((candidate) => candidate.name).join(', ') || '(none)'}`);
    const source = new vscode.CancellationTokenSource();
    const result = await lm.invokeTool(TOOL_NAME, { input: { file: target.file.fsPath, line: target.line + 1, model: 'gpt-4o-mini' }, toolInvocationToken: undefined }, source.token);
    const text = result.content.map((part) => (part as { value?: string }).value ?? '').join('\n');
    if (!/As written: \$[\d.]+ per call/.test(text) || !/With gpt-4o-mini: \$[\d.]+ per call/.test(text)) throw new Error(`unexpected answer: ${JSON.stringify(text.slice(0, 400))}`);
    tools.log(`  ${text.split('\n').slice(0, 3).join(' | ')}`);
  });
}

export async function checkWalkthrough(vscode: Vscode, extensionId: string, tools: SuiteTools): Promise<void> {
  await tools.step('the walkthrough opens (screenshot)', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#getStarted`, false);
    await new Promise((done) => setTimeout(done, 1500));
    await tools.screenshot('walkthrough');
  });
}
