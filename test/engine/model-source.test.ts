/**
 * Models set at run time: what the front ends say sets them (fixtures under test/fixtures/runtime-models/shapes/),
 * and which model a call is priced as, in the documented precedence.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { analyzeFile, prepareLanguages, type AnalyzedCallSite } from '../../server/src/engine/analyze';
import { defaultConfig, parseConfig, type Config } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { envFileValuesFrom, envFileValuesOf, modelAnnotationFor, modelAssumptionFor, parseEnvFile } from '../../server/src/engine/model-source';
import type { ModelRef } from '../../server/src/engine/model';
import { LineIndex } from '../../server/src/engine/text';

const SHAPES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'runtime-models', 'shapes');

before(() => prepareLanguages(['python', 'typescript']));

function configOf(json: string): Config {
  const parsed = parseConfig(json, 'prompt-cost.config.json');
  if ('error' in parsed) assert.fail(parsed.error.message);
  return parsed.config;
}

/** Each call of a fixture by the name of its enclosing function. */
function callsByFunction(file: string, config: Config = defaultConfig()): Map<string, AnalyzedCallSite> {
  const text = readFileSync(join(SHAPES, file), 'utf8');
  const analysis = analyzeFile(file, text, isolatedContext, config);
  assert.deepEqual(analysis.errors, []);
  return new Map(analysis.callSites.map((analyzed) => [analyzed.site.enclosingFunction ?? '(module)', analyzed]));
}

describe('what sets a model at run time', () => {
  const python: [string, string][] = [
    ['from_subscript', 'model set at run time (environment variable OPENAI_MODEL)'],
    ['from_getenv_constant', 'model set at run time (environment variable CHAT_MODEL)'],
    ['from_environ_get', 'model set at run time (environment variable ENV_MODEL)'],
    ['from_parameter', 'model set at run time (function parameter model)'],
    ['from_settings', 'model set at run time (settings key settings.llm_model)'],
    ['from_request', 'model set at run time (request field body.model)'],
    ['from_request_get', 'model set at run time (request field request.json.model)'],
  ];
  const typescript: [string, string][] = [
    ['fromEnv', 'model set at run time (environment variable OPENAI_MODEL)'],
    ['fromEnvConstant', 'model set at run time (environment variable CHAT_MODEL)'],
    ['fromParameter', 'model set at run time (function parameter model)'],
    ['fromRequest', 'model set at run time (request field req.body.model)'],
    ['fromSettings', 'model set at run time (settings key settings.chatModel)'],
    ['fromConfigObject', 'model set at run time (environment variable CONFIG_MODEL)'],
  ];
  for (const [file, table] of [['handlers.py', python], ['routes.ts', typescript]] as const) {
    for (const [fn, reason] of table) {
      test(`${file} ${fn}: ${reason}`, () => {
        const analyzed = callsByFunction(file).get(fn);
        assert.ok(analyzed, `no call in ${fn}`);
        assert.equal(analyzed.cost, null);
        assert.equal(analyzed.costNote, reason);
        // Still counted: the prompt's tokens and the cap.
        assert.ok(analyzed.tokens.overhead > 0);
        assert.equal(analyzed.site.outputCap?.value, 300);
      });
    }
  }

  test('a default written in the code prices the call and keeps the variable it stands in for', () => {
    for (const [file, fn] of [['handlers.py', 'from_code_default'], ['routes.ts', 'fromCodeDefault']]) {
      const analyzed = callsByFunction(file).get(fn)!;
      assert.equal(analyzed.site.model.value, 'gpt-4o-mini');
      assert.deepEqual(analyzed.site.model.runtime, { kind: 'env', variable: 'FALLBACK_MODEL' });
      assert.equal(analyzed.modelAssumption?.source, 'code-default');
      assert.ok(analyzed.cost, `${file} ${fn} has no cost`);
    }
  });

  test('a literal model is never replaced, whatever the annotation and config say', () => {
    const text = '# prompt-cost: model=gpt-4o\nclient.chat.completions.create(model="gpt-4o-mini", messages=[])\n';
    const code = `from openai import OpenAI\nclient = OpenAI()\n${text}`;
    const config = configOf('{ "models": { "provider:openai": "o1" } }');
    const [analyzed] = analyzeFile('app.py', code, isolatedContext, config).callSites;
    assert.equal(analyzed.site.model.value, 'gpt-4o-mini');
    assert.equal(analyzed.modelAssumption, undefined);
  });
});

