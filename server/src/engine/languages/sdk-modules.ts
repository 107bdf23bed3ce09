/**
 * Modules whose imports the language front ends track. A call is reported as a NeutralCall only when its
 * callee resolves to a symbol of one of these modules (or to a method of an instance such a symbol creates).
 * Providers (engine/providers/) decide which of those calls are LLM calls.
 */

/** Python top-level packages (a symbol matches when it starts with one of these followed by '.' or end). */
export const PYTHON_SDK_MODULES: readonly string[] = [
  'openai',
  'anthropic',
  'google.genai',
  'google.generativeai',
  'vertexai',
  'litellm',
  'langchain_openai',
  'langchain_anthropic',
  'langchain_google_genai',
  'langchain_google_vertexai',
  'langchain_aws',
  'langchain_community.chat_models',
  'langchain.chat_models',
  'boto3',
  'mistralai',
];

/** JS/TS module specifiers. */
export const JS_SDK_MODULES: readonly string[] = [
  'openai',
  '@anthropic-ai/sdk',
  '@google/genai',
  '@google/generative-ai',
  'ai',
  '@ai-sdk/openai',
  '@ai-sdk/anthropic',
  '@ai-sdk/google',
  '@ai-sdk/azure',
  '@ai-sdk/amazon-bedrock',
  '@langchain/openai',
  '@langchain/anthropic',
  '@langchain/google-genai',
  '@aws-sdk/client-bedrock-runtime',
];

export function isPythonSdkSymbol(symbol: string): boolean {
  return PYTHON_SDK_MODULES.some((m) => symbol === m || symbol.startsWith(m + '.'));
}

export function isJsSdkModule(specifier: string): boolean {
  return JS_SDK_MODULES.includes(specifier);
}

/**
 * Substrings the cheap text prefilter looks for: a file containing none of them imports no SDK and is never parsed.
 * Kept in step with the module lists above.
 */
export const PREFILTER_NEEDLES: readonly string[] = [
  'openai',
  'anthropic',
  'google',
  'litellm',
  'langchain',
  'boto3',
  'bedrock',
  'mistralai',
  'vertexai',
  "from 'ai'",
  'from "ai"',
  "require('ai')",
  'require("ai")',
  '@ai-sdk/',
];
