/**
 * Model objects: LangChain chat models (Python `langchain_*`, JS `@langchain/*`; the classes are in engine/sdks/langchain.ts) and
 * LlamaIndex LLMs (`llama_index.llms.*`, engine/sdks/llama-index.ts), which have the same shape.
 * The call site is the invocation (`invoke`, `stream`, `batch`, …) on a model, on what `bind_tools` /
 * `with_structured_output` return, or on a chain holding the model; model and cap come from the constructor.
 * A constructor no invocation in its file uses is reported itself, as the place the model is fixed.
 */
import type { CallSite, ModelRef, NeutralCall, ObjectEntry, PromptPart, Provider, Role, Value } from '../model';
import { invocationOf, modelClassOf, type ModelClass, type SdkFamily } from '../sdks';
import { langChain } from '../sdks/langchain';
import { llamaIndex } from '../sdks/llama-index';
import { callSite, preferredCap, topLevelCapInsertion, type ProviderModule } from './provider';
import { capFrom, contentPieces, entryOf, firstParam, isTruthy, messageParts, modelRefFrom, param, staticString, takeVendorPrefix } from './values';

/** Families whose model objects bind model and cap at construction and send requests from invocation methods. */
const MODEL_OBJECT_FAMILIES: ReadonlyMap<SdkFamily, Provider> = new Map([
  [langChain, 'langchain'],
  [llamaIndex, 'llamaindex'],
]);

function className(symbol: string): string {
  return symbol.slice(Math.max(symbol.lastIndexOf('.'), symbol.lastIndexOf(':')) + 1);
}

/** The model a constructor names; `init_chat_model("openai:gpt-4o")` also names the vendor. */
function modelOf(args: NeutralCall['args'], modelClass: ModelClass): { model: ModelRef; vendor: Provider | null } {
  let value: Value | undefined;
  for (const at of modelClass.modelParams) {
    value = typeof at === 'number' ? (args.positional[at]?.kind === 'object' ? undefined : args.positional[at]) : param(args, at)?.value;
    if (value) break;
  }
  const model = modelRefFrom(value, 'no model argument: the library default applies');
  let vendor = modelClass.vendor;
  const providerParam = staticString((param(args, 'model_provider') ?? param(args, 'modelProvider'))?.value);
  if (modelClass.vendor === null) vendor = takeVendorPrefix(model, VENDOR_PREFIXES) ?? vendor;
  if (providerParam) vendor = VENDOR_PREFIXES[providerParam] ?? vendor;
  return { model, vendor };
}

const VENDOR_PREFIXES: Record<string, Provider> = {
  openai: 'openai',
  azure_openai: 'azure-openai',
  anthropic: 'anthropic',
  google_genai: 'google',
  google_vertexai: 'google',
  'google-genai': 'google',
  'google-vertexai': 'google',
  bedrock: 'bedrock',
  bedrock_converse: 'bedrock',
  mistralai: 'mistral',
  groq: 'groq',
  cohere: 'cohere',
  fireworks: 'fireworks',
  together: 'together',
  ollama: 'local',
  xai: 'xai',
  deepseek: 'deepseek',
};

/** `[SystemMessage(content=...), ("human", "...")]`, `{"role": ..., "content": ...}` or a plain string. */
function invocationParts(input: Value | undefined): PromptPart[] {
  if (!input) return [];
  if (input.kind !== 'array') return messageParts(input);
  const parts: PromptPart[] = [];
  input.items.forEach((item, index) => {
    const message = langChainMessage(item);
    if (message) {
      const { pieces, cached } = contentPieces(message.content);
      parts.push({ role: message.role, pieces, span: message.content.span, messageIndex: index, cached });
    } else parts.push(...messageParts({ ...input, items: [item] }).map((part) => ({ ...part, messageIndex: index })));
  });
  return parts;
}

const MESSAGE_CLASSES: Record<string, Role> = { SystemMessage: 'system', HumanMessage: 'user', AIMessage: 'assistant', ToolMessage: 'tool' };
const TUPLE_ROLES: Record<string, Role> = { system: 'system', human: 'user', user: 'user', ai: 'assistant', assistant: 'assistant' };