describe('which model a runtime call is priced as', () => {
  const ENV_EXAMPLE = 'OPENAI_MODEL=gpt-4.1-mini\nFALLBACK_MODEL=gpt-4.1-nano\n';

  test('an annotation above the call wins over the config and env example files', () => {
    const text = readFileSync(join(SHAPES, 'handlers.py'), 'utf8').replace(
      'def from_subscript(question):\n',
      'def from_subscript(question):\n    # prompt-cost: model=gpt-5-nano calls-per-day=10\n',
    );
    const config = configOf('{ "models": { "env:OPENAI_MODEL": "gpt-4o" } }');
    config.envFileValues = envFileValuesOf([{ file: '.env.example', text: ENV_EXAMPLE }]);
    const analyzed = analyzeFile('handlers.py', text, isolatedContext, config).callSites.find((a) => a.site.enclosingFunction === 'from_subscript')!;
    assert.deepEqual(analyzed.modelAssumption, { model: 'gpt-5-nano', source: 'annotation', detail: 'annotation on line 12' });
    assert.equal(analyzed.site.model.value, 'gpt-5-nano');
    assert.equal(analyzed.site.model.source, 'assumed');
    assert.equal(analyzed.cost?.price.model, 'gpt-5-nano');
    // The same comment still sets the traffic.
    assert.equal(analyzed.usage.callsPerDay, 10);
  });

  test('config env:, then .env.example, then the code default, then provider:', () => {
    const config = configOf('{ "models": { "env:OPENAI_MODEL": "gpt-4o", "settings:llm_model": "gpt-4.1", "provider:openai": "o3-mini" } }');
    config.envFileValues = envFileValuesOf([{ file: '.env.example', text: ENV_EXAMPLE }]);
    const calls = callsByFunction('handlers.py', config);
    const assumed = (fn: string) => {
      const { modelAssumption } = calls.get(fn)!;
      return modelAssumption && `${modelAssumption.model} from ${modelAssumption.detail}`;
    };
    assert.equal(assumed('from_subscript'), 'gpt-4o from models["env:OPENAI_MODEL"] in the config');
    assert.equal(assumed('from_settings'), 'gpt-4.1 from models["settings:llm_model"] in the config');
    assert.equal(assumed('from_code_default'), 'gpt-4.1-nano from FALLBACK_MODEL in .env.example (line 2)');
    assert.equal(assumed('from_environ_get'), 'o3-mini from models["provider:openai"] in the config');
    assert.equal(assumed('from_parameter'), 'o3-mini from models["provider:openai"] in the config');
    for (const fn of ['from_subscript', 'from_settings', 'from_code_default', 'from_parameter']) assert.ok(calls.get(fn)!.cost, `${fn} has no cost`);
  });

  test('a settings key matches by its full path too', () => {
    const config = configOf('{ "models": { "settings:settings.llm_model": "gpt-4.1" } }');
    assert.equal(callsByFunction('handlers.py', config).get('from_settings')!.modelAssumption?.model, 'gpt-4.1');
  });

  test('nothing configured: no assumption, and the reason stays', () => {
    const ref: ModelRef = { value: null, source: 'unknown', editable: false, runtime: { kind: 'parameter', name: 'model' } };
    assert.equal(modelAssumptionFor({ model: ref, provider: 'openai', modelProvider: 'openai' }, 3, [], defaultConfig()), undefined);
  });
});

