import type { SdkFamily } from './types';

const HOST = ['base_url', 'baseURL', 'api_base'];
const CHAT_CAPS = ['max_completion_tokens', 'max_tokens'];

export const openAi: SdkFamily = {
  id: 'openai',
  name: 'OpenAI',
  python: ['openai'],
  js: ['openai'],
  clients: {
    'openai.OpenAI': { vendor: 'openai', hostParams: HOST },
    'openai.AsyncOpenAI': { vendor: 'openai', hostParams: HOST },
    'openai.Client': { vendor: 'openai', hostParams: HOST },
    'openai.AsyncClient': { vendor: 'openai', hostParams: HOST },
    'openai:default': { vendor: 'openai', hostParams: HOST },
    'openai:OpenAI': { vendor: 'openai', hostParams: HOST },
    'openai.AzureOpenAI': { vendor: 'azure-openai' },
    'openai.AsyncAzureOpenAI': { vendor: 'azure-openai' },
    'openai:AzureOpenAI': { vendor: 'azure-openai' },
  },
  moduleClients: ['openai'],
  requests: {
    'chat.completions.create': { shape: 'openai-chat', caps: CHAT_CAPS },
    'chat.completions.parse': { shape: 'openai-chat', caps: CHAT_CAPS },
    'chat.completions.stream': { shape: 'openai-chat', caps: CHAT_CAPS, streaming: true },
    'chat.completions.runTools': { shape: 'openai-chat', caps: CHAT_CAPS, loop: true },
    'chat.completions.run_tools': { shape: 'openai-chat', caps: CHAT_CAPS, loop: true },
    'responses.create': { shape: 'openai-responses', caps: ['max_output_tokens'] },
    'responses.parse': { shape: 'openai-responses', caps: ['max_output_tokens'] },
    'responses.stream': { shape: 'openai-responses', caps: ['max_output_tokens'], streaming: true },
    'completions.create': { shape: 'openai-completions', caps: ['max_tokens'] },
    'embeddings.create': { shape: 'embeddings' },
    // Pre-1.0 Python SDK, still common in older code.
    'ChatCompletion.create': { shape: 'openai-chat', caps: ['max_tokens'] },
    'ChatCompletion.acreate': { shape: 'openai-chat', caps: ['max_tokens'] },
    'Completion.create': { shape: 'openai-completions', caps: ['max_tokens'] },
    'Embedding.create': { shape: 'embeddings' },
  },
  primaryRequest: 'chat.completions.create',
  sameShapeMethods: ['with_options', 'copy', 'withOptions'],
  covers:
    'chat completions (`create`, `parse`, `stream`, `runTools`), responses (`create`, `parse`, `stream`), completions, embeddings, Azure; `base_url` / `baseURL` at another vendor (Groq, Together, DeepSeek, OpenRouter, …) or a local host',
};
