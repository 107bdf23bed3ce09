/**
 * Google Gemini SDKs: `google-genai` (Python `google.genai`, JS `@google/genai`) and the legacy
 * `google.generativeai` / `vertexai` / `@google/generative-ai` model objects.
 */
import type { CallSite, CapInsertion, NeutralCall, ObjectEntry, PromptPart, Value } from '../model';
import { callSite, clientTarget, type ProviderModule } from './provider';
import { capFrom, entryOf, isTruthy, messageParts, modelRefFrom, optionsObject, param, partFrom } from './values';

const GENAI_CLIENTS = ['google.genai.Client', '@google/genai:GoogleGenAI'];
const GENAI_METHODS: Record<string, 'generate' | 'embed'> = {
  'models.generate_content': 'generate',
  'models.generate_content_stream': 'generate',
  'models.generateContent': 'generate',
  'models.generateContentStream': 'generate',
  'models.embed_content': 'embed',
  'models.embedContent': 'embed',
};

const LEGACY_MODELS = [
  'google.generativeai.GenerativeModel',
  'vertexai.generative_models.GenerativeModel',
  'vertexai.preview.generative_models.GenerativeModel',
  '@google/generative-ai:GoogleGenerativeAI#getGenerativeModel',
];
const LEGACY_METHODS = new Set(['generate_content', 'generate_content_async', 'generateContent', 'generateContentStream']);

/** Reads a key under its Python or JS spelling. */
function either(value: Value | undefined, snake: string, camel: string): ObjectEntry | undefined {
  return entryOf(value, snake) ?? entryOf(value, camel);
}

function match(call: NeutralCall): CallSite | null {
  const client = clientTarget(call, GENAI_CLIENTS);
  if (client) {
    const method = client.method.replace(/^aio\./, '');
    if (method === 'interactions.create') return interactionCall(call, method);
    const kind = GENAI_METHODS[method];
    if (!kind) return null;
    return kind === 'embed' ? embedCall(call, method) : genaiCall(call, method);
  }
  if (call.receiver && isLegacyModel(call.receiver.symbol) && LEGACY_METHODS.has(call.method)) {
    return legacyCall(call);
  }
  if (call.receiver && isLegacyModel(call.receiver.symbol) && LEGACY_EMBED_METHODS.has(call.method)) return legacyEmbedding(call, call.receiver.ctorArgs);
  if (call.symbol === 'google.generativeai.embed_content' || call.symbol === 'google.generativeai.embed_content_async') {
    return callSite(call, { provider: 'google', api: 'embed_content', kind: 'embedding', model: modelRefFrom(param(call.args, 'model')?.value), outputCap: null, capInsertion: null, promptParts: messageParts(param(call.args, 'content')?.value) });
  }
  if (call.receiver && SESSION_METHODS.has(call.method)) return sessionCall(call, call.receiver);
  return null;
}

const LEGACY_EMBED_METHODS = new Set(['embedContent', 'batchEmbedContents']);

/** `model.embedContent(...)` on a model from `getGenerativeModel({ model: 'text-embedding-004' })`. */
function legacyEmbedding(call: NeutralCall, ctor: NeutralCall['args']): CallSite {
  const request = call.args.positional[0];
  return callSite(call, {
    provider: 'google',
    api: call.method,
    kind: 'embedding',
    model: modelRefFrom(either(optionsObject(ctor), 'model', 'model')?.value),
    outputCap: null,
    capInsertion: null,
    promptParts: request ? [partFrom(request, 'user')] : [],
  });
}

/** Chat session methods: each sends the history so far plus the new message. */
const SESSION_METHODS = new Set(['send_message', 'send_message_async', 'send_message_stream', 'sendMessage', 'sendMessageStream']);
/** What makes a session, on a genai client (`client.chats.create`) or on a legacy model (`model.start_chat()`). */
const GENAI_SESSION_MAKERS = ['#chats.create', '#aio.chats.create'];
const LEGACY_SESSION_MAKERS = ['#start_chat', '#startChat'];

/** Legacy model objects, also those made from cached content (their model is the cache's). */
function isLegacyModel(symbol: string): boolean {
  return LEGACY_MODELS.includes(symbol) || CACHED_MODEL_MAKERS.some((maker) => symbol.endsWith(maker));
}
const CACHED_MODEL_MAKERS = ['GenerativeModel.from_cached_content', '#getGenerativeModelFromCachedContent'];

/**
 * `chat.send_message(...)` on `client.chats.create(model=..., config=...)` or on `model.start_chat(history=...)`:
 * model, config and history come from where the session was made.
 */
