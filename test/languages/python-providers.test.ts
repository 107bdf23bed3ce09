import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzePython, initPythonParser } from '../../server/src/engine/languages/python';
import { isolatedContext } from '../../server/src/engine/languages/context';
import type { CallSite } from '../../server/src/engine/model';
import { callSitesOf } from '../../server/src/engine/providers/index';

before(async () => {
  await initPythonParser();
});

const HEADER = `import os
import openai
import boto3
import litellm
from openai import OpenAI, AzureOpenAI
from anthropic import Anthropic
from google import genai
from google.genai import types
import google.generativeai as legacy_genai
from langchain_openai import ChatOpenAI
from langchain_anthropic import ChatAnthropic
from langchain_google_genai import ChatGoogleGenerativeAI

SYSTEM = "You are a support agent for Acme."
client = OpenAI()
azure = AzureOpenAI(azure_endpoint="https://acme.openai.azure.com", api_version="2024-06-01")
claude = Anthropic()
gclient = genai.Client()
bedrock = boto3.client("bedrock-runtime", region_name="us-east-1")

def handle(question):
`;

/** The one call site of `body` (indented into a function over HEADER), in the shape tests compare. */
function siteOf(body: string): CallSite[] {
  const text = HEADER + body.split('\n').map((line) => `    ${line}`).join('\n') + '\n';
  const view = analyzePython('app/support.py', text, isolatedContext);
  assert.deepEqual(view.errors, []);
  return callSitesOf(view).filter((site) => site.span.start > HEADER.length);
}

interface Expected {
  provider: string;
  api: string;
  kind?: string;
  model: string | null;
  modelProvider?: string | null;
  outputCap: [string, number | null] | null;
  parts: [string, string][];
  streaming?: boolean;
  batch?: boolean;
  structuredOutput?: boolean;
}

function summary(site: CallSite): Required<Expected> {
  return {
    provider: site.provider,
    api: site.api,
    kind: site.kind,
    model: site.model.value,
    modelProvider: site.modelProvider,
    outputCap: site.outputCap ? [site.outputCap.param, site.outputCap.value] : null,
    parts: site.promptParts.map((part) => [part.role, part.pieces.map((p) => (p.kind === 'text' ? p.text : `{${p.expression}}`)).join('')]),
    streaming: site.streaming,
    batch: site.batch,
    structuredOutput: site.structuredOutput,
  };
}

