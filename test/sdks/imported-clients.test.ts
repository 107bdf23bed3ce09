/** Clients and models made in one workspace module and used in another. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { frontEndModules } from '../../server/src/engine/language-modules';
import { analyzePython, initPythonParser } from '../../server/src/engine/languages/python';
import { analyzeTypeScript } from '../../server/src/engine/languages/typescript';
import { callSitesOf } from '../../server/src/engine/providers';
import { createWorkspaceContext } from '../../server/src/engine/workspace';

before(async () => {
  await initPythonParser();
});

const FILES: Record<string, string> = {
  'app/llm.py': 'import instructor\nfrom openai import OpenAI\nfrom langchain_anthropic import ChatAnthropic\n\nclient = instructor.from_openai(OpenAI(base_url="https://api.groq.com/openai/v1"))\nllm = ChatAnthropic(model="claude-3-5-haiku-latest", max_tokens=300)\n',
  'app/main.py': 'from app.llm import client, llm\n\nclient.chat.completions.create(model="llama-3.3-70b-versatile", messages=[])\nllm.invoke("hello")\n',
  'svc/clients.py': [
    'from functools import lru_cache',
    'from anthropic import Anthropic',
    'from openai import AsyncOpenAI, OpenAI',
    '_client = None',
    '@lru_cache',
    'def get_client():',
    '    return Anthropic()',
    'def get_async_client():',
    '    global _client',
    '    if _client is None:',
    '        _client = AsyncOpenAI(base_url="https://api.groq.com/openai/v1")',
    '    return _client',
    'shared = Anthropic(max_retries=1)',
    'import instructor',
    'def structured():',
    '    return instructor.from_openai(OpenAI())',
    'def describe():',
    '    return "not a client"',
    'class BaseAgent:',
    '    def __init__(self, client: AsyncOpenAI):',
    '        self.client = client',
    '    @staticmethod',
    '    def make():',
    '        return Anthropic()',
    '',
  ].join('\n'),
  'svc/main.py': [
    'from svc.clients import BaseAgent, describe, get_async_client, get_client',
    'get_client().messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=[])',
    'describe().messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=[])',
    'async def run():',
    '    client = get_async_client()',
    '    await client.chat.completions.create(model="llama-3.3-70b-versatile", messages=[])',
    'class Writer(BaseAgent):',
    '    async def write(self):',
    '        return await self.client.chat.completions.create(model="gpt-4o", messages=[])',
    '    def title(self):',
    '        return self.make().messages.create(model="claude-3-5-haiku-latest", max_tokens=9, messages=[])',
    'BaseAgent.make().messages.create(model="claude-3-5-haiku-latest", max_tokens=7, messages=[])',
    '',
  ].join('\n'),
  'svc/modules.py': [
    'from svc import clients',
    'import svc.clients as sc',
    'clients.get_client().messages.create(model="claude-3-5-haiku-latest", max_tokens=11, messages=[])',
    'sc.shared.messages.create(model="claude-3-5-haiku-latest", max_tokens=12, messages=[])',
    'clients.describe().messages.create(model="claude-3-5-haiku-latest", max_tokens=13, messages=[])',
    'clients.structured().create_partial(model="gpt-4o-mini", response_model=dict, max_tokens=14, messages=[])',
    '',
  ].join('\n'),
  'lib/openai.ts': "import OpenAI from 'openai';\nexport const openai = new OpenAI({ baseURL: 'https://openrouter.ai/api/v1' });\n",
  'lib/index.ts': "export { openai } from './openai';\n",
  'app/route.ts': "import { openai } from '../lib';\n\nexport const answer = () => openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [] });\n",
  'web/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }',
  'web/lib/ai/providers.ts': [
    "import { gateway } from '@ai-sdk/gateway';",
    "import Together from 'together-ai';",
    "export function getTitleModel() {",
    "  if (process.env.TEST) return mockProvider.languageModel('title-model');",
    "  return gateway.languageModel('google/gemini-2.5-flash-lite');",
    "}",
    "export const getArtifactModel = () => gateway('anthropic/claude-haiku-4.5');",
    "export default function makeClient() { return new Together({ baseURL: 'https://together.helicone.ai/v1' }); }",
    "export function helper() { return 'not a model'; }",
    '',
  ].join('\n'),
  'web/lib/ai/index.ts': "export { getArtifactModel } from './providers';\n",
  'web/app/actions.ts': [
    "import { generateText, streamText } from 'ai';",
    "import makeClient, { getTitleModel, helper } from '@/lib/ai/providers';",
    "import { getArtifactModel } from '@/lib/ai';",
    "export async function run(prompt: string) {",
    "  await generateText({ model: getTitleModel(), prompt });",
    "  streamText({ model: getArtifactModel(), prompt: helper() });",
    "  await makeClient().chat.completions.create({ model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', messages: [] });",
    "}",
    '',
  ].join('\n'),
  'server/anthropicChat.js': [
    'function buildParams({ model, maxTokens, messages }) {',
    '  const params = { model, max_tokens: maxTokens, messages };',
    '  return params;',
    '}',
    "const makeClient = () => new Anthropic({ baseURL: 'https://api.anthropic.com' });",
    "const Anthropic = require('@anthropic-ai/sdk');",
    'module.exports = { buildParams, makeClient };',
    '',
  ].join('\n'),
  'server/provider.js': [
    "const Anthropic = require('@anthropic-ai/sdk');",
    "const { buildParams, makeClient } = require('./anthropicChat');",
    'class Provider {',
    "  constructor() { this.anthropic = new Anthropic(); this.model = 'claude-3-5-haiku-latest'; }",
    '  stream(messages) {',
    '    const params = buildParams({ model: this.model, maxTokens: 1024, messages });',
    '    return this.anthropic.messages.stream(params);',
    '  }',
    "  other() { return makeClient().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [] }); }",
    '}',
    'module.exports = Provider;',
    '',
  ].join('\n'),
};

function sites(file: string) {
  const context = createWorkspaceContext({ root: '/ws', readFile: (rel) => FILES[rel] }, frontEndModules);
  const view = file.endsWith('.py') ? analyzePython(file, FILES[file], context) : analyzeTypeScript(file, FILES[file], context);
  return callSitesOf(view).map((site) => [site.api, site.model.value, site.modelProvider, site.outputCap?.value ?? null]);
}

test('a Python client and a LangChain model imported from another module keep their wrapper, host, model and cap', () => {
  assert.deepEqual(sites('app/main.py'), [
    ['chat.completions.create', 'llama-3.3-70b-versatile', 'groq', null],
    ['ChatAnthropic.invoke', 'claude-3-5-haiku-latest', 'anthropic', 300],
  ]);
});

test('Python factories, inherited clients and static factory methods of another module give their client', () => {
  assert.deepEqual(sites('svc/main.py'), [
    ['messages.create', 'claude-3-5-haiku-latest', 'anthropic', 50],
    ['chat.completions.create', 'llama-3.3-70b-versatile', 'groq', null],
    ['chat.completions.create', 'gpt-4o', 'openai', null],
    ['messages.create', 'claude-3-5-haiku-latest', 'anthropic', 9],
    ['messages.create', 'claude-3-5-haiku-latest', 'anthropic', 7],
  ]);
});

test('a factory and a client reached through an imported workspace module give their client; other functions do not', () => {
  assert.deepEqual(sites('svc/modules.py'), [
    ['messages.create', 'claude-3-5-haiku-latest', 'anthropic', 11],
    ['messages.create', 'claude-3-5-haiku-latest', 'anthropic', 12],
    ['chat.completions.create', 'gpt-4o-mini', 'openai', 14],
  ]);
});

test('a TS client re-exported through an index module keeps its base URL', () => {
  assert.deepEqual(sites('app/route.ts'), [['chat.completions.create', 'openai/gpt-4o-mini', 'openrouter', null]]);
});

test('functions returning models and clients, imported through a tsconfig paths alias and re-exported, give their model', () => {
  assert.deepEqual(sites('web/app/actions.ts'), [
    ['generateText', 'google/gemini-2.5-flash-lite', 'google', null],
    ['streamText', 'anthropic/claude-haiku-4.5', 'anthropic', null],
    ['chat.completions.create', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together', null],
  ]);
});

test('CommonJS helpers required from another module: the parameters object and the client they return', () => {
  // The helper's parameters are its own: the cap is there, its value is only known at run time.
  assert.deepEqual(sites('server/provider.js'), [
    ['messages.stream', null, 'anthropic', null],
    ['messages.create', 'claude-sonnet-4-5', 'anthropic', 10],
  ]);
  const context = createWorkspaceContext({ root: '/ws', readFile: (rel) => FILES[rel] }, frontEndModules);
  const stream = callSitesOf(analyzeTypeScript('server/provider.js', FILES['server/provider.js'], context))[0];
  assert.equal(stream.outputCap?.param, 'max_tokens');
});
