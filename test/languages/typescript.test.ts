import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, callNames, callTo, option, shape, slice } from './typescript-helpers';

describe('TypeScript front end: SDK symbols through each import style', () => {
  const cases: { name: string; code: string; file?: string; calls: string[] }[] = [
    {
      name: 'ESM default import',
      code: `import OpenAI from 'openai';\nconst client = new OpenAI();`,
      calls: ['new openai:default'],
    },
    {
      name: 'ESM named import',
      code: `import { AzureOpenAI } from 'openai';\nconst client = new AzureOpenAI({ endpoint: 'https://x' });`,
      calls: ['new openai:AzureOpenAI'],
    },
    {
      name: 'Anthropic default import',
      code: `import Anthropic from '@anthropic-ai/sdk';\nconst anthropic = new Anthropic({ apiKey: 'k' });`,
      calls: ['new @anthropic-ai/sdk:default'],
    },
    {
      name: 'namespace import',
      code: `import * as ai from 'ai';\nawait ai.generateText({ prompt: 'hi' });`,
      calls: ['ai:generateText'],
    },
    {
      name: 'aliased named import',
      code: `import { generateText as gen } from 'ai';\nawait gen({ prompt: 'hi' });`,
      calls: ['ai:generateText'],
    },
    {
      name: 'provider function and its member',
      code: `import { openai } from '@ai-sdk/openai';\nconst a = openai('gpt-4o');\nconst b = openai.chat('gpt-4o');`,
      calls: ['@ai-sdk/openai:openai', '@ai-sdk/openai:openai.chat'],
    },
    {
      name: 'Google GenAI and legacy Generative AI',
      code: `import { GoogleGenAI } from '@google/genai';\nimport { GoogleGenerativeAI } from '@google/generative-ai';\nconst ai = new GoogleGenAI({});\nconst genAI = new GoogleGenerativeAI('key');`,
      calls: ['new @google/genai:GoogleGenAI', 'new @google/generative-ai:GoogleGenerativeAI'],
    },
    {
      name: 'LangChain chat model',
      code: `import { ChatOpenAI } from '@langchain/openai';\nconst llm = new ChatOpenAI({ model: 'gpt-4o-mini' });`,
      calls: ['new @langchain/openai:ChatOpenAI'],
    },
    {
      name: 'CommonJS whole-module require',
      code: `const OpenAI = require('openai');\nconst client = new OpenAI();`,
      file: 'src/app.js',
      calls: ['new openai:default'],
    },
    {
      name: 'CommonJS destructured require',
      code: `const { OpenAI } = require('openai');\nconst client = new OpenAI();`,
      file: 'src/app.cjs',
      calls: ['new openai:OpenAI'],
    },
    {
      name: 'CommonJS require of Anthropic',
      code: `const Anthropic = require('@anthropic-ai/sdk');\nconst anthropic = new Anthropic();`,
      file: 'src/app.js',
      calls: ['new @anthropic-ai/sdk:default'],
    },
    {
      name: 'type-only imports are ignored',
      code: `import type OpenAI from 'openai';\nimport { type ChatOpenAI } from '@langchain/openai';\nconst a = new OpenAI();\nconst b = new ChatOpenAI();`,
      calls: [],
    },
    {
      name: 'non-SDK calls are not reported',
      code: `import Stripe from 'stripe';\nimport { PrismaClient } from '@prisma/client';\nimport OpenAI from 'openai';\nconst stripe = new Stripe('k');\nconst prisma = new PrismaClient();\nawait stripe.charges.create({ amount: 1 });\nawait prisma.user.create({ data: {} });\nawait fetch('https://api.openai.com');\nconsole.log('openai');`,
      calls: ['new openai:default'].slice(0, 0),
    },
  ];
  for (const { name, code, file, calls } of cases) {
    test(name, () => {
      assert.deepEqual(callNames(analyze(code, file)), calls);
    });
  }

  test('direct calls carry the symbol, no receiver, an empty method, and the constructor flag', () => {
    const code = `import { generateText } from 'ai';\nimport OpenAI from 'openai';\nnew OpenAI();\ngenerateText({ prompt: 'x' });`;
    const view = analyze(code);
    const [ctor, fn] = view.calls;
    assert.deepEqual([ctor.symbol, ctor.receiver, ctor.method, ctor.isConstructor], ['openai:default', null, '', true]);
    assert.deepEqual([fn.symbol, fn.receiver, fn.method, fn.isConstructor], ['ai:generateText', null, '', false]);
    assert.equal(slice(code, ctor.calleeSpan), 'OpenAI');
    assert.equal(slice(code, ctor.span), 'new OpenAI()');
    assert.equal(slice(code, fn.args.span), "{ prompt: 'x' }");
  });
});

