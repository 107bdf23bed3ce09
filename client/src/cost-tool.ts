/**
 * The language-model tool `prompt-cost_estimate_call` (package.json languageModelTools): a chat model asks
 * what an LLM API call costs, and what it would cost with model X; the language server answers
 * (promptCost/estimateCall). Registered only where VS Code has the language-model tool API (1.95 and later).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatPerCall, formatPerMonth } from '../../server/src/engine/report/money';
import type { CallCost, CostFigures } from '../../server/src/tools/call-cost';

export const COST_TOOL_NAME = 'prompt-cost_estimate_call';
const ESTIMATE_CALL_REQUEST = 'promptCost/estimateCall';

export interface CostToolInput {
  /** Workspace-relative or absolute path; default the active editor's file. */
  file?: string;
  /** 1-based line inside the call; default the active editor's cursor line. */
  line?: number;
  /** Another model to price the same call with. */
  model?: string;
}

// The tool API is newer than the oldest VS Code this extension supports (engines ^1.91): typed here, detected at run time.
interface LanguageModelToolResultConstructor {
  new (content: unknown[]): unknown;
}
interface LanguageModelTextPartConstructor {
  new (value: string): unknown;
}
interface LmToolApi {
  lm?: {
    registerTool?(name: string, tool: {
      invoke(options: { input: CostToolInput }, token: vscode.CancellationToken): Promise<unknown>;
      prepareInvocation?(options: { input: CostToolInput }): { invocationMessage: string };
    }): vscode.Disposable;
  };
  LanguageModelToolResult?: LanguageModelToolResultConstructor;
  LanguageModelTextPart?: LanguageModelTextPartConstructor;
}

function figuresLine(cost: CostFigures): string {
  return `${formatPerCall(cost.perCall)} per call (${cost.inputTokens.toLocaleString('en-US')} input + ${cost.expectedOutputTokens.toLocaleString('en-US')} expected output tokens), ` +
    `${formatPerMonth(cost.perMonth)}/month at ${cost.callsPerDay.toLocaleString('en-US')} calls/day, priced as ${cost.model} (${cost.priceRow})`;
}

/** The answer as the chat model reads it. */
export function describeCallCost(call: CallCost): string {
  const lines = [`${call.api} at ${call.file}:${call.line}, model ${call.model ?? 'unknown'}:`];
  lines.push(call.current ? `- As written: ${figuresLine(call.current)}.` : `- As written: no cost (${call.costNote ?? 'the model has no price'}).`);
  if (call.withModel) {
    const delta = call.withModel.perMonthDelta;
    lines.push(`- With ${call.withModel.model}: ${figuresLine(call.withModel)}` + (delta === null ? '.' : `; ${delta <= 0 ? 'saves' : 'adds'} ${formatPerMonth(Math.abs(delta))}/month.`));
  }
  if (call.current) lines.push('Assumptions:', ...call.current.assumptions.map((assumption) => `- ${assumption}`));
  return lines.join('\n');
}

async function documentFor(input: CostToolInput): Promise<{ document: vscode.TextDocument; line: number } | string> {
  if (input.file) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const isAbsolute = input.file.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(input.file);
    const uri = isAbsolute || !folder ? vscode.Uri.file(input.file) : vscode.Uri.joinPath(folder.uri, input.file);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      if (input.line === undefined) return `${input.file}: give the line of the call too`;
      return { document, line: input.line - 1 };
    } catch (error) {
      return `${input.file}: cannot open: ${(error as Error).message}`;
    }
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return 'no file given and no editor is active: name the file and line of the call';
  return { document: editor.document, line: input.line !== undefined ? input.line - 1 : editor.selection.active.line };
}

/** Answers one tool call; exported for the e2e suite, which also calls it through vscode.lm.invokeTool. */
export async function answerCostQuestion(client: LanguageClient | undefined, input: CostToolInput): Promise<string> {
  if (!client) return 'The Prompt Cost language server is not running.';
  const target = await documentFor(input);
  if (typeof target === 'string') return target;
  const answer = await client.sendRequest<{ call: CallCost } | { error: string }>(ESTIMATE_CALL_REQUEST, {
    uri: client.code2ProtocolConverter.asUri(target.document.uri),
    line: target.line,
    ...(input.model ? { model: input.model } : {}),
  });
  return 'call' in answer ? describeCallCost(answer.call) : answer.error;
}

/** Registers the tool where the API exists; returns what to dispose, nothing on older VS Code. */
export function registerCostTool(clientOf: () => LanguageClient | undefined, serverReady: Promise<unknown>): vscode.Disposable[] {
  const api = vscode as unknown as LmToolApi;
  const { LanguageModelToolResult, LanguageModelTextPart } = api;
  if (!api.lm?.registerTool || !LanguageModelToolResult || !LanguageModelTextPart) return [];
  return [
    api.lm.registerTool(COST_TOOL_NAME, {
      prepareInvocation: ({ input }) => ({
        invocationMessage: `Estimating the cost of ${input.file ? `${input.file}${input.line ? `:${input.line}` : ''}` : 'the call at the cursor'}${input.model ? ` with ${input.model}` : ''}`,
      }),
      async invoke({ input }) {
        await serverReady;
        return new LanguageModelToolResult([new LanguageModelTextPart(await answerCostQuestion(clientOf(), input ?? {}))]);
      },
    }),
  ];
}
