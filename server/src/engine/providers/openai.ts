/**
 * OpenAI and Azure OpenAI SDKs (Python `openai`, JS `openai`): chat completions, responses,
 * legacy completions, embeddings.
 */
import type { CallSite, NeutralCall, PromptPart } from '../model';
import { callSite, clientTarget, topLevelCapInsertion, type ProviderModule } from './provider';
import { capFrom, firstParam, flag, messageParts, modelRefFrom, param, partFrom } from './values';

const OPENAI_CLIENTS = ['openai.OpenAI', 'openai.AsyncOpenAI', 'openai:default', 'openai:OpenAI'];
const AZURE_CLIENTS = ['openai.AzureOpenAI', 'openai.AsyncAzureOpenAI', 'openai:AzureOpenAI'];
/** The Python module acts as a client (`openai.chat.completions.create(...)`). */
const MODULE_CLIENTS = ['openai'];

type Api = 'chat' | 'responses' | 'completions' | 'embeddings';

/** Method path -> API family. `beta.` prefixes and `with_raw_response` are normalised away first. */
const METHODS: Record<string, Api> = {
  'chat.completions.create': 'chat',
  'chat.completions.parse': 'chat',
  'chat.completions.stream': 'chat',
  'chat.completions.runTools': 'chat',
  'responses.create': 'responses',
  'responses.parse': 'responses',
  'responses.stream': 'responses',
  'completions.create': 'completions',
  'embeddings.create': 'embeddings',
  // Pre-1.0 Python SDK, still common in older code.
  'ChatCompletion.create': 'chat',
  'ChatCompletion.acreate': 'chat',
  'Completion.create': 'completions',
  'Embedding.create': 'embeddings',
};

/** The cap parameters each API accepts, preferred name first (the one a fix inserts). */
const CAP_PARAMS: Record<Api, readonly string[]> = {
  chat: ['max_completion_tokens', 'max_tokens'],
  responses: ['max_output_tokens'],
  completions: ['max_tokens'],
  embeddings: [],
};

export function normaliseOpenAiMethod(method: string): string {
  return method.replace(/^beta\./, '').replace(/\.with_raw_response|\.withResponse/g, '').replace(/\.with_streaming_response/g, '');
}

function match(call: NeutralCall): CallSite | null {
  const target = clientTarget(call, [...OPENAI_CLIENTS, ...AZURE_CLIENTS], MODULE_CLIENTS);
  if (!target) return null;
  const method = normaliseOpenAiMethod(target.method);
  const api = METHODS[method];
  if (!api) return null;
  const provider = AZURE_CLIENTS.includes(target.clientSymbol) ? 'azure-openai' : 'openai';
  const args = call.args;
  const modelEntry = param(args, 'model') ?? param(args, 'engine') ?? param(args, 'deployment_id');
  const model = modelRefFrom(modelEntry?.value);
  if (provider === 'azure-openai' && model.value) model.note = 'Azure deployment name; priced as the model of the same name';

  if (api === 'embeddings') {
    return callSite(call, { provider, api: method, kind: 'embedding', model, outputCap: null, capInsertion: null, promptParts: inputParts(call) });
  }

  const caps = CAP_PARAMS[api];
  const capEntry = firstParam(args, caps);
  const promptParts: PromptPart[] = [];
  let messageList = null;
  if (api === 'chat') {
    const messages = param(args, 'messages')?.value;
    promptParts.push(...messageParts(messages));
    messageList = messages ?? null;
  } else if (api === 'responses') {
    const instructions = param(args, 'instructions');
    if (instructions) promptParts.push(partFrom(instructions.value, 'system'));
    const input = param(args, 'input')?.value;
    if (input) promptParts.push(...messageParts(input));
    if (input?.kind === 'array') messageList = input;
  } else {
    const prompt = param(args, 'prompt');
    if (prompt) promptParts.push(partFrom(prompt.value, 'prompt'));
  }

  const structuredOutput =
    method.endsWith('.parse') ||
    !!param(args, 'response_format') ||
    !!param(args, 'text_format') ||
    !!param(args, 'text');
  return callSite(call, {
    provider,
    api: method,
    model,
    outputCap: capFrom(capEntry),
    capInsertion: topLevelCapInsertion(call, caps[0]),
    promptParts,
    structuredOutput,
    streaming: method.endsWith('.stream') || flag(call, 'stream'),
    messageList,
  });
}

function inputParts(call: NeutralCall): PromptPart[] {
  const input = param(call.args, 'input');
  return input ? [partFrom(input.value, 'user')] : [];
}

export const openAiProvider: ProviderModule = { id: 'openai', match };
