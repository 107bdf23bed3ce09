/**
 * Python values held by classes in other files: config-object field defaults, base-class members and the dicts
 * base-class methods return, resolved through the module constants the other file exports (`Class.attr`,
 * `Class.method()`), as a workspace scan resolves them.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { AnalyzeContext } from '../../server/src/engine/languages/context';
import { analyzePython, initPythonParser, pythonModuleConstants } from '../../server/src/engine/languages/python';
import type { Value } from '../../server/src/engine/model';
import { callSitesOf } from '../../server/src/engine/providers';
import { isolatedContext } from '../../server/src/engine/languages/context';

before(async () => {
  await initPythonParser();
});

/** A context that answers `from <module> import …` with the constants of the given sources (module name -> text). */
function workspace(modules: Record<string, string>): AnalyzeContext {
  const context: AnalyzeContext = {
    resolveImport(_fromFile, specifier, name) {
      const text = modules[specifier];
      return text === undefined ? undefined : pythonModuleConstants(`${specifier.replace(/\./g, '/')}.py`, text, context).get(name);
    },
    readPromptFile: () => undefined,
  };
  return context;
}

function sites(text: string, ctx: AnalyzeContext) {
  return callSitesOf(analyzePython('app/main.py', text, ctx)).map((site) => ({ model: site.model.value, source: site.model.source, note: site.model.note, cap: site.outputCap?.value ?? (site.outputCap ? 'set' : 'none') }));
}

const CONFIG = `from pydantic import BaseModel, Field


class Configuration(BaseModel):
    research_model: str = Field(default="openai:gpt-4.1", metadata={"ui": "text"})
    research_model_max_tokens: int = Field(default=10000)

    @classmethod
    def from_runnable_config(cls, config=None):
        return cls()
`;

const BASE = `class LLMBase:
    def __init__(self, config=None):
        self.config = config

    def _supported_params(self, **kwargs):
        if self._is_reasoning():
            return {"messages": kwargs["messages"]}
        else:
            return self._common_params(**kwargs)

    def _common_params(self, **kwargs):
        params = {"temperature": 0.1}
        params["max_tokens"] = 2000
        params.update(kwargs)
        return params
`;

describe('Python values from classes in other files', () => {
  test('a field default of an imported pydantic config class, read through a classmethod-made instance', () => {
    const code = `from langchain.chat_models import init_chat_model
from app.configuration import Configuration

configurable_model = init_chat_model(configurable_fields=("model", "max_tokens"))


async def research(config):
    configurable = Configuration.from_runnable_config(config)
    model_config = {"model": configurable.research_model, "max_tokens": configurable.research_model_max_tokens}
    return await configurable_model.with_config(model_config).ainvoke("question")
`;
    assert.deepEqual(sites(code, workspace({ 'app.configuration': CONFIG })), [
      { model: 'gpt-4.1', source: 'default', note: 'default of field Configuration.research_model', cap: 10000 },
    ]);
  });

  test('without the other file the field stays unknown', () => {
    const code = `from openai import OpenAI
from app.configuration import Configuration

client = OpenAI()
settings = Configuration()
client.chat.completions.create(model=settings.research_model, messages=[])
`;
    assert.equal(sites(code, isolatedContext)[0].model, null);
    assert.equal(sites(code, workspace({ 'app.configuration': CONFIG }))[0].model, 'openai:gpt-4.1');
  });

  test('a subclass spreads the dict a base-class method in another file returns, with the model it sets itself', () => {
    const code = `from anthropic import Anthropic
from app.base import LLMBase


class AnthropicLLM(LLMBase):
    def __init__(self, config=None):
        super().__init__(config)
        if not self.config.model:
            self.config.model = "claude-sonnet-4-5"
        self.client = Anthropic()

    def generate(self, messages, **kwargs):
        params = self._supported_params(messages=messages, **kwargs)
        params.update({"model": self.config.model, "messages": messages})
        return self.client.messages.create(**params)
`;
    const found = sites(code, workspace({ 'app.base': BASE }));
    assert.deepEqual(found, [{ model: 'claude-sonnet-4-5', source: 'literal', note: undefined, cap: 2000 }]);
    // Alone, the base class's dict is unknown: no cap is claimed.
    assert.equal(sites(code, isolatedContext)[0].cap, 'none');
  });

  test('the class constants a file exports', () => {
    const constants = pythonModuleConstants('app/base.py', BASE + CONFIG.replace('from pydantic import BaseModel, Field\n', ''), isolatedContext);
    const entries = (value: Value | undefined) => (value?.kind === 'object' ? value.entries.map((entry) => entry.key) : value?.kind);
    assert.deepEqual(entries(constants.get('LLMBase._common_params()')), ['temperature', 'max_tokens']);
    assert.deepEqual(entries(constants.get('LLMBase._supported_params()')), ['temperature', 'max_tokens']);
    const field = constants.get('Configuration.research_model');
    assert.ok(field?.kind === 'string' && field.pieces[0].kind === 'text');
    assert.equal(field.pieces[0].text, 'openai:gpt-4.1');
  });
});
