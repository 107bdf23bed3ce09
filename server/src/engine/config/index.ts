export type { Config, ConfigError, UsageEntry } from './types';
export {
  parseConfig,
  defaultConfig,
  expectedOutputFor,
  formatConfigError,
  CONFIG_FILE_NAME,
  DEFAULT_CALLS_PER_DAY,
  DEFAULT_DYNAMIC_TOKENS_PER_PLACEHOLDER,
  DEFAULT_EXPECTED_OUTPUT_TOKENS,
  DEFAULT_MAX_FILE_SIZE_BYTES,
  DEFAULT_MAX_FILES,
} from './parse';
export { usageFor, annotationsAbove, annotationFor, parseUsageAnnotation } from './usage';
export type { CommentLine, UsageAnnotation } from './usage';
export { parseJsonWithPositions, formatJsonPath, JsonSyntaxError } from './json-with-positions';
export type { Position, JsonPathSegment, ParsedJson } from './json-with-positions';
