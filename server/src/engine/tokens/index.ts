export { tokenizerFor, estimateMethodOf } from './tokenizers';
export type { TokenizerChoice, EncodingName } from './tokenizers';
export { countTokens, encodeCount, tokenCacheStats, clearTokenCache, loadedEncodings, setRankTableStore, TOKEN_CACHE_LIMIT } from './count';
export type { RankTableStore } from './count';
export { countPromptTokens, chatFormatFor, chatOverheadRule } from './prompt-tokens';
export type { ChatFormat, ChatOverheadRule, PromptTokenOptions } from './prompt-tokens';
export { normalizeModelName, familyOfModel, routePrefixOf } from './model-family';
export type { ModelFamily } from './model-family';
