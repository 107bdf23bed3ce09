/**
 * Modules whose imports the language front ends track, from the SDK catalog (engine/sdks/). A call is reported
 * as a NeutralCall only when its callee resolves to a symbol of one of these modules (or to a method of an
 * instance such a symbol creates). Providers (engine/providers/) decide which of those calls are LLM calls.
 */
import { PYTHON_MODULES, isJsModuleTracked, isPythonModuleTracked } from '../sdks';

export const PYTHON_SDK_MODULES: readonly string[] = PYTHON_MODULES;

export function isPythonSdkSymbol(symbol: string): boolean {
  return isPythonModuleTracked(symbol);
}

export function isJsSdkModule(specifier: string): boolean {
  return isJsModuleTracked(specifier);
}

/**
 * Substrings the cheap text prefilter looks for: a file containing none of them imports no SDK and is never parsed.
 * test/sdks/catalog.test.ts checks that every module of the catalog contains one.
 */
export const PREFILTER_NEEDLES: readonly string[] = [
  'openai',
  'anthropic',
  'google',
  'litellm',
  'langchain',
  'langgraph',
  'pydantic_ai',
  'llama_index',
  'llamaindex',
  'boto3',
  'bedrock',
  'mistralai',
  'vertexai',
  'groq',
  'cohere',
  'together',
  'cerebras',
  'fireworks',
  'instructor',
  'langsmith',
  'langfuse',
  'ollama',
  'openrouter',
  "from 'ai'",
  'from "ai"',
  "require('ai')",
  'require("ai")',
  '@ai-sdk/',
  'ai-provider',
];
