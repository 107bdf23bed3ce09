/**
 * `prompt-cost mcp`: a Model Context Protocol server over stdio, so coding agents can ask what code costs
 * before they change it. Tools: scan_folder, estimate_call, estimate_prompt, diff_against_ref. Paths are
 * relative to the workspace root (the folder the server started in, or --root) and must stay inside it.
 * Bundled into dist/mcp.js with the SDK, which the CLI loads only for this command.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod/v4';
import { renderDiffJson, renderDiffMarkdown } from '../cli/diff-report';
import { loadConfig, UsageError } from '../cli/scan';
import { formatPerCall, formatPerMonth } from '../engine/report/text';
import { diffAgainstRef, estimateCallInFile, estimatePromptCost, scanFolder, type CallCost, type CostFigures } from '../tools/cost-queries';

export interface McpOptions {
  /** The workspace root every path is relative to. */
  root: string;
  configFile?: string;
  version: string;
}

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

function textResult(summary: string, details: unknown): ToolResult {
  return { content: [{ type: 'text', text: `${summary}\n\n${typeof details === 'string' ? details : JSON.stringify(details, null, 2)}` }] };
}

/** Mistakes in the arguments are answered as tool errors the agent can read and correct. */
async function answer(work: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UsageError) return { content: [{ type: 'text', text: error.message }], isError: true };
    throw error;
  }
}

function costLine(cost: CostFigures): string {
  return `${formatPerCall(cost.perCall)} per call, ${formatPerMonth(cost.perMonth)}/month at ${cost.callsPerDay.toLocaleString('en-US')} calls/day on ${cost.model}`;
}

export function callSummary(call: CallCost): string {
  const where = `${call.api} at ${call.file}:${call.line}`;
  const now = call.current ? `${where}: ${costLine(call.current)}.` : `${where}: no cost (${call.costNote ?? 'unknown model'}).`;
  if (!call.withModel) return now;
  const delta = call.withModel.perMonthDelta;
  const change = delta === null ? '' : ` (${delta >= 0 ? '+' : '-'}${formatPerMonth(Math.abs(delta))}/month)`;
  return `${now} With ${call.withModel.model}: ${costLine(call.withModel)}${change}.`;
}

/** The server with its tools, not yet connected (tests connect it to an in-memory transport). */
export function createMcpServer(options: McpOptions): McpServer {
  const server = new McpServer({ name: 'prompt-cost-lint', version: options.version });
  const cwd = options.root;
  const configFile = options.configFile;

  server.registerTool(
    'scan_folder',
    {
      title: 'Scan a folder for LLM call costs',
      description:
        'Finds the LLM API calls (OpenAI, Anthropic, Gemini, LangChain, ... in Python and TypeScript/JavaScript) in a folder of the workspace, ' +
        'prices each one per call and per month, and lists the waste findings with their monthly savings. Most expensive first.',
      inputSchema: { folder: z.string().optional().describe('Folder or file relative to the workspace root; default the whole workspace') },
    },
    ({ folder }) =>
      answer(async () => {
        const result = await scanFolder({ cwd, root: cwd, folder, configFile });
        return textResult(
          `${result.totals.callSites} call site(s), ${formatPerMonth(result.totals.perMonth)}/month in total, ${result.totals.findings} finding(s).` +
            (result.truncated ? ' Lists cut at the 50 biggest.' : ''),
          result,
        );
      }),
  );

  server.registerTool(
    'estimate_call',
    {
      title: 'Estimate one LLM call',
      description:
        'What the LLM API call at a file and line costs per call and per month (tokens, expected output, calls per day, price row), ' +
        'and what it would cost with another model when `model` is given.',
      inputSchema: {
        file: z.string().describe('Source file relative to the workspace root'),
        line: z.number().int().positive().describe('1-based line of the call (any line inside it)'),
        model: z.string().optional().describe('Another model to price the same call with, e.g. gpt-4o-mini'),
      },
    },
    ({ file, line, model }) =>
      answer(async () => {
        const call = await estimateCallInFile({ cwd, root: cwd, file, line, model, configFile });
        return textResult(callSummary(call), call);
      }),
  );

  server.registerTool(
    'estimate_prompt',
    {
      title: 'Estimate a prompt',
      description: 'What one call with this prompt costs on a model: prompt tokens with the model\'s tokenizer, expected output, cost per call and per month.',
      inputSchema: {
        prompt: z.string().describe('The user message'),
        system: z.string().optional().describe('A system prompt sent with it'),
        model: z.string().describe('Model name as in code, e.g. claude-sonnet-4-5 or gpt-4o'),
        maxOutputTokens: z.number().int().positive().optional().describe('The output cap (max_tokens); without it the default expected output is assumed'),
        callsPerDay: z.number().nonnegative().optional().describe('Calls per day for the monthly figure; default from prompt-cost.config.json or 1,000'),
      },
    },
    ({ prompt, system, model, maxOutputTokens, callsPerDay }) =>
      answer(async () => {
        const config = loadConfig(cwd, cwd, configFile);
        const result = estimatePromptCost({ prompt, system, model, maxOutputTokens, callsPerDay, config });
        return textResult(`${result.promptTokens.toLocaleString('en-US')} prompt tokens (${result.exact ? '' : '≈, '}${result.tokenizer}); ${costLine(result.cost)}.`, result);
      }),
  );

  server.registerTool(
    'diff_against_ref',
    {
      title: 'Cost change against a git ref',
      description:
        'The monthly cost of the working tree against a git ref (a branch, tag or commit): added, removed and changed call sites, ' +
        'the total change, and findings that are new or resolved.',
      inputSchema: {
        base: z.string().describe('Git ref to compare with, e.g. main or origin/main or HEAD~1'),
        format: z.enum(['markdown', 'json']).optional().describe('markdown (default) or json'),
      },
    },
    ({ base, format }) =>
      answer(async () => {
        const diff = await diffAgainstRef({ cwd, base, configFile });
        const { totals } = diff;
        const sign = totals.perMonthDelta > 0 ? '+' : totals.perMonthDelta < 0 ? '-' : '';
        return textResult(
          `${formatPerMonth(totals.basePerMonth)}/month on ${base} -> ${formatPerMonth(totals.headPerMonth)}/month now (${sign}${formatPerMonth(Math.abs(totals.perMonthDelta))}/month); ` +
            `${diff.findings.new.length} new finding(s), ${diff.findings.resolved.length} resolved.`,
          format === 'json' ? renderDiffJson(diff) : renderDiffMarkdown(diff),
        );
      }),
  );
  return server;
}

/** Serves over stdin/stdout until the client closes the stream. */
export async function runMcpServer(options: McpOptions): Promise<void> {
  const server = createMcpServer(options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.on('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
