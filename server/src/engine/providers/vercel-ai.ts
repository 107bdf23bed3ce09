/**
 * Vercel AI SDK (`ai`): generateText / streamText / generateObject / streamObject with a model from a
 * provider package (`openai('gpt-4o')`, `anthropic('claude-…')`, `google('gemini-…')`, `azure('deployment')`).
 */
import type { CallSite, ModelRef, NeutralCall, Provider, Value } from '../model';
import { modelFactoryVendor, vendorOfBaseUrl } from '../sdks';
import { callSite, topLevelCapInsertion, type ProviderModule } from './provider';
import { capFrom, entryOf, firstParam, flag, messageParts, modelRefFrom, param, partFrom, staticString } from './values';

const FUNCTIONS = new Set(['ai:generateText', 'ai:streamText', 'ai:generateObject', 'ai:streamObject']);
const EMBED_FUNCTIONS = new Set(['ai:embed', 'ai:embedMany']);

/** Vendors named by the prefix of a gateway string (`'anthropic/claude-sonnet-4'`) or a registry id (`'openai:gpt-4o'`). */
const ROUTE_PREFIXES: Record<string, Provider> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  vertex: 'google',
  azure: 'azure-openai',
  bedrock: 'bedrock',
  'amazon-bedrock': 'bedrock',
  mistral: 'mistral',
  groq: 'groq',
  xai: 'xai',
  deepseek: 'deepseek',
  cohere: 'cohere',
  fireworks: 'fireworks',
  togetherai: 'together',
  together: 'together',
  perplexity: 'perplexity',
  cerebras: 'cerebras',
  deepinfra: 'deepinfra',
  openrouter: 'openrouter',
  ollama: 'local',
};

/** Methods of a provider that make something other than a language or embedding model. */
const NOT_MODELS = /(^|\.)(tools|image|imageModel|speech|speechModel|transcription|transcriptionModel|files)(\.|$)/;

/** `module:path#…`: the module specifier of a symbol. */
function moduleOf(symbol: string): string {
  return symbol.slice(0, symbol.indexOf(':') > 0 ? symbol.indexOf(':') : symbol.length);
}

/**
 * The model a value names: a provider call (`openai('gpt-4o')`, `openai.chat('gpt-4o')`, `createGroq({...})('id')`,
 * any `@ai-sdk/*` or community provider), a registry or custom provider lookup, `wrapLanguageModel({ model })`,
 * or a gateway string `'openai/gpt-4o'`.
 */
export function vercelModel(value: Value | undefined, depth = 0): { model: ModelRef; provider: Provider | null } {
  if (value && value.kind === 'call' && value.symbol && depth < 8) {
    // `ai` re-exports the AI Gateway provider (`import { gateway, createGateway } from 'ai'`).
    const symbol = /^ai:(gateway|createGateway)(\W|$)/.test(value.symbol) ? `@ai-sdk/gateway:${value.symbol.slice(3)}` : value.symbol;
    if (symbol === 'ai:wrapLanguageModel' || symbol === 'ai:experimental_wrapLanguageModel') return vercelModel(param(value.args, 'model')?.value, depth + 1);
    const lookup = /^ai:(createProviderRegistry|experimental_createProviderRegistry|customProvider|experimental_customProvider)#(languageModel|textEmbeddingModel|embeddingModel)$/.exec(symbol);
    if (lookup) return registryModel(value, depth);
    const vendor = modelFactoryVendor(moduleOf(symbol));
    const path = symbol.slice(symbol.indexOf(':') + 1);
    if (vendor !== undefined && !NOT_MODELS.test(path)) {
      const model = modelRefFrom(value.args.positional[0]);
      return { model, provider: hostVendor(value) ?? vendor ?? routeVendor(model.value, '/') };
    }
  }
  if (value && value.kind === 'string') {
    const ref = modelRefFrom(value);
    return { model: ref, provider: routeVendor(ref.value, '/') };
  }
  // A wrapper from outside the SDK that takes the model as an option (`createRetryable({ model, retries })`).
  const wrapped = value?.kind === 'call' && !value.symbol && depth < 8 ? param(value.args, 'model')?.value : undefined;
  if (wrapped && (wrapped.kind === 'call' || wrapped.kind === 'string')) {
    const inner = vercelModel(wrapped, depth + 1);
    if (inner.model.value) return inner;
  }
  return { model: modelRefFrom(value), provider: null };
}

/**
 * `registry.languageModel('openai:gpt-4o')` (the part before the colon names a provider of the registry) or a
 * custom provider's alias (`myProvider.languageModel('fast')`, looked up in its `languageModels`).
 */
