/**
 * Vercel AI SDK (`ai`): generateText / streamText / generateObject / streamObject with a model from a
 * provider package (`openai('gpt-4o')`, `anthropic('claude-…')`, `google('gemini-…')`, `azure('deployment')`).
 */
import type { CallSite, ModelRef, NeutralCall, Provider, Value } from '../model';
import { callSite, topLevelCapInsertion, type ProviderModule } from './provider';
import { capFrom, firstParam, flag, messageParts, modelRefFrom, param, partFrom } from './values';

const FUNCTIONS = new Set(['ai:generateText', 'ai:streamText', 'ai:generateObject', 'ai:streamObject']);
const EMBED_FUNCTIONS = new Set(['ai:embed', 'ai:embedMany']);

/** Provider factory symbols -> the provider serving the model. */
const MODEL_FACTORIES: Record<string, Provider> = {
  '@ai-sdk/openai:openai': 'openai',
  '@ai-sdk/openai:createOpenAI': 'openai',
  '@ai-sdk/anthropic:anthropic': 'anthropic',
  '@ai-sdk/anthropic:createAnthropic': 'anthropic',
  '@ai-sdk/google:google': 'google',
  '@ai-sdk/google:createGoogleGenerativeAI': 'google',
  '@ai-sdk/azure:azure': 'azure-openai',
  '@ai-sdk/amazon-bedrock:bedrock': 'bedrock',
};

/** `openai('gpt-4o')`, `openai.chat('gpt-4o')`, `openai.responses('gpt-4o')`, or a gateway string `'openai/gpt-4o'`. */
export function vercelModel(value: Value | undefined): { model: ModelRef; provider: Provider | null } {
  if (value && value.kind === 'call' && value.symbol) {
    const factory = Object.keys(MODEL_FACTORIES).find((symbol) => value.symbol === symbol || value.symbol!.startsWith(symbol + '.'));
    if (factory) return { model: modelRefFrom(value.args.positional[0]), provider: MODEL_FACTORIES[factory] };
  }
  if (value && value.kind === 'string') {
    const ref = modelRefFrom(value);
    const slash = ref.value?.indexOf('/') ?? -1;
    const prefix = slash > 0 ? ref.value!.slice(0, slash) : '';
    const provider: Provider | null = prefix === 'openai' ? 'openai' : prefix === 'anthropic' ? 'anthropic' : prefix === 'google' ? 'google' : null;
    return { model: ref, provider };
  }
  return { model: modelRefFrom(value), provider: null };
}

function match(call: NeutralCall): CallSite | null {
  if (!call.symbol || call.receiver) return null;
  const embedding = EMBED_FUNCTIONS.has(call.symbol);
  if (!FUNCTIONS.has(call.symbol) && !embedding) return null;
  const api = call.symbol.slice('ai:'.length);
  const { model, provider } = vercelModel(param(call.args, 'model')?.value);
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
