/**
 * Pydantic AI agents (the catalog entry is engine/sdks/pydantic-ai.ts). The call site is the run (`run`,
 * `run_sync`, `run_stream`, …) of an `Agent`; model, settings and system prompt come from the agent, and a model
 * or `model_settings` given to the run overrides them. An agent no run in its file uses is reported itself.
 */
import type { Args, CallSite, ModelRef, NeutralCall, ObjectEntry, PromptPart, Provider, Value } from '../model';
import { invocationOf, modelClassOf, vendorOfBaseUrl } from '../sdks';
import { PYDANTIC_AI_MODEL_CLASSES, PYDANTIC_AI_PROVIDERS, pydanticAi } from '../sdks/pydantic-ai';
import { callSite, type ProviderModule } from './provider';
import { capFrom, entryOf, messageParts, modelRefFrom, param, staticString, takeVendorPrefix } from './values';

const CAP = 'max_tokens';

function lastName(symbol: string): string {
  return symbol.slice(symbol.lastIndexOf('.') + 1);
}

/** The model an agent or a run names: a `"provider:model"` string, or a model object such as `OpenAIChatModel("gpt-4o")`. */
function modelOf(value: Value | undefined): { model: ModelRef; vendor: Provider | null; settings?: Value } {
  if (value?.kind === 'call' && value.symbol && lastName(value.symbol) in PYDANTIC_AI_MODEL_CLASSES) {
    const name = value.args.positional[0] ?? param(value.args, 'model_name')?.value;
    return {
      model: modelRefFrom(name, 'no model name given to the model class'),
      vendor: providerVendor(param(value.args, 'provider')?.value) ?? PYDANTIC_AI_MODEL_CLASSES[lastName(value.symbol)],
      settings: param(value.args, 'settings')?.value,
    };
  }
  const model = modelRefFrom(value, 'no model given: it must be passed to each run');
  return { model, vendor: takeVendorPrefix(model, PYDANTIC_AI_PROVIDERS) ?? null };
}

/** `provider="deepseek"`, `DeepSeekProvider(...)`, `OpenAIProvider(base_url="https://api.groq.com/openai/v1")`. */
function providerVendor(value: Value | undefined): Provider | null | undefined {
  const name = staticString(value);
  if (name !== undefined) return PYDANTIC_AI_PROVIDERS[name];
  if (value?.kind !== 'call' || !value.symbol) return undefined;
  const baseUrl = staticString(param(value.args, 'base_url')?.value);
  const host = baseUrl ? vendorOfBaseUrl(baseUrl) : undefined;
  if (host) return host.vendor;
  const className = lastName(value.symbol).replace(/Provider$/, '').toLowerCase();
  return PYDANTIC_AI_PROVIDERS[className];
}

function capEntry(settings: Value | undefined): ObjectEntry | undefined {
  return entryOf(settings, CAP);
}

/** The agent's system prompt and instructions, each a system part. */
function agentParts(ctor: Args): PromptPart[] {
  const parts: PromptPart[] = [];
  for (const name of ['system_prompt', 'instructions']) {
    const value = param(ctor, name)?.value;
    if (value) parts.push(...messageParts(value, 'system').map((part) => ({ ...part, messageIndex: -1 })));
  }
  return parts;
}

/** Where a cap goes: into the agent's `model_settings`, or a new `model_settings={"max_tokens": …}`. */
function capInsertion(ctor: Args, ctorSpan: { file: string }, call: NeutralCall): CallSite['capInsertion'] {
  if (ctorSpan.file !== call.span.file) return null;
  const settings = param(ctor, 'model_settings')?.value;
  if (settings?.kind === 'object' || settings?.kind === 'call') return { param: CAP, style: 'property', container: settings.span };
  if (settings) return null;
  return { param: CAP, style: 'keyword', container: ctor.span, nestedIn: { param: 'model_settings', style: 'keyword', wrapper: 'dict' } };
}

function isStructured(ctor: Args): boolean {
  const output = param(ctor, 'output_type')?.value;
  return !!output && !(output.kind === 'unknown' && output.expression === 'str');
}

function run(call: NeutralCall): CallSite | null {
  const receiver = call.receiver;
  if (!receiver) return null;
  const found = modelClassOf(receiver.symbol);
  if (found?.family !== pydanticAi) return null;
  const invoked = invocationOf(found.family, call.method);
  if (!invoked) return null;
  const ctor = receiver.ctorArgs;
  const runModel = param(call.args, 'model')?.value;
  const { model, vendor, settings: modelSettings } = modelOf(runModel ?? ctor.positional[0] ?? param(ctor, 'model')?.value);
  const cap = capEntry(param(call.args, 'model_settings')?.value) ?? capEntry(param(ctor, 'model_settings')?.value) ?? capEntry(modelSettings);
  const userPrompt = param(call.args, 'user_prompt')?.value ?? call.args.positional[0];
  const history = param(call.args, 'message_history')?.value;
  const site = callSite(call, {
    provider: 'pydantic-ai',
    modelProvider: vendor,
    api: `Agent.${call.method}`,
    model,
    outputCap: capFrom(cap, CAP),
    capInsertion: runModel ? null : capInsertion(ctor, receiver.span, call),
    promptParts: [...agentParts(ctor), ...messageParts(history), ...messageParts(userPrompt)],
    structuredOutput: isStructured(ctor),
    streaming: !!invoked.streaming,
  });
  site.boundAt = receiver.span;
  return site;
}

function constructor(call: NeutralCall): CallSite | null {
  // An agent a factory returns is run by the factory's callers: their runs are the sites.
  if (!call.symbol || call.receiver || call.returned) return null;
  if (modelClassOf(call.symbol)?.family !== pydanticAi) return null;
  const { model, vendor, settings } = modelOf(call.args.positional[0] ?? param(call.args, 'model')?.value);
  const site = callSite(call, {
    provider: 'pydantic-ai',
    modelProvider: vendor,
    api: 'Agent',
    model,
    outputCap: capFrom(capEntry(param(call.args, 'model_settings')?.value) ?? capEntry(settings), CAP),
    capInsertion: capInsertion(call.args, call.span, call),
    // The user prompt is given later to `run`; the agent fixes model, settings and system prompt.
    promptParts: agentParts(call.args),
    structuredOutput: isStructured(call.args),
  });
  site.constructorOnly = true;
  return site;
}

function match(call: NeutralCall): CallSite | null {
  return run(call) ?? constructor(call);
}

export const pydanticAiProvider: ProviderModule = { id: 'pydantic-ai', match };