function registryModel(value: Extract<Value, { kind: 'call' }>, depth: number): { model: ModelRef; provider: Provider | null } {
  const id = modelRefFrom(value.args.positional[0]);
  const made = value.receiver?.ctorArgs.positional[0];
  if (!id.value) return { model: id, provider: null };
  if (/customProvider$/.test(value.receiver?.symbol ?? '')) {
    const alias = entryOf(entryOf(made, 'languageModels')?.value ?? entryOf(made, 'textEmbeddingModels')?.value, id.value);
    if (alias) return vercelModel(alias.value, depth + 1);
    return { model: id, provider: null };
  }
  const separator = id.value.indexOf(':');
  if (separator <= 0) return { model: id, provider: null };
  const providerKey = id.value.slice(0, separator);
  const modelId = id.value.slice(separator + 1);
  const model: ModelRef = { ...id, value: modelId, editable: false, note: `${providerKey} provider of the registry` };
  const registered = entryOf(made, providerKey)?.value;
  if (registered?.kind === 'call' && registered.symbol && /customProvider$/.test(registered.symbol)) {
    const alias = entryOf(entryOf(registered.args.positional[0], 'languageModels')?.value, modelId);
    if (alias) return vercelModel(alias.value, depth + 1);
  }
  const registeredVendor = registered?.kind === 'call' && registered.symbol ? modelFactoryVendor(moduleOf(registered.symbol)) : undefined;
  return { model, provider: registeredVendor ?? ROUTE_PREFIXES[providerKey] ?? null };
}

/** `createOpenAI({ baseURL: 'https://api.groq.com/openai/v1' })('id')`: the host decides who serves. */
function hostVendor(value: Extract<Value, { kind: 'call' }>): Provider | undefined {
  const settings = value.receiver?.ctorArgs.positional[0];
  const url = staticString(entryOf(settings, 'baseURL')?.value);
  return url ? vendorOfBaseUrl(url)?.vendor : undefined;
}

function routeVendor(model: string | null, separator: string): Provider | null {
  const at = model?.indexOf(separator) ?? -1;
  return at > 0 ? (ROUTE_PREFIXES[model!.slice(0, at)] ?? null) : null;
}

const AGENT_CLASSES = new Set(['ai:Agent', 'ai:Experimental_Agent', 'ai:ToolLoopAgent']);
const AGENT_METHODS = new Set(['generate', 'stream', 'respond']);

/** `new ToolLoopAgent({ model, instructions, ... }).generate({ prompt })`: settings from the constructor, the call may override. */
function agentCall(call: NeutralCall): CallSite {
  const ctor = call.receiver!.ctorArgs;
  const read = (name: string) => param(call.args, name) ?? param(ctor, name);
  const { model, provider } = vercelModel(read('model')?.value);
  const parts = [];
  const system = read('system') ?? read('instructions');
  if (system) parts.push(partFrom(system.value, 'system'));
  const messages = param(call.args, 'messages')?.value;
  parts.push(...messageParts(messages));
  const prompt = param(call.args, 'prompt');
  if (prompt) parts.push(partFrom(prompt.value, 'user'));
  const capEntry = firstParam(call.args, ['maxOutputTokens', 'maxTokens']) ?? firstParam(ctor, ['maxOutputTokens', 'maxTokens']);
  return callSite(call, {
    provider: 'vercel-ai',
    modelProvider: provider,
    api: `${call.receiver!.symbol.slice('ai:'.length)}.${call.method}`,
    model,
    outputCap: capFrom(capEntry),
    capInsertion: topLevelCapInsertion(call, 'maxOutputTokens'),
    promptParts: parts,
    structuredOutput: !!read('output') || !!read('experimental_output'),
    streaming: call.method === 'stream',
    messageList: messages ?? null,
  });
}

function match(call: NeutralCall): CallSite | null {
  if (call.receiver && AGENT_CLASSES.has(call.receiver.symbol) && AGENT_METHODS.has(call.method)) return agentCall(call);
  if (!call.symbol || call.receiver) return null;
  const embedding = EMBED_FUNCTIONS.has(call.symbol);
  if (!FUNCTIONS.has(call.symbol) && !embedding) return null;
  const api = call.symbol.slice('ai:'.length);
  const modelValue = param(call.args, 'model')?.value;
  // Mock models (`new MockLanguageModelV3(...)` from `ai/test`) answer in the test itself: no request is sent.
  if (modelValue?.kind === 'call' && /^Mock\w*Model/.test(modelValue.calleeText.split('.').pop() ?? '')) return null;
  const { model, provider } = vercelModel(modelValue);
  if (embedding) {
    const value = param(call.args, 'value') ?? param(call.args, 'values');
    return callSite(call, { provider: 'vercel-ai', modelProvider: provider, api, kind: 'embedding', model, outputCap: null, capInsertion: null, promptParts: value ? [partFrom(value.value, 'user')] : [] });
  }
  const parts = [];
  const system = param(call.args, 'system');
  if (system) parts.push(partFrom(system.value, 'system'));
  const messages = param(call.args, 'messages')?.value;
  parts.push(...messageParts(messages));
  const prompt = param(call.args, 'prompt');
  if (prompt) parts.push(partFrom(prompt.value, 'user'));
  return callSite(call, {
    provider: 'vercel-ai',
    modelProvider: provider,
    api,
    model,
    // AI SDK 5 renamed maxTokens to maxOutputTokens; both are read, the current name is inserted.
    outputCap: capFrom(firstParam(call.args, ['maxOutputTokens', 'maxTokens'])),
    capInsertion: topLevelCapInsertion(call, 'maxOutputTokens'),
    promptParts: parts,
    structuredOutput: api.endsWith('Object') || !!param(call.args, 'experimental_output') || !!param(call.args, 'output'),
    streaming: api.startsWith('stream') || flag(call, 'stream'),
    messageList: messages ?? null,
  });
}

export const vercelAiProvider: ProviderModule = { id: 'vercel-ai', match };
