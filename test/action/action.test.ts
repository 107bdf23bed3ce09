/**
 * The GitHub Action (dist/action.js) run as a workflow step runs it, on `pull_request` event fixtures, with a
 * local HTTP server standing in for the GitHub API: it records every call, serves the pull request's comments
 * and answers creates and updates.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../cli/helpers';
import { chatApp, git, repositoryWith } from '../cli/git-repo';

const ACTION_PATH = path.join(REPO_ROOT, 'dist', 'action.js');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'action');
const MARKER = '<!-- prompt-cost-lint:diff -->';
const TOKEN = 'test-token';

interface RecordedCall {
  method: string;
  url: string;
  authorization: string | undefined;
  body: { body?: string } | undefined;
}

interface Comment {
  id: number;
  body: string;
  html_url: string;
}

/** The GitHub API's issue-comment routes over an in-memory list of comments. */
class FakeGitHub {
  calls: RecordedCall[] = [];
  comments: Comment[] = [];
  /** Status to answer every write with, e.g. 403 for a read-only token. */
  writeStatus = 0;
  private nextId = 1000;
  private server: Server = createServer((request, response) => void this.handle(request, response));
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  reset(comments: string[] = []): void {
    this.calls = [];
    this.writeStatus = 0;
    this.comments = comments.map((body) => this.comment(body));
  }

  writes(): RecordedCall[] {
    return this.calls.filter((call) => call.method !== 'GET');
  }

  private comment(body: string): Comment {
    const id = this.nextId++;
    return { id, body, html_url: `https://github.com/acme/support-bot/pull/42#issuecomment-${id}` };
  }

  private async handle(request: IncomingMessage, response: import('node:http').ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const body = raw ? (JSON.parse(raw) as { body?: string }) : undefined;
    this.calls.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
    const send = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    const url = new URL(request.url!, this.url);
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    if (request.method === 'GET' && url.pathname === '/repos/acme/support-bot/issues/42/comments') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return send(200, this.comments.slice((page - 1) * perPage, page * perPage));
    }
    if (this.writeStatus) return send(this.writeStatus, { message: 'Resource not accessible by integration' });
    if (request.method === 'POST' && url.pathname === '/repos/acme/support-bot/issues/42/comments') {
      const created = this.comment(body!.body!);
      this.comments.push(created);
      return send(201, created);
    }
    const update = /^\/repos\/acme\/support-bot\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (request.method === 'PATCH' && update) {
      const existing = this.comments.find((comment) => comment.id === Number(update[1]));
      if (!existing) return send(404, { message: 'Not Found' });
      existing.body = body!.body!;
      return send(200, existing);
    }
    send(404, { message: `no route ${request.method} ${url.pathname}` });
  }
}

interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs dist/action.js as the composite action's step does, with the event fixture's base set to `baseSha`. */
function runAction(github: FakeGitHub, workspace: string, baseSha: string, inputs: Record<string, string>, eventFixture = 'pull_request.opened.json'): Promise<ActionRun> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'action-run-'));
  const headSha = git(workspace, 'rev-parse', 'HEAD').trim();
  const event = readFileSync(path.join(FIXTURES, eventFixture), 'utf8').replaceAll('BASE_SHA', baseSha).replaceAll('HEAD_SHA', headSha);
  const eventPath = path.join(scratch, 'event.json');
  writeFileSync(eventPath, event);
  const outputPath = path.join(scratch, 'output');
  const summaryPath = path.join(scratch, 'summary');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: eventFixture.split('.')[0],
    GITHUB_REPOSITORY: 'acme/support-bot',
    GITHUB_API_URL: github.url,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    'INPUT_GITHUB-TOKEN': TOKEN,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [ACTION_PATH], { cwd: workspace, env }, (error, stdout) => {
      const outputs = Object.fromEntries(
        readFileSync(outputPath, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      resolve({ code: error ? Number(error.code) : 0, stdout, outputs, summary: readFileSync(summaryPath, 'utf8') });
    });
  });
}