function langChainMessage(item: Value): { role: Role; content: Value } | undefined {
  if (item.kind === 'call') {
    const name = item.calleeText.split('.').pop() ?? '';
    // LlamaIndex `ChatMessage(role="user" | MessageRole.USER, content=...)`.
    const role = name === 'ChatMessage' ? chatMessageRole(entryOf(item, 'role')?.value) : MESSAGE_CLASSES[name];
    const content = entryOf(item, 'content')?.value ?? item.args.positional[0];
    if (role && content) return { role, content: content.kind === 'object' ? (entryOf(content, 'content')?.value ?? content) : content };
  }
  if (item.kind === 'array' && item.items.length === 2) {
    const role = TUPLE_ROLES[staticString(item.items[0]) ?? ''];
    if (role) return { role, content: item.items[1] };
  }
  return undefined;
}

function chatMessageRole(value: Value | undefined): Role | undefined {
  const text = staticString(value) ?? (value?.kind === 'unknown' ? value.expression.split('.').pop() : undefined);
  return text ? TUPLE_ROLES[text.toLowerCase()] : 'user';
}

/** What an invocation sends: its first argument, or in LlamaIndex JS the `messages` / `prompt` of its options (`llm.chat({ messages })`). */
function invocationInput(call: NeutralCall, provider: Provider): Value | undefined {
  const first = call.args.positional[0];
  if (provider !== 'llamaindex' || call.language === 'python' || first?.kind !== 'object') return first;
  return (entryOf(first, 'messages') ?? entryOf(first, 'prompt'))?.value;
}

/** A constructor parameter: a keyword, or a property of any options object (`initChatModel('id', { maxTokens })`). */
function ctorParam(args: NeutralCall['args'], names: readonly string[]) {
  const direct = firstParam(args, names);
  if (direct) return direct;
  // `model_kwargs.max_tokens`: a cap inside a dict the class passes through to the request.
  for (const name of names) {
    const [outer, inner] = name.split('.');
    const entry = inner ? entryOf(param(args, outer)?.value, inner) : undefined;
    if (entry) return { ...entry, key: name };
  }
  for (const value of args.positional.slice(1)) {
    if (value.kind !== 'object') continue;
    for (const name of names) {
      const entry = entryOf(value, name);
      if (entry) return entry;
    }
  }
  return undefined;
}

function invocation(call: NeutralCall): CallSite | null {
  const receiver = call.receiver;
  if (!receiver) return null;
  const found = modelClassOf(receiver.symbol);
  const provider = found && MODEL_OBJECT_FAMILIES.get(found.family);
  if (!found || !provider) return null;
  const invoked = invocationOf(found.family, call.method);
  if (!invoked || /embed/i.test(call.method) !== !!found.model.embedding) return null;
  const { model, vendor } = modelOf(receiver.ctorArgs, found.model);
  if (found.model.embedding) {
    const site = callSite(call, {
      provider,
      modelProvider: vendor,
      api: `${className(receiver.symbol)}.${call.method}`,
      kind: 'embedding',
      model,
      outputCap: null,
      capInsertion: null,
      promptParts: messageParts(call.args.positional[0]),
      batch: !!invoked.batch,
    });
    site.boundAt = receiver.span;
    return site;
  }
  let capEntry = ctorParam(receiver.ctorArgs, found.model.capParams);
  const configured = configuredFields(receiver.ctorArgs, call);
  let siteModel = model;
  let siteVendor = vendor;
  if (configured) {
    const configuredModel = configured('model');
    if (configuredModel) {
      const chosen = modelOf({ positional: [configuredModel.value], named: [{ ...configuredModel, key: 'model' }], span: call.args.span }, found.model);
      siteModel = chosen.model;
      siteVendor = chosen.vendor ?? siteVendor;
    }
    const configuredVendor = staticString((configured('modelProvider') ?? configured('model_provider'))?.value);
    if (configuredVendor) siteVendor = VENDOR_PREFIXES[configuredVendor] ?? siteVendor;
    capEntry = found.model.capParams.map((name) => configured(name)).find((entry) => entry !== undefined) ?? capEntry;
  }
  const site = callSite(call, {
    provider,
    modelProvider: siteVendor,
    api: `${className(receiver.symbol)}.${call.method}`,
    model: siteModel,
    outputCap: capFrom(capEntry) ?? libraryDefaultCap(found.model, receiver.span, call.language),
    capInsertion: receiver.ctorArgs.span.file === call.span.file ? ctorCapInsertion(receiver, call, found.model) : null,
    promptParts: invocationParts(invocationInput(call, provider)),
    streaming: !!invoked.streaming || !!param(receiver.ctorArgs, 'streaming') || isTruthy(entryOf(call.args.positional[0], 'stream')?.value),
  });
  site.boundAt = receiver.span;
  return site;
}

