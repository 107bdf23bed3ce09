/**
 * Cohere's v1 request shapes (`co.chat(message=..., preamble=..., chat_history=...)`, `co.generate`, `co.embed`).
 * The v2 client's `chat(model, messages)` is OpenAI-shaped (openai.ts).
 */
import type { CallSite, NeutralCall, PromptPart } from '../model';
import type { RequestMethod } from '../sdks';
import { callSite, preferredCap, topLevelCapInsertion, type RequestContext } from './provider';
import { capFrom, firstParam, messageParts, modelRefFrom, param, partFrom } from './values';

export function cohereRequest(call: NeutralCall, request: RequestMethod, context: RequestContext): CallSite {
  const args = call.args;
  const model = context.model ?? modelRefFrom(param(args, 'model')?.value);
  if (request.shape === 'cohere-embed') {
    const texts = param(args, 'texts') ?? param(args, 'inputs');
    return callSite(call, { ...context.site, api: context.api, kind: 'embedding', model, outputCap: null, capInsertion: null, promptParts: texts ? [partFrom(texts.value, 'user')] : [] });
  }
  const caps = request.caps ?? [];
  const promptParts: PromptPart[] = [];
  const preamble = param(args, 'preamble');
  if (preamble) promptParts.push(partFrom(preamble.value, 'system'));
  const history = (param(args, 'chat_history') ?? param(args, 'chatHistory'))?.value;
  if (history) promptParts.push(...messageParts(history));
  const message = param(args, request.shape === 'cohere-generate' ? 'prompt' : 'message');
  if (message) promptParts.push(partFrom(message.value, 'user'));
  return callSite(call, {
    ...context.site,
    api: context.api,
    model,
    outputCap: capFrom(firstParam(args, caps)),
    capInsertion: topLevelCapInsertion(call, preferredCap(caps, call.language)),
    promptParts,
    streaming: !!request.streaming,
    messageList: history ?? null,
  });
}