describe('annotations and env example files', () => {
  test('a model annotation on the call line or in the comment run above it', () => {
    assert.deepEqual(modelAnnotationFor([{ line: 4, text: ' prompt-cost: model=claude-haiku-4-5' }], 5), { model: 'claude-haiku-4-5', line: 4 });
    assert.deepEqual(modelAnnotationFor([{ line: 5, text: ' prompt-cost: model=gpt-4o' }], 5), { model: 'gpt-4o', line: 5 });
    assert.deepEqual(
      modelAnnotationFor([{ line: 2, text: ' prompt-cost: model=gpt-4o' }, { line: 3, text: ' why this model' }], 4),
      { model: 'gpt-4o', line: 2 },
    );
    // A comment separated from the call by code says nothing about it.
    assert.equal(modelAnnotationFor([{ line: 2, text: ' prompt-cost: model=gpt-4o' }], 4), undefined);
    assert.equal(modelAnnotationFor([{ line: 3, text: ' prompt-cost: calls-per-day=5' }], 4), undefined);
    assert.equal(modelAnnotationFor([{ line: 3, text: ' model=gpt-4o' }], 4), undefined);
  });

  test('parseEnvFile reads KEY=value lines, quotes, export and trailing comments; placeholders and blanks are skipped', () => {
    const text = [
      '# Copy to .env',
      'export OPENAI_MODEL="gpt-4o"',
      "ANTHROPIC_MODEL='claude-sonnet-4-5' # the default",
      'GEMINI_MODEL=gemini-2.5-flash   # cheaper',
      'OPENAI_API_KEY=<your key>',
      'EMPTY=',
      'not a line',
    ].join('\r\n');
    assert.deepEqual(parseEnvFile(text, '.env.example'), {
      OPENAI_MODEL: { value: 'gpt-4o', file: '.env.example', line: 2 },
      ANTHROPIC_MODEL: { value: 'claude-sonnet-4-5', file: '.env.example', line: 3 },
      GEMINI_MODEL: { value: 'gemini-2.5-flash', file: '.env.example', line: 4 },
    });
  });

  test('.env.example wins over .env.sample and .env.template per variable', () => {
    const files: Record<string, string> = { '.env.sample': 'A=from-sample\nB=from-sample\n', '.env.template': 'B=from-template\nC=from-template\n', '.env.example': 'A=from-example\n' };
    const values = envFileValuesFrom((file) => files[file]);
    assert.deepEqual(
      Object.fromEntries(Object.entries(values).map(([key, entry]) => [key, `${entry.value} (${entry.file})`])),
      { A: 'from-example (.env.example)', B: 'from-sample (.env.sample)', C: 'from-template (.env.template)' },
    );
  });
});

describe('the config key models', () => {
  test('accepts env:, settings: and provider: keys', () => {
    const config = configOf('{ "models": { "env:OPENAI_MODEL": "gpt-4o", "settings:llm_model": "gpt-4.1", "provider:anthropic": "claude-haiku-4-5" } }');
    assert.deepEqual(config.models, { 'env:OPENAI_MODEL': 'gpt-4o', 'settings:llm_model': 'gpt-4.1', 'provider:anthropic': 'claude-haiku-4-5' });
  });

  test('rejects other keys and non-string models, naming where', () => {
    const badKey = parseConfig('{ "models": { "OPENAI_MODEL": "gpt-4o" } }', 'prompt-cost.config.json');
    assert.ok('error' in badKey);
    assert.equal(badKey.error.jsonPath, 'models.OPENAI_MODEL');
    assert.match(badKey.error.message, /env:<VARIABLE>/);
    const badValue = parseConfig('{ "models": { "env:X": 4 } }', 'prompt-cost.config.json');
    assert.ok('error' in badValue);
    assert.match(badValue.error.message, /must be a model name, found a number/);
  });
});

test('the fixture files parse as written (line numbers above refer to them)', () => {
  const text = readFileSync(join(SHAPES, 'handlers.py'), 'utf8');
  assert.equal(new LineIndex(text).lineText(10), 'def from_subscript(question):');
});
