/**
 * The GitHub Action (action.yml): runs `prompt-cost diff` against the pull request's base commit with the
 * built CLI next to this bundle, posts or updates one pull-request comment when the monthly change is over the
 * `threshold` input, optionally writes SARIF for upload, and fails on the `budget` and `fail-on` inputs.
 * Exit codes: 0 passed, 1 a gate failed or the run could not complete.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { diffGateFailures, renderDiffMarkdown, type CostDiff, type DiffGates } from '../cli/diff-report';
import { formatPerMonth } from '../engine/report/text';
import { GitHubApi, GitHubApiError } from './github-api';

/** Marks the Action's own comment, so later runs update it instead of adding another. */
export const COMMENT_MARKER = '<!-- prompt-cost-lint:diff -->';

export interface ActionInputs {
  token: string;
  /** USD per month: the comment is posted when the monthly change (either way) is larger. */
  threshold: number;
  gates: DiffGates;
  workingDirectory: string;
  config?: string;
  comment: boolean;
  /** Where to write SARIF, or undefined for none. */
  sarifFile?: string;
}

interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  log(line: string): void;
  /** Runs `git` or the CLI; cwd is the workspace. */
  run(command: string, args: readonly string[], cwd: string): Promise<ProcessResult>;
}

class ActionFailure extends Error {}

/** The inputs, from the INPUT_* variables action.yml sets; throws ActionFailure naming the bad input. */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const input = (name: string): string => (env[`INPUT_${name.toUpperCase().replace(/ /g, '_')}`] ?? '').trim();
  const number = (name: string, fallback: number | undefined): number | undefined => {
    const text = input(name).replace(/^\$/, '');
    if (text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new ActionFailure(`input ${name} must be a number of USD per month, not '${input(name)}'`);
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const text = input(name).toLowerCase();
    if (text === '') return fallback;
    if (text === 'true') return true;
    if (text === 'false') return false;
    throw new ActionFailure(`input ${name} must be true or false, not '${input(name)}'`);
  };
  const failOn = input('fail-on');
  if (failOn !== '' && failOn !== 'info' && failOn !== 'warning' && failOn !== 'error') {
    throw new ActionFailure(`input fail-on must be info, warning or error, not '${failOn}'`);
  }
  const sarif = flag('sarif', false);
  return {
    token: input('github-token'),
    threshold: number('threshold', 0)!,
    gates: { failOn: failOn === '' ? undefined : failOn, budget: number('budget', undefined) },
    workingDirectory: input('working-directory') || '.',
    config: input('config') || undefined,
    comment: flag('comment', true),
    sarifFile: sarif ? input('sarif-file') || 'prompt-cost.sarif' : undefined,
  };
}

interface PullRequestEvent {
  number: number;
  pull_request: { number: number; base: { sha: string; ref: string }; head: { sha: string } };
}

function readEvent(env: NodeJS.ProcessEnv): PullRequestEvent {
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!eventPath) throw new ActionFailure('GITHUB_EVENT_PATH is not set: run this inside a GitHub Actions workflow');
  let event: Partial<PullRequestEvent>;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8')) as Partial<PullRequestEvent>;
  } catch (error) {
    throw new ActionFailure(`${eventPath}: cannot read the event: ${(error as Error).message}`);
  }
  const base = event.pull_request?.base?.sha;
  if (!event.pull_request || typeof base !== 'string' || !/^[0-9a-f]{40,64}$/.test(base)) {
    throw new ActionFailure(`the ${env.GITHUB_EVENT_NAME ?? 'triggering'} event has no pull request: run this action on pull_request or pull_request_target`);
  }
  return event as PullRequestEvent;
}

/** GitHub refuses comment bodies over 65,536 characters; the job summary always has the whole diff. */
export const MAX_COMMENT_CHARS = 65_000;

/** The diff in Markdown under the marker, with the gates' verdict: the job summary, and the comment when it fits. */
export function reportMarkdown(diff: CostDiff, failures: readonly string[]): string {
  const gates = failures.length === 0 ? '' : '\n' + failures.map((failure) => `> **Failed:** ${failure}`).join('\n') + '\n';
  return `${COMMENT_MARKER}\n${renderDiffMarkdown(diff)}${gates}`;
}

/** The comment body: the report, cut at a whole line to fit GitHub's limit, the gates' verdict kept. */
export function commentBody(diff: CostDiff, failures: readonly string[]): string {
  const full = reportMarkdown(diff, failures);
  if (full.length <= MAX_COMMENT_CHARS) return full;
  const gates = failures.map((failure) => `> **Failed:** ${failure}`).join('\n');
  const note = `\n\n_Cut to fit a comment: the whole diff is in the job summary._\n${gates ? '\n' + gates + '\n' : ''}`;
  const kept = full.slice(0, MAX_COMMENT_CHARS - note.length);
  return kept.slice(0, kept.lastIndexOf('\n')) + note;
}

function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string | number>): void {
  if (!env.GITHUB_OUTPUT) return;
  appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));
}

