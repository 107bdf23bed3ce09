import type { Severity } from '../model';
import type { PriceOverrides } from '../pricing/types';
import { editDistance } from '../pricing/names';
import { ruleIds } from '../rules';
import { DEFAULT_MIN_TOKENS_SAVED } from '../rules/verbose-phrasing';
import { isModelsKey } from '../model-source';
import { formatJsonPath, JsonSyntaxError, parseJsonWithPositions } from './json-with-positions';
import type { JsonPathSegment, ParsedJson } from './json-with-positions';
import type { Config, ConfigError, UsageEntry } from './types';
import { DEFAULT_MAX_FILE_SIZE_BYTES } from './defaults';

export const CONFIG_FILE_NAME = 'prompt-cost.config.json';
export const DEFAULT_CALLS_PER_DAY = 1000;
export const DEFAULT_DYNAMIC_TOKENS_PER_PLACEHOLDER = 50;
export const DEFAULT_EXPECTED_OUTPUT_TOKENS = 500;
export { DEFAULT_MAX_FILE_SIZE_BYTES };
/** A workspace scan lists at most this many files (a monorepo with vendored code should narrow `include`). */
export const DEFAULT_MAX_FILES = 20_000;

/** Above these a figure is a typo, not a plan. */
const MAX_CALLS_PER_DAY = 1e9;
const MAX_TOKENS = 10_000_000;
const MAX_PRICE_PER_MTOK = 100_000;
const MAX_FILE_SIZE_BYTES = 1_000_000_000;
const MAX_FILES = 10_000_000;

const TOP_LEVEL_KEYS = [
  '$schema',
  'usage',
  'expectedOutputTokens',
  'dynamicTokensPerPlaceholder',
  'prices',
  'rules',
  'flagshipModels',
  'models',
  'include',
  'exclude',
  'maxFileSizeBytes',
  'maxFiles',
  'minTokensSaved',
] as const;
const SEVERITIES: readonly Severity[] = ['off', 'info', 'warning', 'error'];
const RULE_ID = /^[a-z][a-z0-9-]*$/;

export function defaultConfig(): Config {
  return {
    usage: { default: { callsPerDay: DEFAULT_CALLS_PER_DAY }, files: {}, features: {} },
    expectedOutputTokens: { features: {} },
    defaultExpectedOutputTokens: DEFAULT_EXPECTED_OUTPUT_TOKENS,
    dynamicTokensPerPlaceholder: DEFAULT_DYNAMIC_TOKENS_PER_PLACEHOLDER,
    prices: {},
    rules: {},
    flagshipModels: [],
    models: {},
    envFileValues: {},
    include: [],
    exclude: [],
    maxFileSizeBytes: DEFAULT_MAX_FILE_SIZE_BYTES,
    maxFiles: DEFAULT_MAX_FILES,
    minTokensSaved: DEFAULT_MIN_TOKENS_SAVED,
  };
}

/** The explicit expected output for a call of `feature` (feature figure, else the config default), if the config sets one. */
export function expectedOutputFor(config: Config, feature?: string): number | undefined {
  if (feature !== undefined && Object.prototype.hasOwnProperty.call(config.expectedOutputTokens.features, feature)) {
    return config.expectedOutputTokens.features[feature];
  }
  return config.expectedOutputTokens.default;
}

/** The known rule id closest to `id` by edit distance (ties: the first in registry order). */
function nearestRuleId(id: string, known: readonly string[]): string {
  let best = known[0];
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(id.slice(0, 64), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Thrown inside validation; turned into a ConfigError with the position of `path`. */
class Invalid extends Error {
  constructor(
    readonly path: JsonPathSegment[],
    message: string,
    readonly atKey = false,
  ) {
    super(message);
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  return `${typeof value === 'number' ? 'a number' : `a ${typeof value}`} (${String(value)})`;
}

function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function expectObject(value: unknown, path: JsonPathSegment[], what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Invalid(path, `must be ${what}, found ${typeName(value)}`);
  return value as Record<string, unknown>;
}

function onlyKeys(object: Record<string, unknown>, path: JsonPathSegment[], allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new Invalid([...path, key], `unknown key ${JSON.stringify(key)}; expected one of: ${allowed.join(', ')}`, true);
    }
  }
}

function expectNumber(value: unknown, path: JsonPathSegment[], opts: { max: number; integer?: boolean; positive?: boolean; unit: string }): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Invalid(path, `must be a number of ${opts.unit}, found ${typeName(value)}`);
  if (value < 0 || (opts.positive && value === 0)) throw new Invalid(path, `must be ${opts.positive ? 'greater than 0' : '0 or more'}, found ${value}`);
  if (opts.integer && !Number.isInteger(value)) throw new Invalid(path, `must be a whole number of ${opts.unit}, found ${value}`);
  if (value > opts.max) throw new Invalid(path, `${value} ${opts.unit} is not plausible (at most ${opts.max.toLocaleString('en-US')})`);
  return value;
}

