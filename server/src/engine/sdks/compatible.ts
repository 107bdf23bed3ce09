/** SDKs whose request methods follow OpenAI's (`client.chat.completions.create`) or Cohere's shape. */
import type { SdkFamily } from './types';

const CHAT = { shape: 'openai-chat', caps: ['max_tokens', 'max_completion_tokens', 'maxTokens'] } as const;
const CHAT_STREAM = { ...CHAT, streaming: true };

export const groq: SdkFamily = {
  id: 'groq',
  name: 'Groq',
  python: ['groq'],
  js: ['groq-sdk'],
  clients: {
    'groq.Groq': { vendor: 'groq' },
    'groq.AsyncGroq': { vendor: 'groq' },
    'groq-sdk:default': { vendor: 'groq' },
    'groq-sdk:Groq': { vendor: 'groq' },
  },
  requests: { 'chat.completions.create': CHAT },
  primaryRequest: 'chat.completions.create',
  sameShapeMethods: ['with_options', 'withOptions'],
  covers: '`chat.completions.create`',
};

export const together: SdkFamily = {
  id: 'together',
  name: 'Together AI',
  python: ['together'],
  js: ['together-ai'],
  clients: {
    'together.Together': { vendor: 'together' },
    'together.AsyncTogether': { vendor: 'together' },
    'together.Client': { vendor: 'together' },
    'together-ai:default': { vendor: 'together' },
    'together-ai:Together': { vendor: 'together' },
  },
  requests: {
    'chat.completions.create': CHAT,
    'completions.create': { shape: 'openai-completions', caps: ['max_tokens'] },
    'embeddings.create': { shape: 'embeddings' },
  },
  primaryRequest: 'chat.completions.create',
  covers: '`chat.completions.create`, `completions.create`, `embeddings.create`',
};

export const cerebras: SdkFamily = {
  id: 'cerebras',
  name: 'Cerebras',
  python: ['cerebras.cloud.sdk'],
  js: ['@cerebras/cerebras_cloud_sdk'],
  clients: {
    'cerebras.cloud.sdk.Cerebras': { vendor: 'cerebras' },
    'cerebras.cloud.sdk.AsyncCerebras': { vendor: 'cerebras' },
    '@cerebras/cerebras_cloud_sdk:default': { vendor: 'cerebras' },
  },
  requests: { 'chat.completions.create': CHAT, 'completions.create': { shape: 'openai-completions', caps: ['max_tokens'] } },
  primaryRequest: 'chat.completions.create',
  covers: '`chat.completions.create`, `completions.create`',
};

export const fireworks: SdkFamily = {
  id: 'fireworks',
  name: 'Fireworks AI',
  python: ['fireworks.client'],
  clients: { 'fireworks.client.Fireworks': { vendor: 'fireworks' }, 'fireworks.client.AsyncFireworks': { vendor: 'fireworks' } },
  requests: { 'chat.completions.create': CHAT, 'chat.completions.acreate': CHAT, 'completions.create': { shape: 'openai-completions', caps: ['max_tokens'] } },
  primaryRequest: 'chat.completions.create',
  covers: '`chat.completions.create` / `acreate`, `completions.create`',
};

