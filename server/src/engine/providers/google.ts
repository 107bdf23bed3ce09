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
    const kind = GENAI_METHODS[method];
    if (!kind) return null;
    return kind === 'embed' ? embedCall(call, method) : genaiCall(call, method);
  }
  if (call.receiver && LEGACY_MODELS.includes(call.receiver.symbol) && LEGACY_METHODS.has(call.method)) {
    return legacyCall(call);
  }
  return null;
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
function legacyCall(call: NeutralCall): CallSite {
  const python = call.language === 'python';
  const ctor = call.receiver!.ctorArgs;
  const ctorOptions = python ? undefined : optionsObject(ctor);
  const ctorParam = (snake: string, camel: string) => (python ? param(ctor, snake) : either(ctorOptions, snake, camel));
  const modelValue = python ? (param(ctor, 'model_name') ?? param(ctor, 'model'))?.value ?? ctor.positional[0] : ctorParam('model', 'model')?.value;

  const callOptions = python ? undefined : optionsObject(call.args);
  const callParam = (snake: string, camel: string) => (python ? param(call.args, snake) : either(callOptions, snake, camel));
  const promptParts: PromptPart[] = [];
  const system = ctorParam('system_instruction', 'systemInstruction') ?? callParam('system_instruction', 'systemInstruction');
  if (system) promptParts.push(partFrom(system.value, 'system'));
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
    api: `GenerativeModel.${call.method}`,
    model: modelRefFrom(modelValue),
    outputCap: capFrom(cap, cap ? `${configName}.${cap.key}` : undefined),
    capInsertion,
    promptParts,
    structuredOutput: /json/.test(stringOf(responseType?.value)),
    streaming: call.method.endsWith('Stream') || isTruthy(callParam('stream', 'stream')?.value),
    messageList: contents ?? null,
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
