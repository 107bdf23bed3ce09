/**
 * The SDK catalog: one entry per SDK family (a file each in this folder), and the lookups the front ends and
 * provider modules make in it. Adding an SDK is a catalog entry plus fixtures; README's SDK table is generated
 * from these entries (scripts/generate-sdk-table.ts).
 */
import { anthropic } from './anthropic';
import { bedrock } from './bedrock';
import { cerebras, cohere, cohereV2, fireworks, groq, mistral, ollama, together } from './compatible';
import { googleGenAi } from './google';
import { langChain } from './langchain';
import { liteLlm } from './litellm';
import { llamaIndex } from './llama-index';
import { openAi } from './openai';
import { pydanticAi } from './pydantic-ai';
import type { ArgumentBinding, ClientClass, ClientWrapper, Invocation, ModelClass, RequestMethod, SdkFamily } from './types';
import { AI_SDK_NON_PROVIDERS, vercelAi } from './vercel-ai';
import { agents, instructor, langSmith } from './wrappers';
import type { Instance, Provider, Value } from '../model';

export type { ClientClass, ClientWrapper, Invocation, ModelClass, RequestMethod, RequestShape, SdkFamily } from './types';
export { vendorOfBaseUrl } from './hosts';

export const SDK_CATALOG: readonly SdkFamily[] = [openAi, anthropic, googleGenAi, liteLlm, langChain, vercelAi, bedrock, mistral, groq, cohere, cohereV2, together, fireworks, cerebras, ollama, instructor, langSmith, agents, pydanticAi, llamaIndex];

export const PYTHON_MODULES: readonly string[] = [...new Set(SDK_CATALOG.flatMap((family) => family.python ?? []))];
const JS_EXACT = new Set(SDK_CATALOG.flatMap((family) => (family.js ?? []).filter((m) => !m.endsWith('*'))));
const JS_PREFIXES = SDK_CATALOG.flatMap((family) => (family.js ?? []).filter((m) => m.endsWith('*')).map((m) => m.slice(0, -1)));

export function isPythonModuleTracked(symbol: string): boolean {
  return PYTHON_MODULES.some((m) => symbol === m || symbol.startsWith(m + '.'));
}

/** `openai/index`, `openai/index.js`: a package's index module is the package. */
export function packageSpecifier(specifier: string): string {
  return specifier.replace(/\/index(\.[cm]?js)?$/, '');
}

export function isJsModuleTracked(specifier: string): boolean {
  specifier = packageSpecifier(specifier);
  if (JS_EXACT.has(specifier)) return true;
  return JS_PREFIXES.some((prefix) => specifier.startsWith(prefix)) && !AI_SDK_NON_PROVIDERS.includes(specifier);
}

interface ClientEntry {
  family: SdkFamily;
  client: ClientClass;
}

const CLIENTS = new Map<string, ClientEntry>();
const WRAPPERS = new Map<string, ClientWrapper>();
const MODELS = new Map<string, { family: SdkFamily; model: ModelClass }>();
const SAME_SHAPE = new Set<string>();
const ARGUMENT_BINDING = new Map<string, ArgumentBinding>();
for (const family of SDK_CATALOG) {
  for (const [symbol, client] of Object.entries(family.clients ?? {})) CLIENTS.set(symbol, { family, client });
  for (const [symbol, wrapper] of Object.entries(family.wrappers ?? {})) WRAPPERS.set(symbol, wrapper);
  for (const [symbol, model] of Object.entries(family.models ?? {})) MODELS.set(symbol, { family, model });
  for (const method of family.sameShapeMethods ?? []) SAME_SHAPE.add(method);
  for (const [method, kind] of Object.entries(family.argumentBindingMethods ?? {})) ARGUMENT_BINDING.set(method, kind);
}

/** The client class a constructor or factory symbol makes, with its family. */
export function clientOf(symbol: string): ClientEntry | undefined {
  return CLIENTS.get(symbol) ?? CLIENTS.get(exportedFromTop(symbol));
}

/** `mistralai.client.Mistral` -> `mistralai.Mistral`: Python packages re-export their classes at the top. */
function exportedFromTop(symbol: string): string {
  if (symbol.includes(':') || symbol.includes('#')) return symbol;
  const parts = symbol.split('.');
  return parts.length > 2 ? `${parts[0]}.${parts[parts.length - 1]}` : symbol;
}

/** Python modules that act as clients themselves (`openai.chat.completions.create`). */
export const MODULE_CLIENTS: readonly { module: string; family: SdkFamily }[] = SDK_CATALOG.flatMap((family) => (family.moduleClients ?? []).map((module) => ({ module, family })));

/** A call that wraps a client (`instructor.from_openai`, `wrap_openai`): where its client argument is. */
export function clientWrapperOf(symbol: string): ClientWrapper | undefined {
  return WRAPPERS.get(symbol);
}

/** True for a method that returns an object of the receiver's shape (`with_options`, `bind_tools`). */
export function keepsShape(method: string): boolean {
  return SAME_SHAPE.has(method);
}

/** How a same-shape method binds request arguments for later calls (`bind`, `with_config`), if it does. */
export function argumentBindingOf(method: string): ArgumentBinding | undefined {
  return ARGUMENT_BINDING.get(method);
}

export function modelClassOf(symbol: string): { family: SdkFamily; model: ModelClass } | undefined {
  return MODELS.get(symbol) ?? MODELS.get(exportedFromTop(symbol));
}

export function invocationOf(family: SdkFamily, method: string): Invocation | undefined {
  return family.invocations?.[method];
}

export function requestOf(family: SdkFamily, method: string): RequestMethod | undefined {
  return family.requests?.[method];
}

/** The vendor of a Vercel AI SDK provider package; undefined when the module makes no models. */
export function modelFactoryVendor(specifier: string): Provider | null | undefined {
  const factories = vercelAi.modelFactories!;
  if (specifier in factories) return factories[specifier];
  if (specifier.startsWith('@ai-sdk/') && !AI_SDK_NON_PROVIDERS.includes(specifier)) return null;
  return undefined;
}

/** The instance a resolved value stands for: a client made by an SDK call, unwrapped from wrapper calls. */
export function instanceFromValue(value: Value, depth = 0): Instance | null {
  if (value.kind !== 'call' || !value.symbol || depth > 8) return null;
  const wrapper = clientWrapperOf(value.symbol);
  if (wrapper) {
    const argument = typeof wrapper.argument === 'number' ? value.args.positional[wrapper.argument] : (value.args.named.find((e) => e.key === wrapper.argument)?.value ?? objectEntry(value.args.positional[0], wrapper.argument));
    const inner = argument ? instanceFromValue(argument, depth + 1) : null;
    return inner ? { ...inner, via: value.symbol } : null;
  }
  return { symbol: value.symbol, ctorArgs: value.args, span: value.span };
}

function objectEntry(value: Value | undefined, key: string): Value | undefined {
  return value?.kind === 'object' ? value.entries.find((entry) => entry.key === key)?.value : undefined;
}
export { REQUEST_SETTING_PATHS } from './request-settings';
export type { RequestSettingPaths } from './request-settings';
