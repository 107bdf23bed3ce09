/**
 * The `prompt-cost` command. Exit codes: 0 success, 1 a CI gate failed (findings at or above --fail-on, or the
 * monthly estimate over --budget), 2 usage or configuration error (one line on stderr).
 */
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { renderReportAs, REPORT_FORMATS } from '../engine/report/formats';
import { toJsonReport } from '../engine/report/json';
import { formatPerMonth } from '../engine/report/text';
import type { ScanResult } from '../engine/report/types';
import { scanPaths, UsageError } from './scan';

// diff and fix bring the whole engine: loaded by the commands that use them, not at every start.
type DiffModule = typeof import('./diff');
type FixModule = typeof import('./fix');
// The MCP server and its SDK are a bundle of their own (dist/mcp.js), loaded only by `prompt-cost mcp`.
type McpModule = typeof import('../mcp/server');

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const VERSION = '0.1.0';

export const USAGE = `Usage: prompt-cost scan [paths...] [options]
       prompt-cost diff --base <git ref> [options]
       prompt-cost mcp [--root DIR] [--config FILE]

Finds LLM API calls in Python and TypeScript/JavaScript code, counts their prompt tokens,
prices each call and reports what wastes money.

Commands:
  scan [paths...]      Scan files and folders (default: the current folder)
  diff --base REF      Monthly cost of the working tree against a git ref: added, removed and
                       changed call sites, the total change, new and resolved findings
  mcp                  A Model Context Protocol server over stdio for coding agents: tools to
                       scan a folder, estimate a call or a prompt, diff against a git ref

Options:
  --format text|json|markdown|csv|sarif|html
                       Output format (default: text; diff: text, json or markdown).
                       JSON is schemaVersion 1, see README.md
  --output FILE        Write the report to FILE (atomically) instead of stdout
  --fail-on LEVEL      scan: exit 1 when a finding at or above info|warning|error exists;
                       diff: when a new finding (not on the base) at or above it exists
  --budget USD         exit 1 when the monthly estimate (diff: the working tree's) exceeds USD
  --config FILE        Config file (default: <root>/prompt-cost.config.json when present)
  --root DIR           Workspace root; reported paths are relative to it
                       (default: the folder scanned, or the current folder for several paths)
  --fix                Apply safe fixes in place (behaviour-preserving, e.g. cache_control)
  --unsafe-fixes       With --fix, apply every fix (caps, model swaps, prompt rewrites)
  -h, --help           Show this help
  --version            Show the version
`;

const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
const SEVERITY_RANK: Readonly<Record<string, number>> = { info: 1, warning: 2, error: 3 };

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    const list = allowed.length === 2 ? allowed.join(' or ') : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
    throw new UsageError(`${flag} must be ${list}, not '${value}'`);
  }
  return value as T;
}

/** `--budget 500`, `--budget 1500.50`: USD per month, 0 or more. */
function parseBudget(value: string): number {
  const budget = Number(value.trim().replace(/^\$/, ''));
  if (value.trim() === '' || !Number.isFinite(budget) || budget < 0) throw new UsageError(`--budget must be a number of USD per month, not '${value}'`);
  return budget;
}

/** Writes the report to --output (atomically) or stdout. */
function emit(text: string, output: string | undefined, io: CliIo): void {
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  const target = path.resolve(io.cwd, output);
  const { writeFileAtomic } = require('./fix') as FixModule;
  try {
    writeFileAtomic(target, text);
  } catch (error) {
    throw new UsageError(`--output ${output}: cannot write: ${(error as Error).message}`);
  }
}