describe('TypeScript front end: client instances', () => {
  test('module-level client used inside a function', () => {
    const code = [
      `import OpenAI from 'openai';`,
      `const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });`,
      `export async function summarize(text: string) {`,
      `  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] });`,
      `}`,
    ].join('\n');
    const view = analyze(code);
    assert.deepEqual(callNames(view), ['new openai:default', 'openai:default -> chat.completions.create']);
    const call = callTo(view, 'chat.completions.create');
    assert.equal(slice(code, call.calleeSpan), 'client.chat.completions.create');
    assert.ok(call.span.end === code.lastIndexOf(')') + 1 && slice(code, call.span).startsWith('client.chat'));
    assert.equal(slice(code, call.receiver!.span), 'new OpenAI({ apiKey: process.env.OPENAI_API_KEY })');
    assert.equal(call.receiver!.ctorArgs.positional[0].kind, 'object');
    assert.equal(call.enclosingFunction, 'summarize');
    assert.equal(call.inLoop, false);
  });

  test('class field and this.client in the constructor, used in methods', () => {
    const code = [
      `import OpenAI from 'openai';`,
      `import Anthropic from '@anthropic-ai/sdk';`,
      `export class Summarizer {`,
      `  private client = new OpenAI();`,
      `  private claude: Anthropic;`,
      `  constructor(private readonly injected: OpenAI) {`,
      `    this.claude = new Anthropic();`,
      `  }`,
      `  async run() {`,
      `    await this.client.responses.create({ model: 'gpt-4o', input: 'hi' });`,
      `    await this.claude.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [] });`,
      `    await this.injected.chat.completions.create({ model: 'gpt-4o', messages: [] });`,
      `  }`,
      `}`,
    ].join('\n');
    const view = analyze(code);
    // The injected client is known by its parameter type: a client with no constructor arguments.
    assert.deepEqual(callNames(view), ['new openai:default', 'new @anthropic-ai/sdk:default', 'openai:default -> responses.create', '@anthropic-ai/sdk:default -> messages.create', 'openai:default -> chat.completions.create']);
    assert.equal(callTo(view, 'messages.create').enclosingFunction, 'Summarizer.run');
    assert.deepEqual(callTo(view, 'chat.completions.create').receiver?.ctorArgs.positional, []);
  });

  test('aliases, wrapper functions, chained construction, optional chaining', () => {
    const code = [
      `import OpenAI from 'openai';`,
      `const client = new OpenAI();`,
      `const alias = client;`,
      `function getClient() { return new OpenAI({ timeout: 5 }); }`,
      `const makeClient = () => new OpenAI();`,
      `await alias.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });`,
      `await getClient().chat.completions.create({ model: 'a', messages: [] });`,
      `await makeClient().completions.create({ model: 'b', prompt: 'p' });`,
      `await new OpenAI().images.generate({ prompt: 'cat' });`,
      `await client?.moderations.create({ input: 'x' });`,
    ].join('\n');
    const view = analyze(code);
    assert.deepEqual(callNames(view).filter((name) => name.includes('->')), [
      'openai:default -> embeddings.create',
      'openai:default -> chat.completions.create',
      'openai:default -> completions.create',
      'openai:default -> images.generate',
      'openai:default -> moderations.create',
    ]);
    const wrapped = callTo(view, 'chat.completions.create');
    assert.equal(slice(code, wrapped.receiver!.span), 'new OpenAI({ timeout: 5 })');
    assert.equal(slice(code, callTo(view, 'moderations.create').calleeSpan), 'client?.moderations.create');
  });

  test('singleton getter with a lazily assigned let', () => {
    const code = [
      `import OpenAI from 'openai';`,
      `let cached: OpenAI | null = null;`,
      `function client() {`,
      `  if (!cached) cached = new OpenAI();`,
      `  return cached;`,
      `}`,
      `export const ask = (q: string) => client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: q }] });`,
    ].join('\n');
    const call = callTo(analyze(code), 'chat.completions.create');
    assert.equal(call.receiver!.symbol, 'openai:default');
    assert.equal(call.enclosingFunction, 'ask');
  });

  test('beta parse, batches, models.generateContent and withOptions', () => {
    const code = [
      `import OpenAI from 'openai';`,
      `import Anthropic from '@anthropic-ai/sdk';`,
      `import { GoogleGenAI } from '@google/genai';`,
      `const openai = new OpenAI();`,
      `const anthropic = new Anthropic();`,
      `const ai = new GoogleGenAI({ apiKey: 'k' });`,
      `await openai.beta.chat.completions.parse({ model: 'gpt-4o', messages: [] });`,
      `await anthropic.messages.batches.create({ requests: [] });`,
      `await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });`,
      `await openai.withOptions({ maxRetries: 5 }).chat.completions.create({ model: 'gpt-4o', messages: [] });`,
    ].join('\n');
    const view = analyze(code);
    assert.deepEqual(callNames(view).filter((name) => name.includes('->')), [
      'openai:default -> beta.chat.completions.parse',
      '@anthropic-ai/sdk:default -> messages.batches.create',
      '@google/genai:GoogleGenAI -> models.generateContent',
      // Both start at `openai`; the outer call comes first.
      'openai:default -> chat.completions.create',
      'openai:default -> withOptions',
    ]);
    const viaOptions = callTo(view, 'chat.completions.create');
    assert.equal(slice(code, viaOptions.calleeSpan), 'openai.withOptions({ maxRetries: 5 }).chat.completions.create');
    assert.equal(slice(code, viaOptions.receiver!.span), 'new OpenAI()');
  });

  test('getGenerativeModel creates a derived instance with the call arguments as ctorArgs', () => {
    const code = [
      `import { GoogleGenerativeAI } from '@google/generative-ai';`,
      `const SYS = 'Be brief.';`,
      `const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY!);`,
      `const model = genAI.getGenerativeModel({ model: 'gemini-1.5-flash', systemInstruction: SYS });`,
      `export async function answer(q: string) {`,
      `  const result = await model.generateContent(q);`,
      `  return result.response.text();`,
      `}`,
    ].join('\n');
    const view = analyze(code);
    const call = callTo(view, 'generateContent');
    assert.equal(call.receiver!.symbol, '@google/generative-ai:GoogleGenerativeAI#getGenerativeModel');
    assert.equal(slice(code, call.receiver!.span), `genAI.getGenerativeModel({ model: 'gemini-1.5-flash', systemInstruction: SYS })`);
    const options = call.receiver!.ctorArgs.positional[0];
    assert.ok(options.kind === 'object');
    assert.deepEqual(shape(options.entries[1].value), ['Be brief.']);
    assert.equal(slice(code, call.args.span), 'q');
    assert.deepEqual(call.args.positional[0], { kind: 'unknown', expression: 'q', span: { file: 'src/app.ts', start: code.indexOf('(q)') + 1, end: code.indexOf('(q)') + 2 }, reason: 'parameter', runtime: { kind: 'parameter', name: 'q' } });
  });

  test('objects holding clients, and await / Promise.all around calls', () => {
    const code = [
      `import OpenAI from 'openai';`,
      `const clients = { main: new OpenAI() };`,
      `const [a, b] = await Promise.all([`,
      `  clients.main.chat.completions.create({ model: 'gpt-4o', messages: [] }),`,
      `  clients.main.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }),`,
      `]);`,
    ].join('\n');
    assert.deepEqual(callNames(analyze(code)).slice(1), ['openai:default -> chat.completions.create', 'openai:default -> embeddings.create']);
  });

  test('AI SDK: model objects inside the options value carry their symbol', () => {
    const code = [
      `import { generateText } from 'ai';`,
      `import { openai } from '@ai-sdk/openai';`,
      `const { text } = await generateText({ model: openai('gpt-4o'), prompt: 'Write a haiku', maxOutputTokens: 200 });`,
    ].join('\n');
    const call = callTo(analyze(code), 'ai:generateText');
    const model = option(call, 'model');
    assert.ok(model.kind === 'call');
    assert.equal(model.symbol, '@ai-sdk/openai:openai');
    assert.equal(model.calleeText, 'openai');
    assert.deepEqual(shape(model.args.positional[0]), ['gpt-4o']);
    assert.deepEqual(option(call, 'maxOutputTokens'), { kind: 'number', value: 200, span: { file: 'src/app.ts', start: code.indexOf('200'), end: code.indexOf('200') + 3 }, origin: { kind: 'literal' } });
  });
});

