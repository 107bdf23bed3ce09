/**
 * Shared by the robustness tests: temporary workspaces (text or raw bytes), the built CLI as a child process,
 * and the engine with the Python parser loaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFile, prepareLanguages, type AnalyzeOptions, type FileAnalysis } from '../../server/src/engine/analyze';
import { defaultConfig, type Config } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import type { JsonReport } from '../../server/src/engine/report/json';

/** The repository root (this file runs from out/test/robustness/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node [nodeArgs] dist/cli.js <args>` in `cwd`. A run that does not end within `timeoutMs` is a hang. */
export function runCli(args: readonly string[], cwd: string, options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliRun {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first`);
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI_PATH, ...args], {
    cwd,
    encoding: 'utf8',
    env: options.env ?? process.env,
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `scan --format json` that must exit 0; the parsed report. */
export function scanJson(args: readonly string[], cwd: string): JsonReport {
  const run = runCli(['scan', '--format', 'json', ...args], cwd);
  if (run.code !== 0) throw new Error(`scan exited with ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as JsonReport;
}

/** A fresh folder holding `files` (relative path -> text or raw bytes). */
export function makeWorkspace(files: Record<string, string | Buffer>, prefix = 'prompt-cost-robust-'): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, ...rel.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

let parsersReady: Promise<void> | undefined;
export function readyParsers(): Promise<void> {
  parsersReady ??= prepareLanguages(['python', 'typescript', 'javascript']);
  return parsersReady;
}

/** One file through the engine with no workspace around it. */
export function analyze(file: string, text: string, config: Config = defaultConfig(), options: AnalyzeOptions = {}): FileAnalysis {
  return analyzeFile(file, text, isolatedContext, config, options);
}

export const PY_HEADER = 'from openai import OpenAI\n\nclient = OpenAI()\n';
export const PY_CALL = 'reply = client.chat.completions.create(model="gpt-4o", max_tokens=100, messages=[{"role": "user", "content": "Classify the ticket."}])\n';
export const TS_HEADER = "import OpenAI from 'openai';\n\nconst client = new OpenAI();\n";
export const TS_CALL = "const reply = await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'Classify the ticket.' }] });\n";

/** Model names of the call sites, in order: what "the analysis yields what it can" is measured by. */
export function modelsOf(analysis: FileAnalysis): (string | null)[] {
  return analysis.callSites.map((c) => c.site.model.value ?? null);
}
