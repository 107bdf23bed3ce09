/**
 * The generic matcher for SDK clients: a call on an instance of a catalogued client class (or a Python module
 * acting as one) whose method is one of the family's request methods becomes a call site. Who serves it comes
 * from the client class, a base URL at a known host, or the model a wrapper bound; the arguments are read by
 * the module of the request's shape.
 */
import type { CallSite, Instance, ModelRef, NeutralCall, Provider } from '../model';
import { MODULE_CLIENTS, clientOf, requestOf, vendorOfBaseUrl, type ClientClass, type SdkFamily } from '../sdks';
import { anthropicShapedRequest } from './anthropic';
import { cohereRequest } from './cohere';
import { liteLlmModelProvider } from './litellm';
import { openAiShapedRequest } from './openai';
import type { ProviderModule, RequestContext } from './provider';
import { firstParam, modelRefFrom, param, staticString } from './values';

/** `beta.`, `aio.` and raw/streaming-response accessors do not change what a method sends. */
export function normaliseMethod(method: string): string {
  return method
    .replace(/^(beta|aio)\./, '')
    .replace(/\.(with_raw_response|with_streaming_response|withResponse|withRawResponse)(?=\.|$)/g, '')
    .replace(/^(with_raw_response|with_streaming_response)\./, '')
    // Mistral's `complete_async`, `create_async`: the same request, awaited.
    .replace(/_async$/, '');
}

/**
 * instructor's request methods (`create`, `create_partial`, `create_iterable`, `create_with_completion`, also under
 * `chat.completions.` and `messages.`) send the wrapped client's primary request.
 */
function wrapperMethod(method: string, family: SdkFamily): string {
  const base = method.replace(/(^|\.)create_(partial|iterable|with_completion)$/, '$1create');
  if (requestOf(family, base)) return base;
  if ((base === 'create' || base === 'chat.completions.create' || base === 'messages.create') && family.primaryRequest) return family.primaryRequest;
  return base;
}

function target(call: NeutralCall): { instance: Instance | null; family: SdkFamily; client: ClientClass; method: string } | null {
  if (call.receiver) {
    const entry = clientOf(call.receiver.symbol);
    return entry ? { instance: call.receiver, family: entry.family, client: entry.client, method: call.method } : null;
  }
  if (call.symbol) {
    for (const { module, family } of MODULE_CLIENTS) {
      if (call.symbol.startsWith(module + '.')) {
        const client = Object.values(family.clients ?? {})[0] ?? { vendor: family.id as Provider };
        return { instance: null, family, client, method: call.symbol.slice(module.length + 1) };
      }
    }
    // A JS default export that is a ready-made client (`import ollama from 'ollama'; ollama.chat(...)`).
    const readyMade = /^([^:]+:default)\.(.+)$/.exec(call.symbol);
    const entry = readyMade ? clientOf(readyMade[1]) : undefined;
    if (entry && readyMade) return { instance: null, family: entry.family, client: entry.client, method: readyMade[2] };
  }
  return null;
}

function match(call: NeutralCall): CallSite | null {
  const found = target(call);
  if (!found) return null;
  const { instance, family, client } = found;
  let method = normaliseMethod(found.method);
  if (instance?.via || family.id === 'instructor') method = wrapperMethod(method, family);
  let request = requestOf(family, method);
  if (!request) return null;
  // instructor takes OpenAI-style `messages` whatever client it wraps.
  if (instance?.via && request.shape.startsWith('cohere')) request = { ...request, shape: 'openai-chat' };

  const context: RequestContext = { site: { provider: siteProvider(family, client), modelProvider: client.vendor }, api: method };
  if (instance && client.hostParams) {
    const url = staticString(firstParam(instance.ctorArgs, client.hostParams)?.value);
    const host = url ? vendorOfBaseUrl(url) : undefined;
    if (host) context.site.modelProvider = host.vendor;
  }
  if (client.vendor === 'instructor') {
    const bound = instance && client.boundModel ? boundModel(instance, client.boundModel) : undefined;
    const named = param(call.args, 'model');
    if (!named && bound) context.model = { ...bound, note: bound.note ?? 'bound by instructor.from_provider' };
    const model = named ? modelRefFrom(named.value) : bound;
    context.site.modelProvider = liteLlmModelProvider(model?.value ?? null);
  }
  switch (request.shape) {
    case 'anthropic-messages':
    case 'anthropic-batch':
    case 'anthropic-completions':
      return anthropicShapedRequest(call, request, context);
    case 'cohere-chat-v1':
    case 'cohere-generate':
    case 'cohere-embed':
      return cohereRequest(call, request, context);
    default:
      return openAiShapedRequest(call, request, context);
  }
}

function boundModel(instance: Instance, at: NonNullable<ClientClass['boundModel']>): ModelRef | undefined {
  const value = (at.keyword ? param(instance.ctorArgs, at.keyword)?.value : undefined) ?? instance.ctorArgs.positional[at.positional];
  return value ? modelRefFrom(value) : undefined;
}

/** The SDK family a call site names: Azure clients keep their own name, as before the catalog. */
function siteProvider(family: SdkFamily, client: ClientClass): Provider {
  if (client.vendor === 'azure-openai') return 'azure-openai';
  return family.id as Provider;
}

export const clientRequestsProvider: ProviderModule = { id: 'openai', match };