function sessionCall(call: NeutralCall, session: NonNullable<NeutralCall['receiver']>): CallSite | null {
  const maker = session.parent;
  if (!maker) return null;
  const python = call.language === 'python';
  const message = param(call.args, 'message') ?? param(call.args, 'content') ?? (call.args.positional[0] && call.args.positional[0].kind !== 'object' ? { value: call.args.positional[0] } : undefined);
  const streaming = /stream/i.test(call.method) || isTruthy(param(call.args, 'stream')?.value);
  if (GENAI_SESSION_MAKERS.some((suffix) => session.symbol.endsWith(suffix)) && GENAI_CLIENTS.includes(maker.symbol)) {
    const config = param(session.ctorArgs, 'config');
    const promptParts: PromptPart[] = [];
    const system = either(config?.value, 'system_instruction', 'systemInstruction');
    if (system) promptParts.push(partFrom(system.value, 'system'));
    const history = param(session.ctorArgs, 'history')?.value;
    promptParts.push(...messageParts(history));
    if (message) promptParts.push(partFrom(message.value, 'user'));
    const cap = either(config?.value, 'max_output_tokens', 'maxOutputTokens');
    return callSite(call, {
      provider: 'google',
      api: `chats.${call.method}`,
      model: modelRefFrom(param(session.ctorArgs, 'model')?.value),
      outputCap: capFrom(cap, cap ? `config.${cap.key}` : undefined),
      capInsertion: session.span.file === call.span.file ? sessionCapInsertion(session, config?.value, python) : null,
      promptParts,
      streaming,
      messageList: history ?? null,
    });
  }
  if (LEGACY_SESSION_MAKERS.some((suffix) => session.symbol.endsWith(suffix)) && isLegacyModel(maker.symbol)) {
    const history = param(session.ctorArgs, 'history')?.value;
    const site = legacyCall({ ...call, receiver: maker, args: { ...call.args, positional: message ? [message.value] : [], named: [] } }, `ChatSession.${call.method}`, history);
    return { ...site, streaming: site.streaming || streaming };
  }
  return null;
}

/** The cap of a session goes into its config, where the session is made. */
function sessionCapInsertion(session: NonNullable<NeutralCall['receiver']>, config: Value | undefined, python: boolean): CapInsertion | null {
  const capName = python ? 'max_output_tokens' : 'maxOutputTokens';
  if (config) {
    if (config.kind === 'call') return { param: capName, style: 'keyword', container: config.args.span };
    if (config.kind === 'object') return { param: capName, style: 'property', container: config.span };
    return null;
  }
  if (python) return { param: capName, style: 'keyword', container: session.ctorArgs.span, nestedIn: { param: 'config', style: 'keyword', wrapper: 'dict' } };
  const options = optionsObject(session.ctorArgs);
  return options ? { param: capName, style: 'property', container: options.span, nestedIn: { param: 'config', style: 'property', wrapper: 'object' } } : null;
}

/** The model of a model made from cached content: the `model` the cache was created with, when that is known. */
function cachedContentModel(ctor: NeutralCall['args']): Value | undefined {
  const cache = param(ctor, 'cached_content')?.value ?? ctor.positional[0];
  if (!cache || cache.kind !== 'call') return undefined;
  return param(cache.args, 'model')?.value ?? (cache.args.positional[0]?.kind === 'object' ? entryOf(cache.args.positional[0], 'model')?.value : cache.args.positional[0]);
}

function genaiCall(call: NeutralCall, api: string): CallSite {
  const python = call.language === 'python';
  const config = param(call.args, 'config');
  const promptParts: PromptPart[] = [];
  const system = either(config?.value, 'system_instruction', 'systemInstruction');
  if (system) promptParts.push(partFrom(system.value, 'system'));
  const contents = param(call.args, 'contents')?.value;
  promptParts.push(...messageParts(contents));
  const capName = python ? 'max_output_tokens' : 'maxOutputTokens';
  const cap = either(config?.value, 'max_output_tokens', 'maxOutputTokens');
  return callSite(call, {
    provider: 'google',
    api,
    model: modelRefFrom(param(call.args, 'model')?.value),
    outputCap: capFrom(cap, cap ? `config.${cap.key}` : undefined),
    capInsertion: nestedCapInsertion(call, config?.value, 'config', capName),
    promptParts,
    structuredOutput:
      !!either(config?.value, 'response_schema', 'responseSchema') ||
      !!either(config?.value, 'response_json_schema', 'responseJsonSchema') ||
      /json/.test(stringOf(either(config?.value, 'response_mime_type', 'responseMimeType')?.value)),
    streaming: api.endsWith('Stream') || api.endsWith('_stream'),
    messageList: contents ?? null,
  });
}

/** The Interactions API (`client.interactions.create(model=..., input=...)`): snake_case fields in both languages. */
function interactionCall(call: NeutralCall, api: string): CallSite {
  const config = param(call.args, 'generation_config');
  const promptParts: PromptPart[] = [];
  const system = param(call.args, 'system_instruction');
  if (system) promptParts.push(partFrom(system.value, 'system'));
  const input = param(call.args, 'input')?.value;
  promptParts.push(...messageParts(input));
  const cap = entryOf(config?.value, 'max_output_tokens');
  return callSite(call, {
    provider: 'google',
    api,
    model: modelRefFrom(param(call.args, 'model')?.value),
    outputCap: capFrom(cap, cap ? 'generation_config.max_output_tokens' : undefined),
    capInsertion: call.language === 'python' ? null : nestedCapInsertion(call, config?.value, 'generation_config', 'max_output_tokens'),
    promptParts,
    structuredOutput: !!param(call.args, 'response_format'),
    streaming: isTruthy(param(call.args, 'stream')?.value),
    // `previous_interaction_id` continues a conversation held by the server.
    argumentsOpaque: !!call.args.spread || !!param(call.args, 'previous_interaction_id'),
  });
}

