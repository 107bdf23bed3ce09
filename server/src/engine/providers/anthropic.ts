/**
 * Requests shaped like Anthropic's (Python `anthropic`, JS `@anthropic-ai/sdk` and its Bedrock, Vertex and
 * Foundry clients): messages, tool runners, message batches, legacy completions. Which client and method lead
 * here is in the SDK catalog (engine/sdks/); this module reads the arguments.
 */
import type { Args, CallSite, NeutralCall, PromptPart, Value } from '../model';
import type { RequestMethod } from '../sdks';
import { callSite, topLevelCapInsertion, type RequestContext } from './provider';
import { capFrom, entryOf, flag, messageParts, modelRefFrom, param, partFrom } from './values';

export function anthropicShapedRequest(call: NeutralCall, request: RequestMethod, context: RequestContext): CallSite {
  if (request.shape === 'anthropic-batch') return batchCall(call, context);
  if (request.shape === 'anthropic-completions') return legacyCompletion(call, context);
  return messagesCall(call, context, call.args, !!request.streaming);
}

/** `messages.create(...)` and the `params` of each batch request share this shape. */
function messagesCall(call: NeutralCall, context: RequestContext, args: Args, streaming: boolean, paramsValue?: Value): CallSite {
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
    ...context.site,
    api: context.api,
    model: context.model ?? modelRefFrom(read('model')?.value),
    outputCap: capFrom(read('max_tokens')),
    capInsertion,
    promptParts,
    structuredOutput: !!read('tool_choice') || !!read('output_format') || !!read('response_model') || context.api.endsWith('.parse'),
    streaming: streaming || (!paramsValue && flag(call, 'stream')),
    batch: !!paramsValue,
    messageList: messages ?? null,
  });
}

/** A batch is priced by its first request's params (requests built in a loop stay unknown). */
function batchCall(call: NeutralCall, context: RequestContext): CallSite {
  const requests = param(call.args, 'requests')?.value;
  const first = requests && requests.kind === 'array' ? requests.items[0] : undefined;
  const params = first ? entryOf(first, 'params')?.value : undefined;
  if (params && params.kind === 'object') return messagesCall(call, context, call.args, false, params);
  return callSite(call, {
    ...context.site,
    api: context.api,
    model: { value: null, source: 'unknown', editable: false, note: 'batch requests are built at run time' },
    outputCap: null,
    capInsertion: null,
    promptParts: [],
    batch: true,
    argumentsOpaque: true,
  });
}

/** The pre-messages Text Completions API: `prompt` with `max_tokens_to_sample`. */
function legacyCompletion(call: NeutralCall, context: RequestContext): CallSite {
  const prompt = param(call.args, 'prompt');
  return callSite(call, {
    ...context.site,
    api: context.api,
    model: context.model ?? modelRefFrom(param(call.args, 'model')?.value),
    outputCap: capFrom(param(call.args, 'max_tokens_to_sample')),
    capInsertion: topLevelCapInsertion(call, 'max_tokens_to_sample'),
    promptParts: prompt ? [partFrom(prompt.value, 'prompt')] : [],
    streaming: flag(call, 'stream'),
  });
}
