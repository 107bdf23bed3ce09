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
  'lib/openai.ts': "import OpenAI from 'openai';\nexport const openai = new OpenAI({ baseURL: 'https://openrouter.ai/api/v1' });\n",
  'lib/index.ts': "export { openai } from './openai';\n",
  'app/route.ts': "import { openai } from '../lib';\n\nexport const answer = () => openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [] });\n",
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

test('a TS client re-exported through an index module keeps its base URL', () => {
  assert.deepEqual(sites('app/route.ts'), [['chat.completions.create', 'openai/gpt-4o-mini', 'openrouter', null]]);
});