/** The CI gates: messages for each gate that failed (empty when all pass). */
export function gateFailures(result: ScanResult, gates: { failOn?: string; budget?: number }): string[] {
  const report = toJsonReport(result);
  const failures: string[] = [];
  if (gates.failOn !== undefined) {
    const threshold = SEVERITY_RANK[gates.failOn];
    const hits = report.findings.filter((finding) => (SEVERITY_RANK[finding.severity] ?? 0) >= threshold).length;
    if (hits > 0) failures.push(`${hits} finding${hits === 1 ? '' : 's'} at or above ${gates.failOn} (--fail-on ${gates.failOn})`);
  }
  if (gates.budget !== undefined && report.totals.perMonth > gates.budget) {
    failures.push(
      `estimated ${formatPerMonth(report.totals.perMonth)}/month is over the budget of ${formatPerMonth(gates.budget)}/month (--budget ${gates.budget})`,
    );
  }
  return failures;
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`prompt-cost: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** node's parseArgs with its errors as usage errors: node's messages span several lines and suggest `--` tricks, so keep the first sentence. */
function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], allowPositionals: boolean, options: T) {
  try {
    return parseArgs({ args: [...args], allowPositionals, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, ''));
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command === '--version') {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (command === 'diff') return runDiff(rest, io);
  if (command === 'mcp') return runMcp(rest, io);
  if (command !== 'scan') throw new UsageError(`unknown command '${command}' (try: prompt-cost scan --help)`);

  const parsed = parseFlags(rest, true, {
    format: { type: 'string' },
    output: { type: 'string' },
    'fail-on': { type: 'string' },
    budget: { type: 'string' },
    config: { type: 'string' },
    root: { type: 'string' },
    fix: { type: 'boolean' },
    'unsafe-fixes': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = oneOf(values.format ?? 'text', REPORT_FORMATS, '--format');
  const gates = {
    failOn: values['fail-on'] === undefined ? undefined : oneOf(values['fail-on'], ['info', 'warning', 'error'], '--fail-on'),
    budget: values.budget === undefined ? undefined : parseBudget(values.budget),
  };
  const finish = (result: ScanResult): number => {
    const failures = gateFailures(result, gates);
    for (const failure of failures) io.stderr(`prompt-cost: ${failure}\n`);
    return failures.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  };

  if (values['unsafe-fixes'] && !values.fix) throw new UsageError('--unsafe-fixes needs --fix');
  const scanOptions = { paths: positionals, cwd: io.cwd, root: values.root, configFile: values.config };
  if (values.fix) {
    const unsafe = !!values['unsafe-fixes'];
    const { fixPaths, renderFixes } = require('./fix') as FixModule;
    const outcome = await fixPaths({ ...scanOptions, unsafe });
    // Machine-readable output on stdout stays parseable: the list of fixes goes to stderr then.
    const toStderr = format !== 'text' && values.output === undefined;
    (toStderr ? io.stderr : io.stdout)(renderFixes(outcome, unsafe) + (toStderr ? '' : '\n'));
    emit(renderReportAs(toJsonReport(outcome.result), format), values.output, io);
    return finish(outcome.result);
  }
  const result = await scanPaths(scanOptions);
  emit(renderReportAs(toJsonReport(result), format), values.output, io);
  return finish(result);
}

async function runDiff(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(args, false, {
    base: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    config: { type: 'string' },
    root: { type: 'string' },
    'fail-on': { type: 'string' },
    budget: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = oneOf(values.format ?? 'text', DIFF_FORMATS, '--format');
  if (values.base === undefined) throw new UsageError('diff needs --base <git ref> (for example --base origin/main)');
  const gates = {
    failOn: values['fail-on'] === undefined ? undefined : oneOf(values['fail-on'], ['info', 'warning', 'error'] as const, '--fail-on'),
    budget: values.budget === undefined ? undefined : parseBudget(values.budget),
  };
  const { diffAgainstBase, diffGateFailures, renderDiffJson, renderDiffMarkdown, renderDiffText } = require('./diff') as DiffModule;
  const diff = await diffAgainstBase({ base: values.base, cwd: io.cwd, root: values.root, configFile: values.config });
  emit(format === 'json' ? renderDiffJson(diff) : format === 'markdown' ? renderDiffMarkdown(diff) : renderDiffText(diff), values.output, io);
  const failures = diffGateFailures(diff, gates);
  for (const failure of failures) io.stderr(`prompt-cost: ${failure}\n`);
  return failures.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

async function runMcp(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(args, false, { root: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  const { values } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const root = path.resolve(io.cwd, values.root ?? '.');
  const { statSync } = require('node:fs') as typeof import('node:fs');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--root ${values.root}: not a directory`);
  const configFile = values.config === undefined ? undefined : path.resolve(io.cwd, values.config);
  const { runMcpServer } = require('../mcp/server') as McpModule;
  await runMcpServer({ root, configFile, version: VERSION });
  return EXIT_OK;
}

/** Runs the command line of this process, with its streams; the exit code goes to process.exitCode. */
export function runMain(): Promise<void> {
  return runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`prompt-cost: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}

if (require.main === module) void runMain();
