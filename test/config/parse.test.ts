import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, expectedOutputFor, formatConfigError, parseConfig } from '../../server/src/engine/config';
import type { Config, ConfigError } from '../../server/src/engine/config';

const FILE = 'prompt-cost.config.json';

function ok(text: string): Config {
  const result = parseConfig(text, FILE);
  if ('error' in result) assert.fail(`unexpected error: ${formatConfigError(result.error)}`);
  return result.config;
}

function err(text: string): ConfigError {
  const result = parseConfig(text, FILE);
  if ('config' in result) assert.fail('expected an error');
  return result.error;
}

test('an empty object is the default config', () => {
  assert.deepEqual(ok('{}'), defaultConfig());
  assert.deepEqual(defaultConfig(), {
    usage: { default: { callsPerDay: 1000 }, files: {}, features: {} },
    expectedOutputTokens: { features: {} },
    defaultExpectedOutputTokens: 500,
    dynamicTokensPerPlaceholder: 50,
    prices: {},
    rules: {},
    flagshipModels: [],
    models: {},
    envFileValues: {},
    include: [],
    exclude: [],
    maxFileSizeBytes: 1000000,
    maxFiles: 20000,
    minTokensSaved: 10,
  });
});

test('a full config parses into its normalised shape', () => {
  const config = ok(`{
  "$schema": "./schemas/prompt-cost.config.schema.json",
  "usage": {
    "default": { "callsPerDay": 2000 },
    "files": { "src/jobs/**": { "callsPerDay": 50 } },
    "features": { "triage": { "callsPerDay": 12000 } }
  },
  "expectedOutputTokens": { "default": 300, "features": { "triage": 20 } },
  "dynamicTokensPerPlaceholder": 80,
  "prices": { "my-finetune": { "input": 3, "output": 12, "cacheRead": 1.5 } },
  "rules": { "missing-max-tokens": "error", "verbose-phrasing": "off" },
  "flagshipModels": ["my-big-*"],
  "include": ["src/**"],
  "exclude": ["**/*.test.ts"],
  "maxFileSizeBytes": 250000
}`);
  assert.deepEqual(config, {
    usage: { default: { callsPerDay: 2000 }, files: { 'src/jobs/**': { callsPerDay: 50 } }, features: { triage: { callsPerDay: 12000 } } },
    expectedOutputTokens: { default: 300, features: { triage: 20 } },
    defaultExpectedOutputTokens: 500,
    dynamicTokensPerPlaceholder: 80,
    prices: { 'my-finetune': { input: 3, output: 12, cacheRead: 1.5 } },
    rules: { 'missing-max-tokens': 'error', 'verbose-phrasing': 'off' },
    flagshipModels: ['my-big-*'],
    models: {},
    envFileValues: {},
    include: ['src/**'],
    exclude: ['**/*.test.ts'],
    maxFileSizeBytes: 250000,
    maxFiles: 20000,
    minTokensSaved: 10,
  });
  assert.equal(expectedOutputFor(config, 'triage'), 20);
  assert.equal(expectedOutputFor(config, 'other'), 300);
  assert.equal(expectedOutputFor(config), 300);
  assert.equal(expectedOutputFor(defaultConfig(), 'triage'), undefined);
});

test('expectedOutputTokens as a plain number sets the default', () => {
  assert.deepEqual(ok('{ "expectedOutputTokens": 400 }').expectedOutputTokens, { default: 400, features: {} });
});

