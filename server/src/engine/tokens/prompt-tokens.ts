import type { InputBreakdown, PromptPart, PromptTokens, Provider, RequestSettings, Role } from '../model';
import overheadTable from './chat-overhead.json';
import { countTokens } from './count';
import { countMediaTokens } from './media-tokens';
import { countRequestTokens } from './request-tokens';

export interface ChatOverheadRule {
  perMessage: number;
  /** OpenAI counts the role (and name) string of each message as text too. */
  countRoleName: boolean;
  replyPriming: number;
  source: string;
}

export type ChatFormat = keyof typeof overheadTable & string;

const OVERHEAD = overheadTable as unknown as Record<string, ChatOverheadRule>;

export interface PromptTokenOptions {
  provider: Provider;
  /** The SDK's API as users name it (`chat.completions.create`, `responses.create`, `messages.create`, `generateText`). */
  api: string;
  /** Estimated tokens for each dynamic piece (config `dynamicTokensPerPlaceholder`). */
  dynamicTokensPerPiece: number;
  /** Tools, output schema and other request settings of the call (counted into `tools` / `schema`). */
  request?: RequestSettings;
  /** The model name as written, for per-model rules (the tool-use system prompt, the tool recipe's exactness). */
  model?: string | null;
}

/** Input tokens sent per call: prompt text, dynamic estimate, chat-format overhead, tools, schema and images. */
export function inputTokensOf(tokens: PromptTokens): number {
  return tokens.static + tokens.dynamicEstimate + tokens.overhead + (tokens.tools ?? 0) + (tokens.schema ?? 0) + (tokens.images ?? 0);
}

const SYSTEM_ROLES: ReadonlySet<Role> = new Set<Role>(['system', 'developer']);

function isExactOpenAiEncoding(tokenizerId: string): boolean {
  return tokenizerId === 'o200k_base' || tokenizerId === 'cl100k_base';
}

/**
 * The wire format whose overhead applies. Routers (litellm, langchain, vercel-ai, bedrock) send the model's own
 * vendor format, which the tokenizer choice already tells: an OpenAI encoding means an OpenAI model.
 */
export function chatFormatFor(provider: Provider, api: string, tokenizerId: string): ChatFormat {
  const openAi = isExactOpenAiEncoding(tokenizerId) || provider === 'openai' || provider === 'azure-openai';
  if (/embed/i.test(api)) return 'openai-completion';
  if (tokenizerId.startsWith('estimate:claude') || (provider === 'anthropic' && !isExactOpenAiEncoding(tokenizerId))) return 'anthropic';
  if (tokenizerId === 'estimate:gemini' || tokenizerId === 'gemma3' || (provider === 'google' && !isExactOpenAiEncoding(tokenizerId))) return 'google';
  if (openAi) {
    if (/(^|\.)responses\.(create|stream|parse)$/.test(api)) return 'openai-responses';
    // The legacy completions endpoint (`completions.create`, not `chat.completions.create`) sends raw text.
    if (/(^|\.)completions\.create$/.test(api) && !/chat\.completions/.test(api)) return 'openai-completion';
    return 'openai-chat';
  }
  return 'generic';
}

export function chatOverheadRule(format: ChatFormat): ChatOverheadRule {
  return OVERHEAD[format];
}

function staticTokensOfPart(part: PromptPart, tokenizerId: string): number {
  const texts = part.pieces.filter((p) => p.kind === 'text').map((p) => (p.kind === 'text' ? p.text : ''));
  if (texts.length === part.pieces.length) return countTokens(texts.join(''), tokenizerId);
  // Mixed part: the dynamic values split the text, so each literal run is tokenized on its own.
  return texts.reduce((sum, text) => sum + countTokens(text, tokenizerId), 0);
}

/** Role names as the chat format spells them; `prompt` parts become user messages. */
function wireRole(role: Role): string {
  return role === 'prompt' ? 'user' : role;
}

/**
 * Token counts of a call's prompt.
 * - static: each fully static part tokenized as a whole (pieces joined); a mixed part's literal pieces one by one.
 * - dynamicEstimate: dynamic pieces x `dynamicTokensPerPiece`.
 * - overhead: the chat format's per-message and reply-priming tokens (`chat-overhead.json`); parts that share a
 *   `messageIndex` are one message, parts outside a list (`system=`, `instructions=`, `prompt=`) one message per role.
 * - cachedPrefix: static tokens of the parts up to and including the last part with an explicit cache marker
 *   (Anthropic `cache_control`); automatic prefix caching (OpenAI, Gemini) is left to the rules, so 0 without a marker.
 */
export function countPromptTokens(
  parts: PromptPart[],
  tokenizer: { id: string; exact: boolean },
  opts: PromptTokenOptions,
): PromptTokens {
  const perPart: PromptTokens['perPart'] = parts.map((part) => {
    const dynamicPieces = part.pieces.filter((p) => p.kind === 'dynamic').length;
    return {
      role: part.role,
      messageIndex: part.messageIndex,
      staticTokens: staticTokensOfPart(part, tokenizer.id),
      dynamicPieces,
      dynamicEstimate: dynamicPieces * opts.dynamicTokensPerPiece,
    };
  });

  const format = chatFormatFor(opts.provider, opts.api, tokenizer.id);
  const rule = chatOverheadRule(format);
  const messages = new Map<string, Role>();
  for (const part of parts) {
    const key = part.messageIndex >= 0 ? `message:${part.messageIndex}` : `outside:${part.role}`;
    if (!messages.has(key)) messages.set(key, part.role);
  }
  let overhead = 0;
  if (messages.size > 0) {
    for (const role of messages.values()) {
      overhead += rule.perMessage + (rule.countRoleName ? countTokens(wireRole(role), tokenizer.id) : 0);
    }
    overhead += rule.replyPriming;
  }

  let lastCached = -1;
  parts.forEach((part, index) => {
    if (part.cached) lastCached = index;
  });
  const cachedPrefix = perPart.slice(0, lastCached + 1).reduce((sum, p) => sum + p.staticTokens, 0);

  const request = countRequestTokens(opts.request, { format, tokenizerId: tokenizer.id, model: opts.model ?? null });
  const media = countMediaTokens(parts, format, opts.model ?? null);
  const images = media.tokens;
  const breakdown: InputBreakdown = { system: 0, messages: 0, tools: request.tools, schema: request.schema, images, overhead };
  for (const part of perPart) {
    const tokens = part.staticTokens + part.dynamicEstimate;
    if (SYSTEM_ROLES.has(part.role)) breakdown.system += tokens;
    else breakdown.messages += tokens;
  }

  return {
    static: perPart.reduce((sum, p) => sum + p.staticTokens, 0),
    dynamicEstimate: perPart.reduce((sum, p) => sum + p.dynamicEstimate, 0),
    overhead,
    cachedPrefix,
    tokenizer: tokenizer.id,
    exact: tokenizer.exact && request.exact && images === 0,
    perPart,
    tools: request.tools,
    schema: request.schema,
    images,
    breakdown,
    requestNotes: [...request.notes, ...media.notes],
  };
}