function embedCall(call: NeutralCall, api: string): CallSite {
  const contents = param(call.args, 'contents')?.value;
  return callSite(call, {
    provider: 'google',
    api,
    kind: 'embedding',
    model: modelRefFrom(param(call.args, 'model')?.value),
    outputCap: null,
    capInsertion: null,
    promptParts: messageParts(contents),
  });
}

/** `model.generate_content(...)` where `model = GenerativeModel("gemini-…", system_instruction=…, generation_config=…)`. */
function legacyCall(call: NeutralCall, api = `GenerativeModel.${call.method}`, history?: Value): CallSite {
  const python = call.language === 'python';
  const ctor = call.receiver!.ctorArgs;
  const fromCache = CACHED_MODEL_MAKERS.some((maker) => call.receiver!.symbol.endsWith(maker));
  const ctorOptions = python ? undefined : optionsObject(ctor);
  const ctorParam = (snake: string, camel: string) => (python ? param(ctor, snake) : either(ctorOptions, snake, camel));
  const modelValue = fromCache ? cachedContentModel(ctor) : python ? (param(ctor, 'model_name') ?? param(ctor, 'model'))?.value ?? ctor.positional[0] : ctorParam('model', 'model')?.value;

  const callOptions = python ? undefined : optionsObject(call.args);
  const callParam = (snake: string, camel: string) => (python ? param(call.args, snake) : either(callOptions, snake, camel));
  const promptParts: PromptPart[] = [];
  const system = ctorParam('system_instruction', 'systemInstruction') ?? callParam('system_instruction', 'systemInstruction');
  if (system) promptParts.push(partFrom(system.value, 'system'));
  if (history) promptParts.push(...messageParts(history));
  const contents = callParam('contents', 'contents')?.value ?? (callOptions ? undefined : call.args.positional[0]);
  promptParts.push(...messageParts(contents));

  const capName = python ? 'max_output_tokens' : 'maxOutputTokens';
  const configName = python ? 'generation_config' : 'generationConfig';
  const callConfig = callParam('generation_config', 'generationConfig');
  const ctorConfig = ctorParam('generation_config', 'generationConfig');
  const cap = either(callConfig?.value, 'max_output_tokens', 'maxOutputTokens') ?? either(ctorConfig?.value, 'max_output_tokens', 'maxOutputTokens');
  const capInsertion = callConfig
    ? nestedCapInsertion(call, callConfig.value, configName, capName)
    : python
      ? nestedCapInsertion(call, ctorConfig?.value, configName, capName)
      : ctorConfig
        ? nestedCapInsertion(call, ctorConfig.value, configName, capName)
        : ctorOptions
          ? { param: capName, style: 'property' as const, container: ctorOptions.span, nestedIn: { param: configName, style: 'property' as const, wrapper: 'object' as const } }
          : null;
  const responseType = either(callConfig?.value, 'response_mime_type', 'responseMimeType') ?? either(ctorConfig?.value, 'response_mime_type', 'responseMimeType');
  return callSite(call, {
    provider: 'google',
    api,
    model: modelRefFrom(modelValue),
    outputCap: capFrom(cap, cap ? `${configName}.${cap.key}` : undefined),
    capInsertion,
    promptParts,
    structuredOutput: /json/.test(stringOf(responseType?.value)),
    streaming: call.method.endsWith('Stream') || isTruthy(callParam('stream', 'stream')?.value),
    messageList: history ?? contents ?? null,
  });
}

/**
 * The cap lives in a nested config: inside it when it is a literal dict/object/config call, else a new
 * config argument (`config={"max_output_tokens": 256}` / `config: { maxOutputTokens: 256 }`).
 */
function nestedCapInsertion(call: NeutralCall, config: Value | undefined, configName: string, capName: string): CapInsertion | null {
  const python = call.language === 'python';
  if (config) {
    if (config.kind === 'call') return { param: capName, style: 'keyword', container: config.args.span };
    if (config.kind === 'object') return { param: capName, style: 'property', container: config.span };
    return null;
  }
  if (python) return { param: capName, style: 'keyword', container: call.args.span, nestedIn: { param: configName, style: 'keyword', wrapper: 'dict' } };
  const options = optionsObject(call.args);
  if (!options) return null;
  return { param: capName, style: 'property', container: options.span, nestedIn: { param: configName, style: 'property', wrapper: 'object' } };
}

function stringOf(value: Value | undefined): string {
  if (!value || value.kind !== 'string') return '';
  return value.pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
}

export const googleProvider: ProviderModule = { id: 'google', match };
