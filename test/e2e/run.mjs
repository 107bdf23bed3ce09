#!/usr/bin/env node
// npm run test:e2e: the extension's suite (test/e2e/suite/index.ts) in a real VS Code, on copies of the
// example apps, the fixture notebooks and the runtime-model fixtures, with the extension installed from the packaged
// .vsix (npm run package, which `npm run test:e2e` runs first). It needs out/ (tsc -p .) and npm run setup:e2e.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exampleApps, missingTools, repoRoot, runSuiteInVsCodeServer } from './vscode-server.mjs';

const extensionTestsPath = join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');
const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');

function fail(message) {
  console.error(`test:e2e: ${message}`);
  process.exit(1);
}

const missing = missingTools();
if (missing.length > 0) fail(`missing ${missing.join(', ')}; run npm run setup:e2e first`);
const vsix = join(repoRoot, 'prompt-cost-lint.vsix');
if (!existsSync(vsix)) fail(`${vsix} is missing; run npm run package first`);
if (!existsSync(extensionTestsPath)) fail(`${extensionTestsPath} is missing; run npx tsc -p . first`);

const timeoutMs = Number(process.env.PROMPT_COST_E2E_TIMEOUT_MS ?? 180_000);

const { exitCode, tally } = await runSuiteInVsCodeServer({
  vsix,
  extensionTestsPath,
  // The fixture notebooks are a root of their own: the suite opens one as a notebook.
  // So are the fixture calls whose model is set at run time.
  workspaceSources: [...exampleApps(), join(repoRoot, 'test', 'fixtures', 'notebooks'), join(repoRoot, 'test', 'fixtures', 'runtime-models')],
  screenshotDir,
  timeoutMs,
});
if (exitCode !== 0) console.log(`test:e2e: FAILED (exit code ${exitCode})`);
// The suite's count; a runner failure before the suite reported one counts as one failure.
if (tally) console.log(`test:e2e: ${tally}`);
else if (exitCode !== 0) console.log('test:e2e: 0 passed, 1 failed');
process.exit(exitCode);