function usageEntry(value: unknown, path: JsonPathSegment[]): UsageEntry {
  const object = expectObject(value, path, 'an object like { "callsPerDay": 1000 }');
  onlyKeys(object, path, ['callsPerDay']);
  if (!('callsPerDay' in object)) throw new Invalid(path, 'is missing "callsPerDay"');
  return { callsPerDay: expectNumber(object.callsPerDay, [...path, 'callsPerDay'], { max: MAX_CALLS_PER_DAY, unit: 'calls per day' }) };
}

function usageMap(value: unknown, path: JsonPathSegment[], what: string): Record<string, UsageEntry> {
  const object = expectObject(value, path, `an object of ${what} -> { "callsPerDay": n }`);
  const out: Record<string, UsageEntry> = {};
  for (const [key, entry] of Object.entries(object)) {
    if (key.trim() === '') throw new Invalid([...path, key], `the ${what} must not be empty`, true);
    setOwn(out, key, usageEntry(entry, [...path, key]));
  }
  return out;
}

function stringList(value: unknown, path: JsonPathSegment[], what: string): string[] {
  if (!Array.isArray(value)) throw new Invalid(path, `must be an array of ${what}, found ${typeName(value)}`);
  return value.map((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') throw new Invalid([...path, index], `must be a non-empty string (${what}), found ${typeName(item)}`);
    return item;
  });
}

