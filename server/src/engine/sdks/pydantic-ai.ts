import type { ModelClass, SdkFamily } from './types';

const AGENT: ModelClass = { vendor: null, modelParams: [0, 'model'], capParams: ['model_settings.max_tokens'] };

/**
 * Pydantic AI: an `Agent` binds the model (`"openai:gpt-4o"` or a model object), its settings and its system
 * prompt; `run` / `run_sync` / `run_stream` send the requests.
 */
export const pydanticAi: SdkFamily = {
  id: 'pydantic-ai',
  name: 'Pydantic AI',
  python: ['pydantic_ai'],
  models: { 'pydantic_ai.Agent': AGENT },
  invocations: {
    run: {},
    run_sync: {},
    run_stream: { streaming: true },
    run_stream_sync: { streaming: true },
    run_stream_events: { streaming: true },
    iter: {},
  },
  covers:
    '`Agent("openai:gpt-4o", …)` or `Agent(OpenAIChatModel("gpt-4o", provider=…))` (OpenAI, Anthropic, Gemini/Google, Groq, Mistral, Cohere, Bedrock, Hugging Face model classes); the call site is `run` / `run_sync` / `run_stream` (model and `model_settings` given there override the agent\'s); the system prompt and instructions come from the agent; an agent never run in its file is reported at its constructor',
};

/** Model classes an agent can be given (`OpenAIChatModel("gpt-4o")`): who serves them unless their provider says otherwise. */
export const PYDANTIC_AI_MODEL_CLASSES: Readonly<Record<string, ModelClass['vendor']>> = {
  OpenAIChatModel: 'openai',
  OpenAIModel: 'openai',
  OpenAIResponsesModel: 'openai',
  AnthropicModel: 'anthropic',
  GeminiModel: 'google',
  GoogleModel: 'google',
  GroqModel: 'groq',
  MistralModel: 'mistral',
  CohereModel: 'cohere',
  BedrockConverseModel: 'bedrock',
  HuggingFaceModel: null,
};

/** The provider prefix of a model string (`"google-gla:gemini-2.5-flash"`) and provider names given to model classes. */
export const PYDANTIC_AI_PROVIDERS: Readonly<Record<string, ModelClass['vendor']>> = {
  openai: 'openai',
  'openai-chat': 'openai',
  'openai-responses': 'openai',
  azure: 'azure-openai',
  anthropic: 'anthropic',
  'google-gla': 'google',
  'google-vertex': 'google',
  'gemini': 'google',
  'vertexai': 'google',
  google: 'google',
  groq: 'groq',
  mistral: 'mistral',
  cohere: 'cohere',
  bedrock: 'bedrock',
  deepseek: 'deepseek',
  grok: 'xai',
  xai: 'xai',
  openrouter: 'openrouter',
  together: 'together',
  fireworks: 'fireworks',
  cerebras: 'cerebras',
  ollama: 'local',
  huggingface: null,
};
