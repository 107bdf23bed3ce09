#!/usr/bin/env node
// npm run test:e2e: the extension's suite (test/e2e/suite/index.ts) in a real VS Code, on copies of the
// example apps, the fixture notebooks and the runtime-model fixtures, with the extension installed from the packaged
// .vsix (npm run package, which `npm run test:e2e` runs first). It needs out/ (tsc -p .) and npm run setup:e2e.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runWebSuite } from './run-web.mjs';
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
// The web extension's suite: the same package in the browser's web-worker extension host (test/e2e/run-web.mjs).
const web = await runWebSuite({ timeoutMs: Math.min(timeoutMs, 120_000) });

/** A suite's counts; a runner failure before the suite reported them counts as one failure. */
function countsOf(result) {
  const found = /^(\d+) passed, (\d+) failed$/.exec(result.tally ?? '');
  if (found) return { passed: Number(found[1]), failed: Number(found[2]) };
  return { passed: 0, failed: result.exitCode === 0 ? 0 : 1 };
}
const node = countsOf({ exitCode, tally });
const browser = countsOf(web);
const failed = exitCode !== 0 || web.exitCode !== 0;
if (exitCode !== 0) console.log(`test:e2e: FAILED in the Node extension host (exit code ${exitCode})`);
if (web.exitCode !== 0) console.log(`test:e2e: FAILED in the web-worker extension host (exit code ${web.exitCode})`);
console.log(`test:e2e: ${node.passed + browser.passed} passed, ${node.failed + browser.failed} failed (Node extension host ${node.passed}/${node.passed + node.failed}, web worker ${browser.passed}/${browser.passed + browser.failed})`);
process.exit(failed ? 1 : 0);
