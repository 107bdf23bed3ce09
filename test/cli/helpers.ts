import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JsonCallSite, JsonReport } from '../../server/src/engine/report/json';

/** The repository root (this file runs from out/test/cli/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'cli.js');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would: `node dist/cli.js <args>` in `cwd`. */
export function runCli(args: readonly string[], cwd: string = REPO_ROOT): CliRun {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first`);
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `scan --format json` and parses the report; fails with stderr when the exit code is not 0. */
export function scanJson(args: readonly string[], cwd: string = REPO_ROOT): JsonReportShape {
  const run = runCli(['scan', '--format', 'json', ...args], cwd);
  if (run.code !== 0) throw new Error(`scan exited with ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as JsonReportShape;
}

/** A fresh folder holding `files` (relative path -> content). */
export function makeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'prompt-cost-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, ...rel.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** The JSON report as the CLI writes it (schemaVersion 1): the report module's own types, so tests and writer cannot drift. */
export type JsonCallSiteShape = JsonCallSite;
export type JsonReportShape = JsonReport;
