/** `prompt-cost mcp`: the built CLI as an MCP server over stdio, driven by the SDK's own client. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI_PATH, runCli } from '../cli/helpers';
import { chatApp, repositoryWith } from '../cli/git-repo';

type ToolAnswer = { content: { type: string; text: string }[]; isError?: boolean };

function textOf(result: unknown): string {
  return (result as ToolAnswer).content.map((part) => part.text).join('\n');
}

/** The JSON part of an answer (after the summary line). */
function detailsOf<T>(result: unknown): T {
  const text = textOf(result);
  return JSON.parse(text.slice(text.indexOf('\n\n') + 2)) as T;
}

describe('prompt-cost mcp', () => {
  // The working tree moves `answer` from gpt-4o-mini to gpt-4o against the committed base.
  const { root } = repositoryWith({ 'app/chat.py': chatApp('gpt-4o-mini', 300, 2000) }, { 'app/chat.py': chatApp('gpt-4o', 300, 2000) }, false);
  writeFileSync(path.join(root, 'notes.txt'), 'not code\n');
  const client = new Client({ name: 'test', version: '1.0.0' });

  before(async () => {
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI_PATH, 'mcp'], cwd: root, stderr: 'pipe' }));
  });
  after(() => client.close());

  test('lists its four tools with input schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['diff_against_ref', 'estimate_call', 'estimate_prompt', 'scan_folder']);
    const estimate = tools.find((tool) => tool.name === 'estimate_call')!;
    assert.deepEqual((estimate.inputSchema as { required?: string[] }).required?.sort(), ['file', 'line']);
  });

  test('scan_folder: the call sites and findings of the workspace', async () => {
    const result = await client.callTool({ name: 'scan_folder', arguments: {} });
    assert.ok(!result.isError, textOf(result));
    const details = detailsOf<{ totals: { callSites: number; perMonth: number }; callSites: { file: string; line: number; model: string; perMonth: number }[] }>(result);
    assert.equal(details.totals.callSites, 1);
    assert.deepEqual([details.callSites[0].file, details.callSites[0].line, details.callSites[0].model], ['app/chat.py', 8, 'gpt-4o']);
    assert.equal(details.callSites[0].perMonth, details.totals.perMonth);
    assert.match(textOf(result), /^1 call site\(s\), \$[\d,.]+\/month in total/);
  });

  test('estimate_call: the call on a line, and the same call with another model', async () => {
    const result = await client.callTool({ name: 'estimate_call', arguments: { file: 'app/chat.py', line: 10, model: 'gpt-4o-mini' } });
    assert.ok(!result.isError, textOf(result));
    const call = detailsOf<{ line: number; model: string; current: { perMonth: number; perCall: number; callsPerDay: number }; withModel: { model: string; perMonth: number; perMonthDelta: number } }>(result);
    assert.equal(call.line, 8, 'a line inside the call finds the call');
    assert.equal(call.model, 'gpt-4o');
    assert.equal(call.current.callsPerDay, 2000);
    assert.equal(call.withModel.model, 'gpt-4o-mini');
    assert.ok(call.withModel.perMonth < call.current.perMonth);
    assert.ok(Math.abs(call.withModel.perMonthDelta - (call.withModel.perMonth - call.current.perMonth)) < 0.01);
    assert.match(textOf(result), /^chat\.completions\.create at app\/chat\.py:8: \$[\d.]+ per call, \$[\d,.]+\/month at 2,000 calls\/day on gpt-4o\. With gpt-4o-mini: .*\(-\$[\d,.]+\/month\)\./);
  });

  test('estimate_call: mistakes come back as tool errors that say what is wrong', async () => {
    const noCall = await client.callTool({ name: 'estimate_call', arguments: { file: 'app/chat.py', line: 2 } });
    assert.equal(noCall.isError, true);
    assert.match(textOf(noCall), /app\/chat\.py:2: no LLM API call on this line; calls start on line 8/);
    const badModel = await client.callTool({ name: 'estimate_call', arguments: { file: 'app/chat.py', line: 8, model: 'gpt-4o-mimi' } });
    assert.equal(badModel.isError, true);
    assert.match(textOf(badModel), /model 'gpt-4o-mimi' has no price row; did you mean .*'gpt-4o-mini'/);
    const outside = await client.callTool({ name: 'estimate_call', arguments: { file: '../elsewhere.py', line: 1 } });
    assert.equal(outside.isError, true);
    assert.match(textOf(outside), /outside the workspace root|no such file/);
  });

  test('estimate_prompt: tokens with the model\'s tokenizer and the cost of one call', async () => {
    const short = detailsOf<{ promptTokens: number; tokenizer: string; cost: { perCall: number; perMonth: number; callsPerDay: number } }>(
      await client.callTool({ name: 'estimate_prompt', arguments: { prompt: 'Say hello.', model: 'gpt-4o', maxOutputTokens: 10, callsPerDay: 100 } }),
    );
    const long = detailsOf<{ promptTokens: number; cost: { perCall: number } }>(
      await client.callTool({ name: 'estimate_prompt', arguments: { prompt: 'Say hello. '.repeat(200), model: 'gpt-4o', maxOutputTokens: 10, callsPerDay: 100 } }),
    );
    assert.equal(short.tokenizer, 'o200k_base');
    assert.equal(short.cost.callsPerDay, 100);
    assert.ok(long.promptTokens > short.promptTokens + 500);
    assert.ok(long.cost.perCall > short.cost.perCall);
    assert.ok(Math.abs(short.cost.perMonth - short.cost.perCall * 100 * 30) < 0.01);
  });

  test('diff_against_ref: the working tree against HEAD', async () => {
    const result = await client.callTool({ name: 'diff_against_ref', arguments: { base: 'HEAD', format: 'json' } });
    assert.ok(!result.isError, textOf(result));
    const diff = detailsOf<{ callSites: { change: string; function: string }[]; totals: { perMonthDelta: number } }>(result);
    assert.deepEqual(diff.callSites.map((change) => [change.change, change.function]), [['changed', 'answer']]);
    assert.ok(diff.totals.perMonthDelta > 0);
    const markdown = await client.callTool({ name: 'diff_against_ref', arguments: { base: 'HEAD' } });
    assert.match(textOf(markdown), /## Prompt cost: \+\$/);
    const badRef = await client.callTool({ name: 'diff_against_ref', arguments: { base: 'no-such-branch' } });
    assert.equal(badRef.isError, true);
    assert.match(textOf(badRef), /--base no-such-branch: not a commit in this repository/);
  });

  test('a bad --root or flag is a usage error before any protocol starts', () => {
    const badRoot = runCli(['mcp', '--root', 'no-such-folder'], root);
    assert.equal(badRoot.code, 2);
    assert.equal(badRoot.stderr, 'prompt-cost: --root no-such-folder: not a directory\n');
    const badFlag = runCli(['mcp', '--port', '80'], root);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /Unknown option '--port'/);
  });
});
