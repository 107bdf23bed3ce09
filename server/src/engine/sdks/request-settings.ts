/**
 * Where SDKs put the request settings that change what a call is billed for, as data: tool definitions, an output
 * schema, reasoning effort or a thinking budget, completions per request and the service tier. A path `a.b` is
 * the key `b` inside the parameter `a` (an object literal, a dict or a config call such as
 * `types.GenerateContentConfig(...)`). The first path that is present wins. One reader
 * (providers/request-settings.ts) serves every SDK family in both languages.
 */
export interface RequestSettingPaths {
  tools: readonly string[];
  toolChoice: readonly string[];
  outputSchema: readonly string[];
  reasoningEffort: readonly string[];
  thinkingBudget: readonly string[];
  completions: readonly string[];
  serviceTier: readonly string[];
}

export const REQUEST_SETTING_PATHS: RequestSettingPaths = {
  // OpenAI chat / Responses / Anthropic / LiteLLM / Vercel AI `tools`, legacy OpenAI `functions`,
  // Gemini `config.tools`, Bedrock Converse `toolConfig.tools`.
  tools: ['tools', 'functions', 'config.tools', 'toolConfig.tools', 'tool_config.tools'],
  toolChoice: ['tool_choice', 'toolChoice', 'function_call'],
  outputSchema: [
    'response_format',
    'responseFormat',
    'text_format',
    'text.format',
    'response_model',
    'output_format',
    'output_config.format',
    'schema',
    'config.response_schema',
    'config.responseSchema',
    'config.response_json_schema',
    'config.responseJsonSchema',
    'generation_config.response_schema',
    'generationConfig.responseSchema',
  ],
  reasoningEffort: [
    'reasoning_effort',
    'reasoningEffort',
    'reasoning.effort',
    'output_config.effort',
    'providerOptions.openai.reasoningEffort',
  ],
  thinkingBudget: [
    'thinking.budget_tokens',
    'thinking.budgetTokens',
    'thinking_budget',
    'config.thinking_config.thinking_budget',
    'config.thinkingConfig.thinkingBudget',
    'generation_config.thinking_config.thinking_budget',
    'generationConfig.thinkingConfig.thinkingBudget',
    'providerOptions.anthropic.thinking.budgetTokens',
    'providerOptions.google.thinkingConfig.thinkingBudget',
  ],
  completions: ['n', 'candidate_count', 'config.candidate_count', 'config.candidateCount', 'generationConfig.candidateCount'],
  serviceTier: ['service_tier', 'serviceTier'],
};