const cases: { name: string; body: string; expected: Expected }[] = [
  {
    name: 'OpenAI chat.completions.create',
    body: `return client.chat.completions.create(model="gpt-4o", max_tokens=300, messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}])`,
    expected: { provider: 'openai', api: 'chat.completions.create', model: 'gpt-4o', modelProvider: 'openai', outputCap: ['max_tokens', 300], parts: [['system', 'You are a support agent for Acme.'], ['user', '{question}']] },
  },
  {
    name: 'OpenAI chat.completions.create with stream=True',
    body: `return client.chat.completions.create(model="gpt-4o-mini", stream=True, max_completion_tokens=50, messages=[{"role": "user", "content": question}])`,
    expected: { provider: 'openai', api: 'chat.completions.create', model: 'gpt-4o-mini', outputCap: ['max_completion_tokens', 50], parts: [['user', '{question}']], streaming: true },
  },
  {
    name: 'OpenAI beta parse with a response format',
    body: `return client.beta.chat.completions.parse(model="gpt-4o-mini", response_format=Answer, messages=[{"role": "user", "content": question}])`,
    expected: { provider: 'openai', api: 'chat.completions.parse', model: 'gpt-4o-mini', outputCap: null, parts: [['user', '{question}']], structuredOutput: true },
  },
  {
    name: 'OpenAI chat.completions.stream',
    body: `with client.chat.completions.stream(model="gpt-4o", messages=[{"role": "user", "content": question}]) as stream:\n    pass`,
    expected: { provider: 'openai', api: 'chat.completions.stream', model: 'gpt-4o', outputCap: null, parts: [['user', '{question}']], streaming: true },
  },
  {
    name: 'OpenAI responses.create with instructions',
    body: `return client.responses.create(model="gpt-4.1", instructions=SYSTEM, input=question, max_output_tokens=500)`,
    expected: { provider: 'openai', api: 'responses.create', model: 'gpt-4.1', outputCap: ['max_output_tokens', 500], parts: [['system', 'You are a support agent for Acme.'], ['user', '{question}']] },
  },
  {
    name: 'OpenAI legacy completions',
    body: `return client.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hello to " + question, max_tokens=5)`,
    expected: { provider: 'openai', api: 'completions.create', model: 'gpt-3.5-turbo-instruct', outputCap: ['max_tokens', 5], parts: [['prompt', 'Say hello to {question}']] },
  },
  {
    name: 'Azure OpenAI',
    body: `return azure.chat.completions.create(model="prod-gpt-4o", messages=[{"role": "user", "content": question}])`,
    expected: { provider: 'azure-openai', api: 'chat.completions.create', model: 'prod-gpt-4o', modelProvider: 'azure-openai', outputCap: null, parts: [['user', '{question}']] },
  },
  {
    name: 'module-level openai.chat.completions.create',
    body: `return openai.chat.completions.create(model=os.getenv("MODEL", "gpt-4o-mini"), messages=[{"role": "user", "content": question}])`,
    expected: { provider: 'openai', api: 'chat.completions.create', model: 'gpt-4o-mini', outputCap: null, parts: [['user', '{question}']] },
  },
  {
    name: 'OpenAI embeddings',
    body: `return client.embeddings.create(model="text-embedding-3-small", input=question)`,
    expected: { provider: 'openai', api: 'embeddings.create', kind: 'embedding', model: 'text-embedding-3-small', outputCap: null, parts: [['user', '{question}']] },
  },
  {
    name: 'Anthropic messages.create with system',
    body: `return claude.messages.create(model="claude-sonnet-4-5", max_tokens=1024, system=SYSTEM, messages=[{"role": "user", "content": question}])`,
    expected: { provider: 'anthropic', api: 'messages.create', model: 'claude-sonnet-4-5', modelProvider: 'anthropic', outputCap: ['max_tokens', 1024], parts: [['system', 'You are a support agent for Acme.'], ['user', '{question}']] },
  },
  {
    name: 'Anthropic messages.stream',
    body: `with claude.messages.stream(model="claude-sonnet-4-5", max_tokens=2048, messages=[{"role": "user", "content": question}]) as stream:\n    pass`,
    expected: { provider: 'anthropic', api: 'messages.stream', model: 'claude-sonnet-4-5', outputCap: ['max_tokens', 2048], parts: [['user', '{question}']], streaming: true },
  },
  {
    name: 'Anthropic beta.messages.create',
    body: `return claude.beta.messages.create(model="claude-opus-4-1", max_tokens=64, messages=[{"role": "user", "content": question}])`,
    expected: { provider: 'anthropic', api: 'messages.create', model: 'claude-opus-4-1', outputCap: ['max_tokens', 64], parts: [['user', '{question}']] },
  },
  {
    name: 'Anthropic messages.batches.create with literal requests',
    body: `return claude.messages.batches.create(requests=[{"custom_id": "t1", "params": {"model": "claude-haiku-4-5", "max_tokens": 100, "messages": [{"role": "user", "content": "Classify: refund request"}]}}])`,
    expected: { provider: 'anthropic', api: 'messages.batches.create', model: 'claude-haiku-4-5', outputCap: ['max_tokens', 100], parts: [['user', 'Classify: refund request']], batch: true },
  },
  {
    name: 'google-genai generate_content with GenerateContentConfig',
    body: `return gclient.models.generate_content(model="gemini-2.5-flash", contents=question, config=types.GenerateContentConfig(system_instruction=SYSTEM, max_output_tokens=256))`,
    expected: { provider: 'google', api: 'models.generate_content', model: 'gemini-2.5-flash', modelProvider: 'google', outputCap: ['config.max_output_tokens', 256], parts: [['system', 'You are a support agent for Acme.'], ['user', '{question}']] },
  },
  {
    name: 'google-genai generate_content with a dict config',
    body: `return gclient.models.generate_content(model="gemini-2.5-pro", contents=question, config={"system_instruction": SYSTEM, "max_output_tokens": 128, "response_mime_type": "application/json"})`,
    expected: { provider: 'google', api: 'models.generate_content', model: 'gemini-2.5-pro', outputCap: ['config.max_output_tokens', 128], parts: [['system', 'You are a support agent for Acme.'], ['user', '{question}']], structuredOutput: true },
  },
  {
    name: 'google-genai generate_content_stream',
    body: `return gclient.models.generate_content_stream(model="gemini-2.5-flash", contents=question)`,
    expected: { provider: 'google', api: 'models.generate_content_stream', model: 'gemini-2.5-flash', outputCap: null, parts: [['user', '{question}']], streaming: true },
  },
  {
    name: 'legacy GenerativeModel with system_instruction',
    body: `model = legacy_genai.GenerativeModel("gemini-1.5-pro", system_instruction=SYSTEM)\nreturn model.generate_content(question)`,
    expected: { provider: 'google', api: 'GenerativeModel.generate_content', model: 'gemini-1.5-pro', outputCap: null, parts: [['system', 'You are a support agent for Acme.'], ['user', '{question}']] },
  },
  {
    name: 'LiteLLM completion',
    body: `return litellm.completion(model="anthropic/claude-3-haiku-20240307", max_tokens=50, messages=[{"role": "user", "content": question}])`,
    expected: { provider: 'litellm', api: 'completion', model: 'anthropic/claude-3-haiku-20240307', modelProvider: 'anthropic', outputCap: ['max_tokens', 50], parts: [['user', '{question}']] },
  },
  {
    name: 'LiteLLM acompletion',
    body: `return litellm.acompletion(model="gpt-4o", messages=[{"role": "user", "content": question}])`,
    expected: { provider: 'litellm', api: 'acompletion', model: 'gpt-4o', modelProvider: null, outputCap: null, parts: [['user', '{question}']] },
  },
  {
    name: 'LangChain ChatOpenAI',
    body: `llm = ChatOpenAI(model="gpt-4o", max_tokens=200)`,
    expected: { provider: 'langchain', api: 'ChatOpenAI', model: 'gpt-4o', modelProvider: 'openai', outputCap: ['max_tokens', 200], parts: [] },
  },
  {
    name: 'LangChain ChatAnthropic',
    body: `llm = ChatAnthropic(model="claude-sonnet-4-5", max_tokens=1000)`,
    expected: { provider: 'langchain', api: 'ChatAnthropic', model: 'claude-sonnet-4-5', modelProvider: 'anthropic', outputCap: ['max_tokens', 1000], parts: [] },
  },
  {
    name: 'LangChain ChatGoogleGenerativeAI',
    body: `llm = ChatGoogleGenerativeAI(model="gemini-2.5-flash")`,
    expected: { provider: 'langchain', api: 'ChatGoogleGenerativeAI', model: 'gemini-2.5-flash', modelProvider: 'google', outputCap: null, parts: [] },
  },
  {
    name: 'Bedrock converse',
    body: `return bedrock.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", system=[{"text": SYSTEM}], messages=[{"role": "user", "content": [{"text": question}]}], inferenceConfig={"maxTokens": 256})`,
    expected: {
      provider: 'bedrock',
      api: 'converse',
      model: 'anthropic.claude-3-haiku-20240307-v1:0',
      outputCap: ['inferenceConfig.maxTokens', 256],
      parts: [['system', 'You are a support agent for Acme.'], ['user', '{question}']],
    },
  },
];