/** The base commit must be in the clone; a shallow checkout gets it with one fetch. */
async function ensureCommit(io: ActionIo, cwd: string, sha: string): Promise<void> {
  if ((await io.run('git', ['cat-file', '-e', `${sha}^{commit}`], cwd)).code === 0) return;
  io.log(`Fetching the base commit ${sha.slice(0, 12)}`);
  await io.run('git', ['fetch', '--no-tags', '--depth=1', 'origin', sha], cwd);
  if ((await io.run('git', ['cat-file', '-e', `${sha}^{commit}`], cwd)).code !== 0) {
    throw new ActionFailure(`the base commit ${sha} is not in the checkout and could not be fetched; use actions/checkout with fetch-depth: 0`);
  }
}

async function postComment(io: ActionIo, inputs: ActionInputs, event: PullRequestEvent, diff: CostDiff, body: string): Promise<string> {
  const { env } = io;
  if (!inputs.token) throw new ActionFailure('input github-token is empty');
  if (!env.GITHUB_REPOSITORY) throw new ActionFailure('GITHUB_REPOSITORY is not set');
  const api = new GitHubApi(env.GITHUB_API_URL || 'https://api.github.com', inputs.token, env.GITHUB_REPOSITORY);
  const pullNumber = event.pull_request.number ?? event.number;
  const change = Math.abs(diff.totals.perMonthDelta);
  const existing = await api.findComment(pullNumber, COMMENT_MARKER);
  if (existing) {
    // Once posted, the comment follows every push, also one that brings the change back under the threshold.
    const updated = await api.updateComment(existing.id, body);
    io.log(`Updated the cost comment: ${updated.html_url}`);
    return updated.html_url;
  }
  if (change <= inputs.threshold) {
    io.log(`No comment: the monthly change ${formatPerMonth(change)} is not over the threshold of ${formatPerMonth(inputs.threshold)}`);
    return '';
  }
  const created = await api.createComment(pullNumber, body);
  io.log(`Posted the cost comment: ${created.html_url}`);
  return created.html_url;
}

/** Runs the Action; returns the process exit code. */
export async function runAction(io: ActionIo, cliPath: string): Promise<number> {
  try {
    return await runSteps(io, cliPath);
  } catch (error) {
    if (error instanceof ActionFailure) {
      io.log(`::error title=Prompt Cost Lint::${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function runSteps(io: ActionIo, cliPath: string): Promise<number> {
  const { env } = io;
  const inputs = readInputs(env);
  const event = readEvent(env);
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const baseSha = event.pull_request.base.sha;
  await ensureCommit(io, workspace, baseSha);

  const common = ['--root', inputs.workingDirectory, ...(inputs.config ? ['--config', inputs.config] : [])];
  const diffRun = await io.run(process.execPath, [cliPath, 'diff', '--base', baseSha, '--format', 'json', ...common], workspace);
  if (diffRun.code !== 0) throw new ActionFailure(`prompt-cost diff failed (exit code ${diffRun.code}): ${diffRun.stderr.trim()}`);
  const diff = JSON.parse(diffRun.stdout) as CostDiff;
  // Show the base as the pull request names it, not as a bare commit id.
  diff.base.ref = event.pull_request.base.ref || diff.base.ref;
  const failures = diffGateFailures(diff, inputs.gates);
  const body = commentBody(diff, failures);
  io.log(
    `Prompt cost: ${formatPerMonth(diff.totals.basePerMonth)}/month -> ${formatPerMonth(diff.totals.headPerMonth)}/month; ` +
      `${diff.findings.new.length} new finding(s), ${diff.findings.resolved.length} resolved`,
  );
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, reportMarkdown(diff, failures));

  let commentUrl = '';
  if (inputs.comment) {
    try {
      commentUrl = await postComment(io, inputs, event, diff, body);
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      // A pull request from a fork gets a read-only token: the gates still decide, the comment is skipped.
      const hint = error.status === 403 || error.status === 404 ? ' (a read-only token, as on pull requests from forks, cannot comment; grant pull-requests: write)' : '';
      io.log(`::warning title=Prompt Cost Lint::could not comment: ${error.message}${hint}`);
    }
  }

  if (inputs.sarifFile) {
    const sarifPath = path.resolve(workspace, inputs.sarifFile);
    mkdirSync(path.dirname(sarifPath), { recursive: true });
    const scanRun = await io.run(process.execPath, [cliPath, 'scan', inputs.workingDirectory, '--format', 'sarif', '--output', sarifPath, ...common], workspace);
    if (scanRun.code !== 0) throw new ActionFailure(`prompt-cost scan --format sarif failed (exit code ${scanRun.code}): ${scanRun.stderr.trim()}`);
    io.log(`SARIF written to ${inputs.sarifFile}`);
  }

  setOutputs(env, {
    'base-per-month': diff.totals.basePerMonth,
    'head-per-month': diff.totals.headPerMonth,
    'per-month-delta': diff.totals.perMonthDelta,
    'new-findings': diff.findings.new.length,
    'resolved-findings': diff.findings.resolved.length,
    'comment-url': commentUrl,
    'sarif-file': inputs.sarifFile ?? '',
  });
  for (const failure of failures) io.log(`::error title=Prompt Cost Lint::${failure}`);
  return failures.length > 0 ? 1 : 0;
}

function runProcess(command: string, args: readonly string[], cwd: string): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

if (require.main === module) {
  const io: ActionIo = { env: process.env, log: (line) => process.stdout.write(line + '\n'), run: runProcess };
  runAction(io, path.join(__dirname, 'cli.js')).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stdout.write(`::error title=Prompt Cost Lint::internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
