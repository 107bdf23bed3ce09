#!/usr/bin/env node
// The same suite as npm run test:e2e, in a desktop VS Code through @vscode/test-electron, for machines that
// have one: VSCODE_PATH=/path/to/code node test/e2e/run-electron.mjs. Not part of CI: desktop VS Code cannot
// be downloaded on the project's machines, and this script never downloads one.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkspace, exampleApps, repoRoot } from './vscode-server.mjs';

const vscodeExecutablePath = process.env.VSCODE_PATH;
if (!vscodeExecutablePath) {
  console.log('test:e2e (electron): no desktop VS Code available: VSCODE_PATH is not set, so nothing ran.');
  console.log('  Set VSCODE_PATH to a desktop VS Code executable to run the suite there,');
  console.log('  or run npm run test:e2e for the same suite in the VS Code server (what CI runs).');
  process.exit(0);
}
if (!existsSync(vscodeExecutablePath)) {
  console.error(`test:e2e (electron): VSCODE_PATH=${vscodeExecutablePath} does not exist`);
  process.exit(1);
}
const extensionTestsPath = join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');
if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
  console.error('test:e2e (electron): dist/extension.js is missing; run npm run build first');
  process.exit(1);
}
if (!existsSync(extensionTestsPath)) {
  console.error(`test:e2e (electron): ${extensionTestsPath} is missing; run npx tsc -p . first`);
  process.exit(1);
}

const { runTests } = await import('@vscode/test-electron');
const runDir = mkdtempSync(join(tmpdir(), 'prompt-cost-e2e-electron-'));
const workspaceFile = createWorkspace(join(runDir, 'workspace'), exampleApps());
for (const dir of ['user-data', 'extensions']) mkdirSync(join(runDir, dir), { recursive: true });

let exitCode = 1;
try {
  // runTests resolves with VS Code's exit code 0 and rejects otherwise.
  exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [
      workspaceFile,
      '--user-data-dir', join(runDir, 'user-data'),
      '--extensions-dir', join(runDir, 'extensions'),
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (error) {
  console.error(`test:e2e (electron): FAILED: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
}
if (exitCode === 0) rmSync(runDir, { recursive: true, force: true });
else console.error(`test:e2e (electron): run folder kept for inspection: ${runDir}`);
console.log(exitCode === 0 ? 'test:e2e (electron): passed' : `test:e2e (electron): FAILED (exit code ${exitCode})`);
process.exit(exitCode);