function validate(root: unknown): Config {
  const config = defaultConfig();
  const object = expectObject(root, [], 'a JSON object');
  onlyKeys(object, [], TOP_LEVEL_KEYS);

  if ('$schema' in object && typeof object.$schema !== 'string') throw new Invalid(['$schema'], `must be a string, found ${typeName(object.$schema)}`);

  if ('usage' in object) {
    const usage = expectObject(object.usage, ['usage'], 'an object with "default", "files" and "features"');
    onlyKeys(usage, ['usage'], ['default', 'files', 'features']);
    if ('default' in usage) config.usage.default = usageEntry(usage.default, ['usage', 'default']);
    if ('files' in usage) config.usage.files = usageMap(usage.files, ['usage', 'files'], 'file glob');
    if ('features' in usage) config.usage.features = usageMap(usage.features, ['usage', 'features'], 'feature name');
  }

  if ('expectedOutputTokens' in object) {
    const value = object.expectedOutputTokens;
    const tokens = { max: MAX_TOKENS, integer: true, unit: 'tokens' };
    if (typeof value === 'number') {
      config.expectedOutputTokens = { default: expectNumber(value, ['expectedOutputTokens'], tokens), features: {} };
    } else {
      const expected = expectObject(value, ['expectedOutputTokens'], 'a number or an object with "default" and "features"');
      onlyKeys(expected, ['expectedOutputTokens'], ['default', 'features']);
      const features: Record<string, number> = {};
      if ('features' in expected) {
        const map = expectObject(expected.features, ['expectedOutputTokens', 'features'], 'an object of feature name -> tokens');
        for (const [name, n] of Object.entries(map)) setOwn(features, name, expectNumber(n, ['expectedOutputTokens', 'features', name], tokens));
      }
      config.expectedOutputTokens = { features };
      if ('default' in expected) config.expectedOutputTokens.default = expectNumber(expected.default, ['expectedOutputTokens', 'default'], tokens);
    }
  }

  if ('dynamicTokensPerPlaceholder' in object) {
    config.dynamicTokensPerPlaceholder = expectNumber(object.dynamicTokensPerPlaceholder, ['dynamicTokensPerPlaceholder'], { max: MAX_TOKENS, integer: true, unit: 'tokens' });
  }

  if ('prices' in object) {
    const prices = expectObject(object.prices, ['prices'], 'an object of model name -> { "input": n, "output": n }');
    const out: PriceOverrides = {};
    for (const [model, value] of Object.entries(prices)) {
      const path = ['prices', model];
      const row = expectObject(value, path, 'an object like { "input": 2.5, "output": 10 } (USD per million tokens)');
      onlyKeys(row, path, ['input', 'output', 'cacheRead', 'cacheWrite']);
      for (const required of ['input', 'output']) if (!(required in row)) throw new Invalid(path, `is missing "${required}" (USD per million tokens)`);
      const usd = { max: MAX_PRICE_PER_MTOK, unit: 'USD per million tokens' };
      const override: PriceOverrides[string] = { input: expectNumber(row.input, [...path, 'input'], usd), output: expectNumber(row.output, [...path, 'output'], usd) };
      if ('cacheRead' in row) override.cacheRead = expectNumber(row.cacheRead, [...path, 'cacheRead'], usd);
      if ('cacheWrite' in row) override.cacheWrite = expectNumber(row.cacheWrite, [...path, 'cacheWrite'], usd);
      setOwn(out, model, override);
    }
    config.prices = out;
  }

  if ('rules' in object) {
    const rules = expectObject(object.rules, ['rules'], 'an object of rule id -> "off" | "info" | "warning" | "error"');
    const out: Record<string, Severity> = {};
    for (const [id, severity] of Object.entries(rules)) {
      if (!RULE_ID.test(id)) throw new Invalid(['rules', id], `${JSON.stringify(id)} is not a rule id (lower case letters, digits and dashes)`, true);
      const known = ruleIds();
      if (!known.includes(id)) throw new Invalid(['rules', id], `unknown rule id ${JSON.stringify(id)}; did you mean ${JSON.stringify(nearestRuleId(id, known))}?`, true);
      if (typeof severity !== 'string' || !SEVERITIES.includes(severity as Severity)) {
        throw new Invalid(['rules', id], `must be one of "off", "info", "warning", "error", found ${typeName(severity)}`);
      }
      setOwn(out, id, severity as Severity);
    }
    config.rules = out;
  }

  if ('models' in object) {
    const models = expectObject(object.models, ['models'], 'an object like { "env:OPENAI_MODEL": "gpt-4o", "provider:anthropic": "claude-sonnet-4-5" }');
    for (const [key, model] of Object.entries(models)) {
      if (!isModelsKey(key)) throw new Invalid(['models', key], 'keys are "env:<VARIABLE>", "settings:<key>" or "provider:<provider>"', true);
      if (typeof model !== 'string' || model.trim() === '') throw new Invalid(['models', key], `must be a model name, found ${typeName(model)}`);
      setOwn(config.models, key, model.trim());
    }
  }

  if ('flagshipModels' in object) config.flagshipModels = stringList(object.flagshipModels, ['flagshipModels'], 'model name patterns');
  if ('include' in object) config.include = stringList(object.include, ['include'], 'globs');
  if ('exclude' in object) config.exclude = stringList(object.exclude, ['exclude'], 'globs');
  if ('maxFileSizeBytes' in object) {
    config.maxFileSizeBytes = expectNumber(object.maxFileSizeBytes, ['maxFileSizeBytes'], { max: MAX_FILE_SIZE_BYTES, integer: true, positive: true, unit: 'bytes' });
  }
  if ('maxFiles' in object) {
    config.maxFiles = expectNumber(object.maxFiles, ['maxFiles'], { max: MAX_FILES, integer: true, positive: true, unit: 'files' });
  }
  if ('minTokensSaved' in object) {
    config.minTokensSaved = expectNumber(object.minTokensSaved, ['minTokensSaved'], { max: 1_000_000, integer: true, positive: true, unit: 'tokens' });
  }
  return config;
}

/**
 * Parses and validates `prompt-cost.config.json`. Hand-written validation, one clear message for the first problem,
 * with its JSON path and 1-based line and column. Missing settings get their defaults (`defaultConfig()`).
 */
export function parseConfig(text: string, fileName: string): { config: Config } | { error: ConfigError } {
  let parsed: ParsedJson;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return { error: { file: fileName, jsonPath: '', ...error.position, message: `invalid JSON: ${error.message}` } };
    }
    throw error;
  }
  try {
    return { config: validate(parsed.value) };
  } catch (error) {
    if (error instanceof Invalid) {
      const position = error.atKey ? parsed.keyAt(error.path) : parsed.valueAt(error.path);
      return { error: { file: fileName, jsonPath: formatJsonPath(error.path), ...position, message: error.message } };
    }
    throw error;
  }
}

/** `file:line:column: jsonPath: message`, for CLI output. */
export function formatConfigError(error: ConfigError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.jsonPath ? error.jsonPath + ': ' : ''}${error.message}`;
}