describe('TypeScript front end: loops and enclosing functions', () => {
  const code = [
    `import OpenAI from 'openai';`,
    `const client = new OpenAI();`,
    `async function plain() { await client.a.create({}); }`,
    `async function looped(items: string[]) {`,
    `  for (const item of items) { await client.b.create({ input: item }); }`,
    `  let i = 0;`,
    `  while (i++ < 3) await client.c.create({});`,
    `  items.forEach((item) => client.d.create({ input: item }));`,
    `  await Promise.all(items.map(async (item) => client.e.create({ input: item })));`,
    `  for (const item of await client.f.create({})) {}`,
    `}`,
    `class Jobs {`,
    `  handler = async () => client.g.create({});`,
    `  run() { do { client.h.create({}); } while (false); }`,
    `}`,
    `const onMessage = function () { return client.i.create({}); };`,
  ].join('\n');
  const view = analyze(code);
  const expected: [string, boolean, string | null][] = [
    ['a.create', false, 'plain'],
    ['b.create', true, 'looped'],
    ['c.create', true, 'looped'],
    ['d.create', true, 'looped'],
    ['e.create', true, 'looped'],
    ['f.create', false, 'looped'],
    ['g.create', false, 'Jobs.handler'],
    ['h.create', true, 'Jobs.run'],
    ['i.create', false, 'onMessage'],
  ];
  for (const [method, inLoop, enclosing] of expected) {
    test(`${method}: inLoop ${inLoop}, in ${enclosing}`, () => {
      const call = callTo(view, method);
      assert.equal(call.inLoop, inLoop);
      assert.equal(call.enclosingFunction, enclosing);
    });
  }
  test('top-level constructor has no enclosing function', () => {
    assert.equal(callTo(view, 'openai:default').enclosingFunction, null);
  });
});

