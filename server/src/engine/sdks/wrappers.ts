/** Libraries that wrap an SDK client and return one with the same request methods. */
import type { SdkFamily } from './types';

// instructor's `from_*` keep their extra keyword arguments and pass them to every `create`.
const FIRST = { argument: 0, addsCreateMethods: true, requestDefaults: { except: ['client', 'mode'] } } as const;

export const instructor: SdkFamily = {
  id: 'instructor',
  name: 'instructor',
  python: ['instructor'],
  js: ['@instructor-ai/instructor'],
  wrappers: {
    'instructor.from_openai': FIRST,
    'instructor.from_anthropic': FIRST,
    'instructor.from_groq': FIRST,
    'instructor.from_mistral': FIRST,
    'instructor.from_cohere': FIRST,
    'instructor.from_together': FIRST,
    'instructor.from_fireworks': FIRST,
    'instructor.from_cerebras': FIRST,
    'instructor.from_genai': FIRST,
    'instructor.from_gemini': FIRST,
    'instructor.from_vertexai': FIRST,
    'instructor.patch': FIRST,
    'instructor.apatch': FIRST,
    '@instructor-ai/instructor:default': { argument: 'client', addsCreateMethods: true },
    '@instructor-ai/instructor:Instructor': { argument: 'client', addsCreateMethods: true },
  },
  // Clients that instructor makes itself: the model is bound (from_provider) or given per call (from_litellm).
  clients: {
    'instructor.from_provider': { vendor: 'instructor', boundModel: { positional: 0, keyword: 'model' } },
    'instructor.from_litellm': { vendor: 'instructor' },
  },
  requests: {
    create: { shape: 'openai-chat', caps: ['max_tokens', 'max_completion_tokens'] },
    'chat.completions.create': { shape: 'openai-chat', caps: ['max_tokens', 'max_completion_tokens'] },
    'messages.create': { shape: 'openai-chat', caps: ['max_tokens'] },
  },
  primaryRequest: 'create',
  covers:
    '`from_openai`, `from_anthropic`, `from_groq`, `from_mistral`, `from_cohere`, `from_litellm`, `from_provider`, `patch`; `create`, `create_partial`, `create_iterable`, `create_with_completion`, `chat.completions.create`, `messages.create` on the wrapped client',
};

export const langSmith: SdkFamily = {
  id: 'langsmith',
  name: 'LangSmith / Langfuse tracing wrappers',
  python: ['langsmith.wrappers'],
  js: ['langsmith/wrappers', 'langsmith/wrappers/openai', 'langfuse', 'langfuse-langchain'],
  wrappers: {
    'langsmith.wrappers.wrap_openai': { argument: 0 },
    'langsmith.wrappers.wrap_anthropic': { argument: 0 },
    'langsmith/wrappers:wrapOpenAI': { argument: 0 },
    'langsmith/wrappers/openai:wrapOpenAI': { argument: 0 },
    'langfuse:observeOpenAI': { argument: 0 },
  },
  covers: '`wrap_openai` / `wrap_anthropic` / `wrapOpenAI` / `observeOpenAI` return the client they wrap',
};

/** Agent builders that take a chat model and invoke it: the agent's `invoke` / `stream` sends the model's requests. */
export const agents: SdkFamily = {
  id: 'langgraph',
  name: 'LangGraph / LangChain agents',
  python: ['langgraph.prebuilt', 'langchain.agents'],
  js: ['@langchain/langgraph/prebuilt', 'langchain/agents', '@langchain/classic/agents'],
  wrappers: {
    'langgraph.prebuilt.create_react_agent': { argument: 0 },
    'langchain.agents.create_agent': { argument: 0 },
    'langchain.agents.create_tool_calling_agent': { argument: 0 },
    'langchain.agents.AgentExecutor': { argument: 'agent' },
    '@langchain/langgraph/prebuilt:createReactAgent': { argument: 'llm' },
    'langchain/agents:createAgent': { argument: 'model' },
    'langchain/agents:createToolCallingAgent': { argument: 'llm' },
    'langchain/agents:AgentExecutor': { argument: 'agent' },
    '@langchain/classic/agents:createToolCallingAgent': { argument: 'llm' },
    '@langchain/classic/agents:AgentExecutor': { argument: 'agent' },
  },
  covers: '`create_react_agent` / `createReactAgent`, `create_agent` / `createAgent`, `createToolCallingAgent` + `AgentExecutor`: invoking the agent is a request of the model it was given',
};
