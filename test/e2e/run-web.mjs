#!/usr/bin/env node
// The web extension's suite (test/e2e/web-suite/index.ts) in a real VS Code in a browser: the packaged .vsix is
// installed as for the Node suite, and the workbench runs the extension in its web-worker extension host
// (extensionDevelopmentKind=web), from the `browser` entry, with the language server in a web worker.
// The suite is bundled first: a web extension host requires nothing but `vscode`.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { exampleApps, missingTools, repoRoot, runSuiteInVsCodeServer } from './vscode-server.mjs';

/** Runs the web suite; returns its exit code and "N passed, N failed" line. */
export async function runWebSuite({ timeoutMs = 120_000 } = {}) {
  const bundled = join(repoRoot, 'out', 'e2e-web', 'suite.js');
  mkdirSync(join(repoRoot, 'out', 'e2e-web'), { recursive: true });
  await build({
    entryPoints: [join(repoRoot, 'test', 'e2e', 'web-suite', 'index.ts')],
    outfile: bundled,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return runSuiteInVsCodeServer({
    vsix: join(repoRoot, 'prompt-cost-lint.vsix'),
    extensionTestsPath: bundled,
    extensionDevelopmentKind: 'web',
    testsInsideExtension: true,
    // The workbench reads the kind of an extension from this setting (the payload's kind alone is not enough).
    settings: { 'remote.extensionKind': { 'prompt-cost-lint.prompt-cost-lint': ['web'] } },
    workspaceSources: exampleApps(),
    screenshotDir: join(repoRoot, 'test', 'e2e', 'screenshots', 'web'),
    timeoutMs,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = missingTools();
  if (missing.length > 0) {
    console.error(`test:e2e:web: missing ${missing.join(', ')}; run npm run setup:e2e first`);
    process.exit(1);
  }
  if (!existsSync(join(repoRoot, 'prompt-cost-lint.vsix'))) {
    console.error('test:e2e:web: prompt-cost-lint.vsix is missing; run npm run package first');
    process.exit(1);
  }
  const { exitCode, tally } = await runWebSuite();
  console.log(`test:e2e:web: ${tally ?? (exitCode === 0 ? '0 passed, 0 failed' : '0 passed, 1 failed')}`);
  process.exit(exitCode);
}