describe('TypeScript front end: files, comments, errors', () => {
  test('.tsx and .jsx files parse JSX around calls; language follows the extension', () => {
    const tsx = `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport function App() {\n  const go = () => client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n  return <button onClick={go}>Go</button>;\n}`;
    const tsxView = analyze(tsx, 'web/App.tsx');
    assert.equal(tsxView.language, 'typescript');
    assert.deepEqual(tsxView.errors, []);
    assert.equal(callTo(tsxView, 'chat.completions.create').enclosingFunction, 'go');
    const jsxView = analyze(tsx.replace(': string', ''), 'web/App.jsx');
    assert.equal(jsxView.language, 'javascript');
    assert.deepEqual(callNames(jsxView), ['new openai:default', 'openai:default -> chat.completions.create']);
    for (const file of ['a.js', 'a.mjs', 'a.cjs']) assert.equal(analyze('', file).language, 'javascript');
    for (const file of ['a.ts', 'a.mts', 'a.cts']) assert.equal(analyze('', file).language, 'typescript');
  });

  test('comments: line comments, each line of block comments, not // inside strings or regexes', () => {
    const code = [
      `// prompt-cost: calls-per-day=20000`,
      `const url = 'https://example.com'; // trailing`,
      `const re = /\\/\\/ not a comment/;`,
      `/* first`,
      ` * second`,
      ` */`,
      `function f() {`,
      `  // last in block`,
      `}`,
      `const t = \`// in template \${1}\`;`,
    ].join('\n');
    assert.deepEqual(analyze(code).comments, [
      { line: 0, text: 'prompt-cost: calls-per-day=20000' },
      { line: 1, text: 'trailing' },
      { line: 3, text: 'first' },
      { line: 4, text: 'second' },
      { line: 7, text: 'last in block' },
    ]);
  });

  test('syntax errors are reported and the rest of the file is still analysed', () => {
    const code = `import OpenAI from 'openai';\nconst client = new OpenAI();\nconst broken = {;\nclient.chat.completions.create({ model: 'gpt-4o', messages: [] });`;
    const view = analyze(code);
    assert.ok(view.errors.length >= 1);
    assert.equal(view.errors[0].message, 'Property assignment expected.');
    assert.equal(slice(code, view.errors[0].span), ';');
    assert.deepEqual(callNames(view), ['new openai:default', 'openai:default -> chat.completions.create']);
  });

  test('never throws: empty text, binary junk, very deep nesting', () => {
    assert.deepEqual(analyze(''), { file: 'src/app.ts', language: 'typescript', text: '', calls: [], errors: [], comments: [] });
    const junk = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65536));
    assert.doesNotThrow(() => analyze(junk));
    const deep = `import OpenAI from 'openai';\nconst x = ${'('.repeat(5000)}1${')'.repeat(5000)};`;
    const deepView = analyze(deep);
    // The parser itself gives up on nesting this deep; the file is reported, not crashed on.
    assert.deepEqual(deepView.calls, []);
    assert.deepEqual(deepView.errors, [{ message: 'The file is nested too deeply to analyse.', span: { file: 'src/app.ts', start: 0, end: 0 } }]);
    const deepCalls = `import { generateText } from 'ai';\nconst x = ${'generateText('.repeat(300)}'x'${')'.repeat(300)};`;
    const deepCallsView = analyze(deepCalls);
    assert.deepEqual(deepCallsView.errors, []);
    assert.equal(deepCallsView.calls.length, 300);
    assert.equal(deepCallsView.calls[0].args.positional[0].kind, 'call');
    const longChain = `import OpenAI from 'openai';\nconst c = new OpenAI();\nconst s = ${Array.from({ length: 3000 }, () => "'a'").join(' + ')};\nc.x.create({ prompt: s });`;
    const chainView = analyze(longChain);
    assert.equal(shape(option(callTo(chainView, 'x.create'), 'prompt')).join(''), 'a'.repeat(3000));
  });
});