describe('Python snippets through the providers', () => {
  for (const { name, body, expected } of cases) {
    test(name, () => {
      const sites = siteOf(body);
      assert.equal(sites.length, 1, `one call site, got ${sites.map((s) => s.api).join(', ')}`);
      const actual = summary(sites[0]);
      const defaults = { kind: 'generation', streaming: false, batch: false, structuredOutput: false };
      const wanted = { ...defaults, ...expected };
      const compared = Object.fromEntries(Object.keys(wanted).map((key) => [key, actual[key as keyof Expected]]));
      assert.deepEqual(compared, wanted);
      assert.equal(sites[0].language, 'python');
      assert.equal(sites[0].enclosingFunction, 'handle');
    });
  }

  test('moderation is not a call site', () => {
    assert.deepEqual(siteOf(`return client.moderations.create(input=question)`), []);
  });

  test('client constructors are not call sites', () => {
    const view = analyzePython('app/support.py', HEADER + '    pass\n', isolatedContext);
    assert.ok(view.calls.length >= 5, 'constructors are reported as neutral calls');
    assert.deepEqual(callSitesOf(view), []);
  });

  test('the model span of a literal points at the name, so a fix can replace it', () => {
    const body = `return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])`;
    const text = HEADER + `    ${body}\n`;
    const site = callSitesOf(analyzePython('app/support.py', text, isolatedContext)).find((s) => s.span.start > HEADER.length)!;
    assert.equal(site.model.source, 'literal');
    assert.equal(site.model.editable, true);
    assert.equal(text.slice(site.model.span!.start, site.model.span!.end), 'gpt-4o');
  });

  test('a model from a module constant reports its source as constant', () => {
    const text = `from openai import OpenAI\nclient = OpenAI()\nMODEL = "gpt-4o-mini"\nclient.chat.completions.create(model=MODEL, messages=[])\n`;
    const [site] = callSitesOf(analyzePython('app/support.py', text, isolatedContext));
    assert.deepEqual([site.model.value, site.model.source, site.model.note], ['gpt-4o-mini', 'constant', 'constant MODEL']);
  });

  test('a growing history in a loop reaches the call site as its message list', () => {
    const text = `from openai import OpenAI\nclient = OpenAI()\ndef chat(turns):\n    history = []\n    for turn in turns:\n        history.append({"role": "user", "content": turn})\n        client.chat.completions.create(model="gpt-4o", messages=history)\n`;
    const [site] = callSitesOf(analyzePython('app/chat.py', text, isolatedContext));
    assert.equal(site.inLoop, true);
    assert.ok(site.messageList && site.messageList.kind === 'array');
    assert.deepEqual(site.messageList.growth && [site.messageList.growth.acrossIterations, site.messageList.growth.trimmed], [true, false]);
  });

  test('unresolved **kwargs makes the arguments opaque', () => {
    const text = `import litellm\ndef ask(**options):\n    return litellm.completion(model="gpt-4o", messages=[], **options)\n`;
    const [site] = callSitesOf(analyzePython('app/chat.py', text, isolatedContext));
    assert.equal(site.argumentsOpaque, true);
    assert.equal(site.outputCap, null);
  });
});
