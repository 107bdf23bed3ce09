import type { ModelClass, SdkFamily } from './types';

const llm = (vendor: ModelClass['vendor'], capParams: readonly string[] = ['max_tokens'], modelParams: readonly (string | number)[] = ['model']): ModelClass => ({ vendor, modelParams, capParams });

const OPENAI = llm('openai');
const AZURE = llm('azure-openai', ['max_tokens'], ['model', 'engine', 'deployment_name']);
// Anthropic's API needs a cap: LlamaIndex sends its own default (DEFAULT_ANTHROPIC_MAX_TOKENS) when none is given.
const ANTHROPIC: ModelClass = { ...llm('anthropic'), defaultCap: 512 };
const GEMINI = llm('google', ['max_tokens'], ['model', 'model_name']);
const OLLAMA = llm('local', ['additional_kwargs.num_predict']);
const embeddings = (vendor: ModelClass['vendor'], modelParams: readonly (string | number)[] = ['model_name', 'model']): ModelClass => ({ vendor, modelParams, capParams: [], embedding: true });
const js = (vendor: ModelClass['vendor']): ModelClass => ({ vendor, modelParams: ['model'], capParams: ['maxTokens'] });

/** LlamaIndex LLM classes: the constructor binds model and cap; `complete` / `chat` (and their stream and async forms) send requests. */
export const llamaIndex: SdkFamily = {
  id: 'llamaindex',
  name: 'LlamaIndex',
  python: ['llama_index.llms', 'llama_index.embeddings'],
  js: ['llamaindex', '@llamaindex/openai', '@llamaindex/anthropic', '@llamaindex/google', '@llamaindex/groq', '@llamaindex/mistral', '@llamaindex/ollama', '@llamaindex/deepseek'],
  models: {
    'llama_index.llms.openai.OpenAI': OPENAI,
    'llama_index.llms.OpenAI': OPENAI,
    'llama_index.llms.azure_openai.AzureOpenAI': AZURE,
    'llama_index.llms.AzureOpenAI': AZURE,
    'llama_index.llms.anthropic.Anthropic': ANTHROPIC,
    'llama_index.llms.Anthropic': ANTHROPIC,
    'llama_index.llms.gemini.Gemini': GEMINI,
    'llama_index.llms.Gemini': GEMINI,
    'llama_index.llms.google_genai.GoogleGenAI': GEMINI,
    'llama_index.llms.vertex.Vertex': GEMINI,
    'llama_index.llms.bedrock_converse.BedrockConverse': llm('bedrock'),
    'llama_index.llms.groq.Groq': llm('groq'),
    'llama_index.llms.mistralai.MistralAI': llm('mistral'),
    'llama_index.llms.cohere.Cohere': llm('cohere'),
    'llama_index.llms.together.TogetherLLM': llm('together'),
    'llama_index.llms.fireworks.Fireworks': llm('fireworks'),
    'llama_index.llms.deepseek.DeepSeek': llm('deepseek'),
    'llama_index.llms.openrouter.OpenRouter': llm('openrouter'),
    'llama_index.llms.ollama.Ollama': OLLAMA,
    'llama_index.llms.Ollama': OLLAMA,
    'llama_index.llms.litellm.LiteLLM': llm(null),
    'llama_index.llms.openai_like.OpenAILike': llm(null),
    'llama_index.embeddings.openai.OpenAIEmbedding': embeddings('openai', ['model', 'model_name']),
    'llama_index.embeddings.azure_openai.AzureOpenAIEmbedding': embeddings('azure-openai', ['model', 'deployment_name']),
    'llama_index.embeddings.gemini.GeminiEmbedding': embeddings('google'),
    'llama_index.embeddings.google_genai.GoogleGenAIEmbedding': embeddings('google'),
    'llama_index.embeddings.cohere.CohereEmbedding': embeddings('cohere'),
    'llama_index.embeddings.mistralai.MistralAIEmbedding': embeddings('mistral'),
    'llama_index.embeddings.ollama.OllamaEmbedding': embeddings('local'),
    'llama_index.embeddings.bedrock.BedrockEmbedding': embeddings('bedrock'),
    'llamaindex:OpenAI': js('openai'),
    '@llamaindex/openai:OpenAI': js('openai'),
    '@llamaindex/openai:openai': js('openai'),
    'llamaindex:Anthropic': js('anthropic'),
    '@llamaindex/anthropic:Anthropic': js('anthropic'),
    '@llamaindex/anthropic:anthropic': js('anthropic'),
    'llamaindex:Gemini': js('google'),
    '@llamaindex/google:Gemini': js('google'),
    '@llamaindex/google:gemini': js('google'),
    '@llamaindex/groq:Groq': js('groq'),
    '@llamaindex/mistral:MistralAI': js('mistral'),
    '@llamaindex/ollama:Ollama': { vendor: 'local', modelParams: ['model'], capParams: [] },
    '@llamaindex/deepseek:DeepSeekLLM': js('deepseek'),
  },
  invocations: {
    complete: {},
    acomplete: {},
    stream_complete: { streaming: true },
    astream_complete: { streaming: true },
    chat: {},
    achat: {},
    stream_chat: { streaming: true },
    astream_chat: { streaming: true },
    predict: {},
    apredict: {},
    stream: { streaming: true },
    structured_predict: {},
    astructured_predict: {},
    get_text_embedding: {},
    aget_text_embedding: {},
    get_query_embedding: {},
    aget_query_embedding: {},
    get_text_embedding_batch: { batch: true },
    aget_text_embedding_batch: { batch: true },
  },
  sameShapeMethods: ['as_structured_llm'],
  covers:
    'LLM classes of `llama_index.llms.*` and `llamaindex` / `@llamaindex/*` (OpenAI, Azure OpenAI, Anthropic, Gemini, Google GenAI, Vertex, Bedrock Converse, Groq, Mistral, Cohere, Together, Fireworks, DeepSeek, OpenRouter, Ollama, LiteLLM, OpenAI-like); the call site is `complete` / `chat` / `predict` / `structured_predict` and their stream and async forms (JS: `complete({ prompt })`, `chat({ messages })`), also after `as_structured_llm`; embedding classes of `llama_index.embeddings.*` (`get_text_embedding`, `get_query_embedding`, batch and async forms); model and cap come from the constructor; an LLM never called in its file is reported at its constructor (`Settings.llm = OpenAI(...)`)',
};