describe('GitHub Action', () => {
  const github = new FakeGitHub();
  // The pull request swaps gpt-4o-mini for gpt-4o and drops the cap: the cost goes up, missing-max-tokens is new.
  const pricier = repositoryWith({ 'app/chat.py': chatApp('gpt-4o-mini', 300) }, { 'app/chat.py': chatApp('gpt-4o', null) });
  // Only a comment changes: no cost change.
  const unchanged = repositoryWith({ 'app/chat.py': chatApp('gpt-4o-mini', 300) }, { 'app/chat.py': '# reviewed\n' + chatApp('gpt-4o-mini', 300) });

  before(async () => {
    assert.ok(existsSync(ACTION_PATH), `${ACTION_PATH} is missing: run npm run build first`);
    await github.start();
  });
  after(() => github.stop());

  test('a pull request over the threshold: one comment is created with the cost per call site, totals and new findings', async () => {
    github.reset(['LGTM']);
    const run = await runAction(github, pricier.root, pricier.baseCommit, { threshold: '1' });
    assert.equal(run.code, 0, run.stdout);
    const writes = github.writes();
    assert.deepEqual(writes.map((call) => [call.method, call.url]), [['POST', '/repos/acme/support-bot/issues/42/comments']]);
    const body = writes[0].body!.body!;
    assert.ok(body.startsWith(MARKER));
    assert.match(body, /^## Prompt cost: \+\$[\d,.]+\/month/m);
    assert.match(body, /\| changed \| `app\/chat\.py:8` `chat\.completions\.create` in `answer` \| gpt-4o-mini → gpt-4o \|/);
    assert.match(body, /on `main` \(/, 'the base is named as the pull request names it');
    assert.match(body, /### New findings/);
    assert.match(body, /`missing-max-tokens`/);
    assert.ok(Number(run.outputs['per-month-delta']) > 1);
    assert.equal(run.outputs['comment-url'], github.comments[1].html_url);
    assert.equal(Number(run.outputs['new-findings']) >= 1, true);
    assert.equal(run.summary, body);
  });

  test('a later push updates the same comment, found past the first page of comments', async () => {
    const others = Array.from({ length: 100 }, (_, index) => `comment ${index}`);
    github.reset([...others, `${MARKER}\nold figures`]);
    const ours = github.comments[100].id;
    const run = await runAction(github, pricier.root, pricier.baseCommit, { threshold: '1' }, 'pull_request.synchronize.json');
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(github.writes().map((call) => [call.method, call.url]), [['PATCH', `/repos/acme/support-bot/issues/comments/${ours}`]]);
    assert.deepEqual(
      github.calls.filter((call) => call.method === 'GET').map((call) => call.url),
      ['/repos/acme/support-bot/issues/42/comments?per_page=100&page=1', '/repos/acme/support-bot/issues/42/comments?per_page=100&page=2'],
    );
    assert.match(github.comments[100].body, /^## Prompt cost: \+\$/m);
    assert.equal(github.comments.length, 101);
    assert.ok(github.calls.every((call) => call.authorization === `Bearer ${TOKEN}`));
  });

  test('a change under the threshold posts nothing, but an existing comment is brought up to date', async () => {
    github.reset();
    const quiet = await runAction(github, pricier.root, pricier.baseCommit, { threshold: '100000' });
    assert.equal(quiet.code, 0, quiet.stdout);
    assert.deepEqual(github.writes(), []);
    assert.match(quiet.stdout, /No comment: the monthly change \$[\d,.]+ is not over the threshold of \$100,000/);
    assert.equal(quiet.outputs['comment-url'], '');

    github.reset([`${MARKER}\nold figures`]);
    const none = await runAction(github, unchanged.root, unchanged.baseCommit, {});
    assert.equal(none.code, 0, none.stdout);
    assert.deepEqual(github.writes().map((call) => call.method), ['PATCH']);
    assert.match(github.comments[0].body, /^## Prompt cost: \$0\.00\/month/m);
  });

  test('no cost change and no comment yet: nothing is posted at the default threshold', async () => {
    github.reset();
    const run = await runAction(github, unchanged.root, unchanged.baseCommit, {});
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(github.writes(), []);
    assert.equal(run.outputs['per-month-delta'], '0');
  });

  test('fail-on: a new finding at or above the level fails the step after commenting', async () => {
    github.reset();
    const run = await runAction(github, pricier.root, pricier.baseCommit, { 'fail-on': 'info' });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /::error title=Prompt Cost Lint::\d+ new findings? at or above info/);
    assert.equal(github.writes().length, 1);
    assert.match(github.writes()[0].body!.body!, /> \*\*Failed:\*\* \d+ new findings? at or above info/);
    // The unchanged pull request adds no finding.
    github.reset();
    assert.equal((await runAction(github, unchanged.root, unchanged.baseCommit, { 'fail-on': 'info' })).code, 0);
  });

  test('budget: a monthly estimate over it fails the step', async () => {
    github.reset();
    const run = await runAction(github, pricier.root, pricier.baseCommit, { budget: '1' });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /::error title=Prompt Cost Lint::estimated \$[\d,.]+\/month is over the budget of \$1\.00\/month/);
    const generous = await runAction(github, pricier.root, pricier.baseCommit, { budget: '1000000' });
    assert.equal(generous.code, 0, generous.stdout);
  });

  test('sarif: the findings are written as SARIF for the upload step', async () => {
    github.reset();
    const run = await runAction(github, pricier.root, pricier.baseCommit, { sarif: 'true', 'sarif-file': 'out/cost.sarif', comment: 'false' });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(github.calls, [], 'comment: false makes no API call');
    assert.equal(run.outputs['sarif-file'], 'out/cost.sarif');
    const sarif = JSON.parse(readFileSync(path.join(pricier.root, 'out', 'cost.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.some((result) => result.ruleId === 'missing-max-tokens'));
  });

  test('a read-only token: a warning, and the gates still decide', async () => {
    github.reset();
    github.writeStatus = 403;
    const run = await runAction(github, pricier.root, pricier.baseCommit, {});
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /::warning title=Prompt Cost Lint::could not comment: POST .* HTTP 403 .*pull-requests: write/);
  });

  test('bad inputs and events fail with a message naming them', async () => {
    github.reset();
    const push = await runAction(github, pricier.root, pricier.baseCommit, {}, 'push.json');
    assert.equal(push.code, 1);
    assert.match(push.stdout, /::error title=Prompt Cost Lint::the push event has no pull request/);
    const badThreshold = await runAction(github, pricier.root, pricier.baseCommit, { threshold: 'a lot' });
    assert.equal(badThreshold.code, 1);
    assert.match(badThreshold.stdout, /input threshold must be a number of USD per month, not 'a lot'/);
    const badLevel = await runAction(github, pricier.root, pricier.baseCommit, { 'fail-on': 'fatal' });
    assert.match(badLevel.stdout, /input fail-on must be info, warning or error, not 'fatal'/);
    const missingBase = await runAction(github, pricier.root, 'f'.repeat(40), {});
    assert.equal(missingBase.code, 1);
    assert.match(missingBase.stdout, /base commit f{40} is not in the checkout .*fetch-depth: 0/);
    assert.deepEqual(github.writes(), []);
  });

  test('action.yml passes every input the module reads and exposes every output it writes', () => {
    const action = parseYaml(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, { value: string }>;
      runs: { using: string; steps: { id?: string; env?: Record<string, string>; run?: string }[] };
    };
    assert.equal(action.runs.using, 'composite');
    const step = action.runs.steps.find((candidate) => candidate.id === 'diff')!;
    assert.match(step.run!, /dist\/action\.js/);
    for (const name of Object.keys(action.inputs)) assert.equal(step.env![`INPUT_${name.toUpperCase()}`], `\${{ inputs.${name} }}`, name);
    const source = readFileSync(path.join(REPO_ROOT, 'server', 'src', 'action', 'action.ts'), 'utf8');
    const read = [...source.matchAll(/(?:input|number|flag)\('([a-z-]+)'/g)].map((match) => match[1]);
    assert.deepEqual([...new Set(read)].sort(), Object.keys(action.inputs).sort());
    const written = [...source.matchAll(/^ {4}'([a-z-]+)': /gm)].map((match) => match[1]);
    assert.deepEqual(written.sort(), Object.keys(action.outputs).sort());
    for (const [name, output] of Object.entries(action.outputs)) assert.equal(output.value, `\${{ steps.diff.outputs.${name} }}`);
  });
});
