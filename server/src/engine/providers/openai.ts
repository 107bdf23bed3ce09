/**
 * Requests shaped like OpenAI's (Python `openai`, JS `openai`, and the SDKs that copy it: Groq, Together,
 * Cerebras, Fireworks, Mistral, Cohere v2, instructor): chat completions, responses, completions, embeddings.
 * Which client and method lead here is in the SDK catalog (engine/sdks/); this module reads the arguments.
 */
import type { CallSite, NeutralCall, PromptPart } from '../model';
import type { RequestMethod } from '../sdks';
import { callSite, preferredCap, topLevelCapInsertion, type RequestContext } from './provider';
import { capFrom, capParam, firstParam, flag, messageParts, modelRefFrom, param, partFrom } from './values';

export function openAiShapedRequest(call: NeutralCall, request: RequestMethod, context: RequestContext): CallSite | null {
  const args = call.args;
  const model = context.model ?? modelRefFrom((param(args, 'model') ?? param(args, 'engine') ?? param(args, 'deployment_id'))?.value);
  if (context.site.provider === 'azure-openai' && model.value) model.note = 'Azure deployment name; priced as the model of the same name';

  if (request.shape === 'embeddings') {
    const input = param(args, 'input') ?? param(args, 'inputs');
    return callSite(call, { ...context.site, api: context.api, kind: 'embedding', model, outputCap: null, capInsertion: null, promptParts: input ? [partFrom(input.value, 'user')] : [] });
  }
  // A background response resumed by id is not a new request.
  if (request.shape === 'openai-responses' && (param(args, 'response_id') || param(args, 'responseId'))) return null;

  const caps = request.caps ?? [];
  const promptParts: PromptPart[] = [];
  let messageList = null;
  if (request.shape === 'openai-chat') {
    const messages = param(args, 'messages')?.value;
    promptParts.push(...messageParts(messages));
    messageList = messages ?? null;
  } else if (request.shape === 'openai-responses') {
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
    context.api.endsWith('.parse') ||
    !!param(args, 'response_format') ||
    !!param(args, 'response_model') ||
    !!param(args, 'text_format') ||
    !!param(args, 'text') ||
    !!param(args, 'responseFormat');
  return callSite(call, {
    ...context.site,
    api: context.api,
    model,
    outputCap: capFrom(capParam(args, caps)),
    // A cap nested in an options object (`options.num_predict`) is not inserted as a top-level argument.
    capInsertion: caps.some((cap) => !cap.includes('.')) ? topLevelCapInsertion(call, preferredCap(caps.filter((cap) => !cap.includes('.')), call.language)) : null,
    promptParts,
    structuredOutput,
    streaming: !!request.streaming || flag(call, 'stream'),
    messageList,
  });
}
