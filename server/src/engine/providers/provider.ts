/**
 * The contract every provider module implements, and the shared pieces of a CallSite.
 */
import type { CallKind, CallSite, Instance, Language, ModelRef, NeutralCall, Provider } from '../model';

export interface ProviderModule {
  id: Provider;
  /** The CallSite when `call` is one of this SDK's model calls, else null. */
  match(call: NeutralCall): CallSite | null;
}

/** What the client a request is made on decides: the SDK family and vendor, the API name, a model bound at wrap time. */
export interface RequestContext {
  site: { provider: Provider; modelProvider: Provider | null };
  api: string;
  /** A model bound when the client was made (`instructor.from_provider("openai/gpt-4o")`), used when the call names none. */
  model?: ModelRef;
}

/** The cap name a fix inserts: the first spelled the way the call's language spells parameters. */
export function preferredCap(caps: readonly string[], language: Language): string {
  const python = language === 'python';
  return caps.find((cap) => (python ? !/[A-Z]/.test(cap) : !cap.includes('_'))) ?? caps[0];
}

/** Where a call lands on a client: the method path and the instance (null for module-level clients). */
export interface ClientTarget {
  method: string;
  instance: Instance | null;
  clientSymbol: string;
}

/**
 * Resolves `client.chat.completions.create` (an instance of one of `clientSymbols`) and module-level
 * clients (`openai.chat.completions.create` in Python, where the module itself acts as a client).
 */
export function clientTarget(call: NeutralCall, clientSymbols: readonly string[], moduleClients: readonly string[] = []): ClientTarget | null {
  if (call.receiver && clientSymbols.includes(call.receiver.symbol)) {
    return { method: call.method, instance: call.receiver, clientSymbol: call.receiver.symbol };
  }
  if (call.symbol) {
    for (const moduleClient of moduleClients) {
      if (call.symbol.startsWith(moduleClient + '.')) {
        return { method: call.symbol.slice(moduleClient.length + 1), instance: null, clientSymbol: moduleClient };
      }
    }
  }
  return null;
}

/** A CallSite with the fields every provider fills the same way. */
export function callSite(
  call: NeutralCall,
  fields: Pick<CallSite, 'provider' | 'api' | 'model' | 'outputCap' | 'capInsertion' | 'promptParts'> &
    Partial<Pick<CallSite, 'modelProvider' | 'kind' | 'structuredOutput' | 'streaming' | 'batch' | 'messageList' | 'argumentsOpaque'>>,
): CallSite {
  const kind: CallKind = fields.kind ?? 'generation';
  return {
    id: `${call.span.file}:${call.span.start}`,
    file: call.span.file,
    language: call.language,
    span: call.span,
    calleeSpan: call.calleeSpan,
    provider: fields.provider,
    modelProvider: fields.modelProvider !== undefined ? fields.modelProvider : firstPartyProvider(fields.provider),
    api: fields.api,
    kind,
    model: fields.model,
    outputCap: kind === 'generation' ? fields.outputCap : null,
    capInsertion: kind === 'generation' ? fields.capInsertion : null,
    promptParts: fields.promptParts,
    structuredOutput: fields.structuredOutput ?? false,
    streaming: fields.streaming ?? false,
    batch: fields.batch ?? false,
    inLoop: call.inLoop,
    enclosingFunction: call.enclosingFunction,
    argumentsOpaque: fields.argumentsOpaque ?? !!call.args.spread,
    messageList: fields.messageList ?? null,
    call,
  };
}

/**
 * Where a top-level cap argument goes: a Python keyword argument, or a property of the JS options object.
 * Null when a JS call has no literal options object to add to.
 */
export function topLevelCapInsertion(call: NeutralCall, capParam: string): CallSite['capInsertion'] {
  if (call.language === 'python') return { param: capParam, style: 'keyword', container: call.args.span };
  const options = call.args.positional[0];
  if (options && options.kind === 'object') return { param: capParam, style: 'property', container: options.span };
  return null;
}

/** SDKs that serve only their own models; wrappers (LangChain, LiteLLM, Vercel AI) are resolved per call. */
function firstPartyProvider(provider: Provider): Provider | null {
  return provider === 'langchain' || provider === 'pydantic-ai' || provider === 'llamaindex' || provider === 'litellm' || provider === 'vercel-ai' ? null : provider;
}
