/**
 * LiteLLM (`litellm.completion`, `acompletion`, `text_completion`, `embedding`) and its Router.
 * Models carry a provider prefix (`anthropic/claude-…`, `gemini/gemini-…`); pricing strips it.
 */
import type { CallSite, NeutralCall, Provider } from '../model';
import { callSite, topLevelCapInsertion, type ProviderModule } from './provider';
import { capFrom, firstParam, flag, messageParts, modelRefFrom, param, partFrom } from './values';

const FUNCTIONS: Record<string, 'chat' | 'text' | 'embedding'> = {
  'litellm.completion': 'chat',
  'litellm.acompletion': 'chat',
  'litellm.text_completion': 'text',
  'litellm.atext_completion': 'text',
  'litellm.embedding': 'embedding',
  'litellm.aembedding': 'embedding',
};
const ROUTER = 'litellm.Router';

function match(call: NeutralCall): CallSite | null {
  let name: string | undefined;
  if (call.symbol && FUNCTIONS[call.symbol]) name = call.symbol;
  else if (call.receiver?.symbol === ROUTER && FUNCTIONS[`litellm.${call.method}`]) name = `litellm.${call.method}`;
  if (!name) return null;
  const kind = FUNCTIONS[name];
  const api = name.slice('litellm.'.length);
  const model = modelRefFrom(param(call.args, 'model')?.value ?? call.args.positional[0]);
  const modelProvider = liteLlmModelProvider(model.value);
  if (kind === 'embedding') {
    const input = param(call.args, 'input');
    return callSite(call, { provider: 'litellm', modelProvider, api, kind: 'embedding', model, outputCap: null, capInsertion: null, promptParts: input ? [partFrom(input.value, 'user')] : [] });
  }
  const messages = kind === 'chat' ? (param(call.args, 'messages')?.value ?? call.args.positional[1]) : undefined;
  const prompt = kind === 'text' ? param(call.args, 'prompt') : undefined;
  return callSite(call, {
    provider: 'litellm',
    modelProvider,
    api,
    model,
    outputCap: capFrom(firstParam(call.args, ['max_tokens', 'max_completion_tokens'])),
    capInsertion: topLevelCapInsertion(call, 'max_tokens'),
    promptParts: messages ? messageParts(messages) : prompt ? [partFrom(prompt.value, 'prompt')] : [],
    structuredOutput: !!param(call.args, 'response_format'),
    streaming: flag(call, 'stream'),
    messageList: messages ?? null,
  });
}

const PREFIXES: Record<string, Provider> = {
  openai: 'openai',
  azure: 'azure-openai',
  anthropic: 'anthropic',
  gemini: 'google',
  vertex_ai: 'google',
  bedrock: 'bedrock',
  google: 'google',
  mistral: 'mistral',
  groq: 'groq',
  cohere: 'cohere',
  cohere_chat: 'cohere',
  together_ai: 'together',
  together: 'together',
  fireworks_ai: 'fireworks',
  fireworks: 'fireworks',
  deepseek: 'deepseek',
  xai: 'xai',
  openrouter: 'openrouter',
  perplexity: 'perplexity',
  cerebras: 'cerebras',
  deepinfra: 'deepinfra',
  ollama: 'local',
  ollama_chat: 'local',
  lm_studio: 'local',
  hosted_vllm: 'local',
};

/** `anthropic/claude-3-5-sonnet` -> anthropic; an unprefixed name is left to the model-name lookup. */
export function liteLlmModelProvider(model: string | null): Provider | null {
  if (!model) return null;
  const slash = model.indexOf('/');
  return slash > 0 ? (PREFIXES[model.slice(0, slash)] ?? null) : null;
}

export const liteLlmProvider: ProviderModule = { id: 'litellm', match };
