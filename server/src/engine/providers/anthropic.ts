/**
 * Anthropic SDKs (Python `anthropic`, JS `@anthropic-ai/sdk`): messages, streaming, beta messages, batches.
 */
import type { Args, CallSite, NeutralCall, PromptPart, Value } from '../model';
import { callSite, clientTarget, topLevelCapInsertion, type ProviderModule } from './provider';
import { capFrom, entryOf, flag, messageParts, modelRefFrom, param, partFrom } from './values';

const CLIENTS = [
  'anthropic.Anthropic',
  'anthropic.AsyncAnthropic',
  'anthropic.AnthropicBedrock',
  'anthropic.AsyncAnthropicBedrock',
  'anthropic.AnthropicVertex',
  'anthropic.AsyncAnthropicVertex',
  'anthropic.Client',
  '@anthropic-ai/sdk:default',
  '@anthropic-ai/sdk:Anthropic',
];

const MESSAGE_METHODS = new Set(['messages.create', 'messages.stream']);
const BATCH_METHODS = new Set(['messages.batches.create']);

function match(call: NeutralCall): CallSite | null {
  const target = clientTarget(call, CLIENTS);
  if (!target) return null;
  const method = target.method.replace(/^beta\./, '').replace(/\.with_raw_response|\.withResponse/g, '');
  if (MESSAGE_METHODS.has(method)) return messagesCall(call, method, call.args, false);
  if (BATCH_METHODS.has(method)) return batchCall(call, method);
  return null;
}

/** `messages.create(...)` and the `params` of each batch request share this shape. */
function messagesCall(call: NeutralCall, api: string, args: Args, batch: boolean, paramsValue?: Value): CallSite {
  const read = (name: string) => (paramsValue ? entryOf(paramsValue, name) : param(args, name));
  const promptParts: PromptPart[] = [];
  const system = read('system');
  if (system) promptParts.push(partFrom(system.value, 'system'));
  const messages = read('messages')?.value;
  promptParts.push(...messageParts(messages));
  const capInsertion = paramsValue
    ? paramsValue.kind === 'object'
      ? { param: 'max_tokens', style: 'property' as const, container: paramsValue.span }
      : null
    : topLevelCapInsertion(call, 'max_tokens');
  return callSite(call, {
    provider: 'anthropic',
    api,
    model: modelRefFrom(read('model')?.value),
    outputCap: capFrom(read('max_tokens')),
    capInsertion,
    promptParts,
    structuredOutput: !!read('tool_choice') || !!read('output_format'),
    streaming: api.endsWith('.stream') || (!paramsValue && flag(call, 'stream')),
    batch,
    messageList: messages ?? null,
  });
}

/** A batch is priced by its first request's params (requests built in a loop stay unknown). */
function batchCall(call: NeutralCall, api: string): CallSite {
  const requests = param(call.args, 'requests')?.value;
  const first = requests && requests.kind === 'array' ? requests.items[0] : undefined;
  const params = first ? entryOf(first, 'params')?.value : undefined;
  if (params && params.kind === 'object') return messagesCall(call, api, call.args, true, params);
  return callSite(call, {
    provider: 'anthropic',
    api,
    model: { value: null, source: 'unknown', editable: false, note: 'batch requests are built at run time' },
    outputCap: null,
    capInsertion: null,
    promptParts: [],
    batch: true,
    argumentsOpaque: true,
  });
}

export const anthropicProvider: ProviderModule = { id: 'anthropic', match };
