import type { Provider } from '../model';
import type { SdkFamily } from './types';

/** `@ai-sdk/*` provider packages -> who serves their models (null: the model id or the host decides). */
const AI_SDK_PROVIDERS: Record<string, Provider | null> = {
  '@ai-sdk/openai': 'openai',
  '@ai-sdk/anthropic': 'anthropic',
  '@ai-sdk/google': 'google',
  '@ai-sdk/google-vertex': 'google',
  '@ai-sdk/google-vertex/anthropic': 'anthropic',
  '@ai-sdk/azure': 'azure-openai',
  '@ai-sdk/amazon-bedrock': 'bedrock',
  '@ai-sdk/mistral': 'mistral',
  '@ai-sdk/groq': 'groq',
  '@ai-sdk/xai': 'xai',
  '@ai-sdk/deepseek': 'deepseek',
  '@ai-sdk/cohere': 'cohere',
  '@ai-sdk/fireworks': 'fireworks',
  '@ai-sdk/togetherai': 'together',
  '@ai-sdk/perplexity': 'perplexity',
  '@ai-sdk/cerebras': 'cerebras',
  '@ai-sdk/deepinfra': 'deepinfra',
  '@ai-sdk/openai-compatible': null,
  '@ai-sdk/gateway': null,
  '@ai-sdk/vercel': null,
  '@ai-sdk/huggingface': null,
  '@ai-sdk/baseten': null,
  '@ai-sdk/replicate': null,
  'ollama-ai-provider': 'local',
  'ollama-ai-provider-v2': 'local',
  '@openrouter/ai-sdk-provider': 'openrouter',
  'workers-ai-provider': null,
  '@ai-sdk/*': null,
};

/** `@ai-sdk/*` packages that make no models: UI hooks, provider-writing utilities, MCP. */
export const AI_SDK_NON_PROVIDERS: readonly string[] = ['@ai-sdk/react', '@ai-sdk/ui-utils', '@ai-sdk/provider', '@ai-sdk/provider-utils', '@ai-sdk/rsc', '@ai-sdk/svelte', '@ai-sdk/vue', '@ai-sdk/solid', '@ai-sdk/angular', '@ai-sdk/mcp', '@ai-sdk/valibot', '@ai-sdk/langchain', '@ai-sdk/llamaindex'];

export const vercelAi: SdkFamily = {
  id: 'vercel-ai',
  name: 'Vercel AI SDK',
  js: ['ai', ...Object.keys(AI_SDK_PROVIDERS)],
  modelFactories: AI_SDK_PROVIDERS,
  covers:
    '`generateText`, `streamText`, `generateObject`, `streamObject`, `embed`, `embedMany`, the `Agent` / `ToolLoopAgent` classes (`generate`, `stream`); models from every `@ai-sdk/*` provider (`provider(id)`, `provider.chat|languageModel|responses|messages(id)`, `create<Provider>({...})`), community providers (Ollama, OpenRouter), AI Gateway strings (`\'openai/gpt-4o\'`), `createProviderRegistry` / `customProvider`, `wrapLanguageModel`',
};