const errors: [string, string, Omit<ConfigError, 'file'>][] = [
  ['invalid JSON: missing comma', '{\n  "usage": {}\n  "rules": {}\n}', { jsonPath: '', line: 3, column: 3, message: 'invalid JSON: expected "," or "}", found character "\\""' }],
  ['invalid JSON: trailing comma', '{ "include": ["a",] }', { jsonPath: '', line: 1, column: 19, message: 'invalid JSON: trailing comma before "]"' }],
  ['invalid JSON: NaN', '{ "dynamicTokensPerPlaceholder": NaN }', { jsonPath: '', line: 1, column: 34, message: 'invalid JSON: unexpected character "N"' }],
  ['invalid JSON: empty file', '   ', { jsonPath: '', line: 1, column: 4, message: 'invalid JSON: the file is empty; expected a JSON object' }],
  ['invalid JSON: duplicate key', '{ "rules": {}, "rules": {} }', { jsonPath: '', line: 1, column: 16, message: 'invalid JSON: duplicate key "rules"' }],
  ['root is not an object', '[1]', { jsonPath: '', line: 1, column: 1, message: 'must be a JSON object, found an array' }],
  ['unknown top-level key', '{\n  "usages": {}\n}', { jsonPath: 'usages', line: 2, column: 3, message: 'unknown key "usages"; expected one of: $schema, usage, expectedOutputTokens, dynamicTokensPerPlaceholder, prices, rules, flagshipModels, models, include, exclude, maxFileSizeBytes, maxFiles, minTokensSaved' }],
  [
    'wrong type deep in usage.files',
    '{\n  "usage": {\n    "files": {\n      "src/**": { "callsPerDay": "5000" }\n    }\n  }\n}',
    { jsonPath: 'usage.files["src/**"].callsPerDay', line: 4, column: 34, message: 'must be a number of calls per day, found a string ("5000")' },
  ],
  ['negative calls per day', '{ "usage": { "default": { "callsPerDay": -1 } } }', { jsonPath: 'usage.default.callsPerDay', line: 1, column: 42, message: 'must be 0 or more, found -1' }],
  ['absurd calls per day', '{ "usage": { "features": { "triage": { "callsPerDay": 2e9 } } } }', { jsonPath: 'usage.features.triage.callsPerDay', line: 1, column: 55, message: '2000000000 calls per day is not plausible (at most 1,000,000,000)' }],
  ['missing callsPerDay', '{ "usage": { "default": {} } }', { jsonPath: 'usage.default', line: 1, column: 25, message: 'is missing "callsPerDay"' }],
  ['unknown key in a usage entry', '{ "usage": { "default": { "callsPerDay": 1, "perDay": 2 } } }', { jsonPath: 'usage.default.perDay', line: 1, column: 45, message: 'unknown key "perDay"; expected one of: callsPerDay' }],
  ['fractional tokens', '{ "dynamicTokensPerPlaceholder": 12.5 }', { jsonPath: 'dynamicTokensPerPlaceholder', line: 1, column: 34, message: 'must be a whole number of tokens, found 12.5' }],
  ['invalid severity', '{ "rules": { "missing-max-tokens": "warn" } }', { jsonPath: 'rules["missing-max-tokens"]', line: 1, column: 36, message: 'must be one of "off", "info", "warning", "error", found a string ("warn")' }],
  ['malformed rule id', '{ "rules": { "Missing_Max": "off" } }', { jsonPath: 'rules.Missing_Max', line: 1, column: 14, message: '"Missing_Max" is not a rule id (lower case letters, digits and dashes)' }],
  ['price missing output', '{ "prices": { "gpt-4o": { "input": 2.5 } } }', { jsonPath: 'prices["gpt-4o"]', line: 1, column: 25, message: 'is missing "output" (USD per million tokens)' }],
  ['negative price', '{ "prices": { "gpt-4o": { "input": 2.5, "output": -10 } } }', { jsonPath: 'prices["gpt-4o"].output', line: 1, column: 51, message: 'must be 0 or more, found -10' }],
  ['include must be an array', '{ "include": "src/**" }', { jsonPath: 'include', line: 1, column: 14, message: 'must be an array of globs, found a string ("src/**")' }],
  ['empty glob', '{ "exclude": ["dist/**", ""] }', { jsonPath: 'exclude[1]', line: 1, column: 26, message: 'must be a non-empty string (globs), found a string ("")' }],
  ['zero max file size', '{ "maxFileSizeBytes": 0 }', { jsonPath: 'maxFileSizeBytes', line: 1, column: 23, message: 'must be greater than 0, found 0' }],
  ['expectedOutputTokens of the wrong type', '{ "expectedOutputTokens": "lots" }', { jsonPath: 'expectedOutputTokens', line: 1, column: 27, message: 'must be a number or an object with "default" and "features", found a string ("lots")' }],
];

for (const [name, text, expected] of errors) {
  test(`config error: ${name}`, () => {
    assert.deepEqual(err(text), { file: FILE, ...expected });
  });
}

test('a rule id the registry does not know is an error naming the nearest known id', () => {
  assert.deepEqual(err('{ "rules": { "missing-max-token": "info" } }'), {
    file: FILE,
    jsonPath: 'rules["missing-max-token"]',
    line: 1,
    column: 14,
    message: 'unknown rule id "missing-max-token"; did you mean "missing-max-tokens"?',
  });
});

test('a "__proto__" key stays data', () => {
  const config = ok('{ "usage": { "features": { "__proto__": { "callsPerDay": 7 } } } }');
  assert.deepEqual(Object.keys(config.usage.features), ['__proto__']);
  assert.equal(Object.getPrototypeOf(config.usage.features), Object.prototype);
});

test('errors format as file:line:column: path: message', () => {
  assert.equal(
    formatConfigError(err('{ "usage": { "default": { "callsPerDay": -1 } } }')),
    'prompt-cost.config.json:1:42: usage.default.callsPerDay: must be 0 or more, found -1',
  );
});

test('the JSON schema lists exactly the keys the parser accepts', () => {
  const root = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/prompt-cost.config.schema.json'), 'utf8'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.deepEqual(Object.keys(schema.properties), ['$schema', 'usage', 'expectedOutputTokens', 'dynamicTokensPerPlaceholder', 'prices', 'rules', 'flagshipModels', 'models', 'include', 'exclude', 'maxFileSizeBytes', 'maxFiles', 'minTokensSaved']);
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.definitions.callsPerDay.maximum, 1e9);
});