/**
 * A configurable model (`initChatModel('gpt-4o', { configurableFields: [...], configPrefix: 'first' })`) invoked
 * with `{ configurable: { first_model: '...' } }`: a lookup of the fields that call sets, or undefined.
 */
function configuredFields(ctor: NeutralCall['args'], call: NeutralCall): ((field: string) => ObjectEntry | undefined) | undefined {
  if (!ctorParam(ctor, ['configurableFields', 'configurable_fields'])) return undefined;
  const config = call.language === 'python' ? (param(call.args, 'config')?.value ?? call.args.positional[1]) : call.args.positional[1];
  const configurable = entryOf(config, 'configurable')?.value;
  if (!configurable || configurable.kind !== 'object') return undefined;
  const prefix = staticString(ctorParam(ctor, ['configPrefix', 'config_prefix'])?.value);
  return (field) => entryOf(configurable, prefix ? `${prefix}_${field}` : field);
}

/** The cap the library sends when the code sets none, marked as such. */
function libraryDefaultCap(modelClass: ModelClass, at: CallSite['span'], language: NeutralCall['language']): CallSite['outputCap'] {
  if (modelClass.defaultCap === undefined) return null;
  return { param: preferredCap(modelClass.capParams, language), value: modelClass.defaultCap, span: at, libraryDefault: true };
}

/** The cap a fix can add as a keyword or property; none when the class only takes it inside a dict (`additional_kwargs`). */
function insertableCap(modelClass: ModelClass, language: NeutralCall['language']): string | undefined {
  const cap = preferredCap(modelClass.capParams, language);
  return cap.includes('.') ? undefined : cap;
}

/** The cap goes into the constructor, where the model is made. */
function ctorCapInsertion(receiver: NonNullable<NeutralCall['receiver']>, call: NeutralCall, modelClass: ModelClass): CallSite['capInsertion'] {
  const cap = insertableCap(modelClass, call.language);
  if (!cap) return null;
  if (call.language === 'python') return { param: cap, style: 'keyword', container: receiver.ctorArgs.span };
  const options = receiver.ctorArgs.positional.find((value) => value.kind === 'object');
  return options ? { param: cap, style: 'property', container: options.span } : null;
}

function constructor(call: NeutralCall): CallSite | null {
  // A model a factory returns is invoked by the factory's callers: their invocations are the sites.
  if (!call.symbol || call.receiver || call.returned) return null;
  const found = modelClassOf(call.symbol);
  const provider = found && MODEL_OBJECT_FAMILIES.get(found.family);
  // An embeddings object alone is no request: it is handed to vector stores that call it later.
  if (!found || !provider || found.model.embedding) return null;
  const { model, vendor } = modelOf(call.args, found.model);
  const site = callSite(call, {
    provider,
    modelProvider: vendor,
    api: className(call.symbol),
    model,
    outputCap: capFrom(ctorParam(call.args, found.model.capParams)) ?? libraryDefaultCap(found.model, call.span, call.language),
    capInsertion: insertableCap(found.model, call.language) ? topLevelCapInsertion(call, insertableCap(found.model, call.language)!) : null,
    // The prompt is given later to `invoke`; the constructor fixes model and cap only.
    promptParts: [],
    streaming: !!param(call.args, 'streaming'),
  });
  site.constructorOnly = true;
  return site;
}

function match(call: NeutralCall): CallSite | null {
  return invocation(call) ?? constructor(call);
}

// The id names the family the module was written for; the family of each site decides its `provider`.
export const modelObjectProvider: ProviderModule = { id: 'langchain', match };