export const mistral: SdkFamily = {
  id: 'mistral',
  name: 'Mistral AI',
  python: ['mistralai', 'mistralai_azure', 'mistralai_gcp'],
  js: ['@mistralai/mistralai', '@mistralai/mistralai-azure', '@mistralai/mistralai-gcp'],
  clients: {
    'mistralai.Mistral': { vendor: 'mistral' },
    'mistralai.client.MistralClient': { vendor: 'mistral' },
    'mistralai.async_client.MistralAsyncClient': { vendor: 'mistral' },
    // Mistral models deployed on Azure and Google Cloud: priced as Mistral's own.
    'mistralai.azure.client.MistralAzure': { vendor: 'mistral' },
    'mistralai_azure.MistralAzure': { vendor: 'mistral' },
    'mistralai.gcp.client.MistralGCP': { vendor: 'mistral' },
    'mistralai_gcp.MistralGoogleCloud': { vendor: 'mistral' },
    '@mistralai/mistralai-azure:MistralAzure': { vendor: 'mistral' },
    '@mistralai/mistralai-gcp:MistralGCP': { vendor: 'mistral' },
    '@mistralai/mistralai:Mistral': { vendor: 'mistral' },
    '@mistralai/mistralai:default': { vendor: 'mistral' },
  },
  requests: {
    'chat.complete': CHAT,
    'chat.complete_async': CHAT,
    'chat.stream': CHAT_STREAM,
    'chat.stream_async': CHAT_STREAM,
    'chat.parse': CHAT,
    'chat.parse_async': CHAT,
    'chat.parse_stream': CHAT_STREAM,
    'chat.parseStream': CHAT_STREAM,
    'fim.complete': { shape: 'openai-completions', caps: ['max_tokens', 'maxTokens'] },
    'fim.stream': { shape: 'openai-completions', caps: ['max_tokens', 'maxTokens'], streaming: true },
    'embeddings.create': { shape: 'embeddings' },
    // 0.x client: `client.chat(model=..., messages=...)`.
    chat: CHAT,
    chat_stream: CHAT_STREAM,
    chatStream: CHAT_STREAM,
    embeddings: { shape: 'embeddings' },
  },
  primaryRequest: 'chat.complete',
  covers: '`chat.complete` / `stream` / `parse` (and `_async`), `fim.complete`, `embeddings.create`; the 0.x `client.chat(...)`; Azure and Google Cloud clients',
};

const COHERE_CAPS = ['max_tokens', 'maxTokens'];

export const cohere: SdkFamily = {
  id: 'cohere',
  name: 'Cohere',
  python: ['cohere'],
  js: ['cohere-ai'],
  clients: {
    'cohere.Client': { vendor: 'cohere' },
    'cohere.AsyncClient': { vendor: 'cohere' },
    'cohere-ai:CohereClient': { vendor: 'cohere' },
  },
  requests: {
    chat: { shape: 'cohere-chat-v1', caps: COHERE_CAPS },
    chat_stream: { shape: 'cohere-chat-v1', caps: COHERE_CAPS, streaming: true },
    chatStream: { shape: 'cohere-chat-v1', caps: COHERE_CAPS, streaming: true },
    generate: { shape: 'cohere-generate', caps: COHERE_CAPS },
    embed: { shape: 'cohere-embed' },
  },
  primaryRequest: 'chat',
  covers: '`Client` / `CohereClient` (v1): `chat` / `chat_stream` / `generate` / `embed`',
};

export const cohereV2: SdkFamily = {
  id: 'cohere',
  name: 'Cohere v2',
  python: ['cohere'],
  js: ['cohere-ai'],
  clients: {
    'cohere.ClientV2': { vendor: 'cohere' },
    'cohere.AsyncClientV2': { vendor: 'cohere' },
    'cohere-ai:CohereClientV2': { vendor: 'cohere' },
  },
  requests: {
    chat: { shape: 'openai-chat', caps: COHERE_CAPS },
    chat_stream: { shape: 'openai-chat', caps: COHERE_CAPS, streaming: true },
    chatStream: { shape: 'openai-chat', caps: COHERE_CAPS, streaming: true },
    embed: { shape: 'cohere-embed' },
  },
  primaryRequest: 'chat',
  covers: '`ClientV2` / `CohereClientV2`: `chat` / `chat_stream` / `chatStream` / `embed`',
};

/** The Ollama client libraries (`ollama` on PyPI and npm): a local server, no per-token price. */
export const ollama: SdkFamily = {
  id: 'ollama',
  name: 'Ollama',
  python: ['ollama'],
  js: ['ollama', 'ollama/browser'],
  clients: {
    'ollama.Client': { vendor: 'local' },
    'ollama.AsyncClient': { vendor: 'local' },
    'ollama:Ollama': { vendor: 'local' },
    'ollama/browser:Ollama': { vendor: 'local' },
    // The default export and the Python module are ready-made clients.
    'ollama:default': { vendor: 'local' },
    'ollama/browser:default': { vendor: 'local' },
  },
  moduleClients: ['ollama'],
  requests: {
    // The cap is `num_predict` in the request's `options`.
    chat: { shape: 'openai-chat', caps: ['options.num_predict'] },
    generate: { shape: 'openai-completions', caps: ['options.num_predict'] },
    embed: { shape: 'embeddings' },
    embeddings: { shape: 'embeddings' },
  },
  covers: '`chat`, `generate`, `embed` on `Client()` / `new Ollama()` / the module and default export (cap: `options.num_predict`); priced $0 (local)',
};
