/**
 * Model names as written in code -> the plain model id the tokenizer and price tables know.
 * Shared by tokens/ and pricing/ so both see the same name.
 */

/** Routing prefixes used by LiteLLM, OpenRouter-style ids, Vertex paths and the Google SDK. */
const ROUTE_PREFIX = /^(openai|azure|azure_ai|anthropic|gemini|vertex_ai|vertex_ai_beta|google|bedrock|converse|invoke|models|publishers\/google\/models|text-completion-openai)\//;
/** Bedrock ids: optional cross-region prefix, then the vendor (`us.anthropic.claude-...`). */
const BEDROCK_REGION = /^(us|eu|apac|global|regional|us-gov|jp|au)\./;
const BEDROCK_VENDOR = /^(anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|google)\./;
/** Bedrock version suffixes (`-v1:0`, `-v2:0`, `:0`). */
const BEDROCK_VERSION = /(-v\d+)?:\d+$/;

/** The routing prefix of a name like `anthropic/claude-3-5-sonnet`, if any (`anthropic`). */
export function routePrefixOf(model: string): string | undefined {
  const match = ROUTE_PREFIX.exec(model.trim().toLowerCase());
  return match ? match[1] : undefined;
}

/**
 * Lower case, routing prefixes and Bedrock decorations removed, Vertex `@version` turned into `-version`:
 * `bedrock/us.anthropic.claude-3-5-sonnet-20240620-v1:0` -> `claude-3-5-sonnet-20240620`.
 */
export function normalizeModelName(model: string): string {
  let name = model.trim().toLowerCase();
  for (let guard = 0; guard < 4; guard++) {
    const next = name.replace(ROUTE_PREFIX, '');
    if (next === name) break;
    name = next;
  }
  if (BEDROCK_REGION.test(name) || BEDROCK_VENDOR.test(name)) {
    const withoutRegion = name.replace(BEDROCK_REGION, '');
    if (BEDROCK_VENDOR.test(withoutRegion)) {
      name = withoutRegion.replace(BEDROCK_VENDOR, '').replace(BEDROCK_VERSION, '');
    }
  }
  return name.replace(/@/, '-');
}

export type ModelFamily = 'openai' | 'anthropic' | 'google' | 'other';

/** The vendor whose model this is, judged from the name alone. */
export function familyOfModel(model: string): ModelFamily {
  const name = normalizeModelName(model);
  if (/^claude/.test(name)) return 'anthropic';
  if (/^(gemini|gemma)/.test(name)) return 'google';
  if (/^(gpt-|o\d|chatgpt-|text-embedding-|ft:|davinci|babbage|codex-|computer-use|whisper|tts-|dall-e|omni-moderation)/.test(name)) {
    return 'openai';
  }
  return 'other';
}
