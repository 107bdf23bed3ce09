import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzePython, initPythonParser, pythonModuleCandidates, pythonModuleConstants } from '../../server/src/engine/languages/python';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { analyze, callNames, callTo, keyword, shape, slice } from './python-helpers';

before(async () => {
  await initPythonParser();
  await initPythonParser(); // idempotent
});

describe('Python front end: SDK symbols through each import style', () => {
  const cases: { name: string; code: string; calls: string[] }[] = [
    { name: 'import module', code: `import openai\nclient = openai.OpenAI()`, calls: ['new openai.OpenAI'] },
    { name: 'from-import with alias', code: `from openai import OpenAI as OA\nclient = OA(api_key="k")`, calls: ['new openai.OpenAI'] },
    { name: 'aliased dotted module', code: `import google.generativeai as genai\nmodel = genai.GenerativeModel("gemini-1.5-pro")`, calls: ['new google.generativeai.GenerativeModel'] },
    { name: 'from package import module', code: `from google import genai\nclient = genai.Client()`, calls: ['new google.genai.Client'] },
    {
      name: 'types module of google-genai',
      code: `from google.genai import types\ncfg = types.GenerateContentConfig(max_output_tokens=64)`,
      calls: ['new google.genai.types.GenerateContentConfig'],
    },
    { name: 'litellm module function', code: `import litellm\nlitellm.completion(model="gpt-4o")`, calls: ['litellm.completion'] },
    {
      name: 'litellm from-import of functions',
      code: `from litellm import completion, acompletion\ncompletion(model="a")\nacompletion(model="b")`,
      calls: ['litellm.completion', 'litellm.acompletion'],
    },
    { name: 'LangChain class', code: `from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o")`, calls: ['new langchain_openai.ChatOpenAI'] },
    { name: 'boto3 client factory', code: `import boto3\nbedrock = boto3.client("bedrock-runtime")`, calls: ['boto3.client'] },
    { name: 'openai module-level client', code: `import openai\nopenai.chat.completions.create(model="gpt-4o", messages=[])`, calls: ['openai.chat.completions.create'] },
    {
      name: 'import of a submodule binds the top package',
      code: `import google.genai\nclient = google.genai.Client()`,
      calls: ['new google.genai.Client'],
    },
  ];
  for (const { name, code, calls } of cases) {
    test(name, () => assert.deepEqual(callNames(analyze(code)), calls));
  }

  test('a direct call has symbol set, no receiver, empty method, and exact spans', () => {
    const text = `import litellm\n\nreply = litellm.completion(model="gpt-4o", messages=msgs)\n`;
    const call = analyze(text).calls[0];
    assert.equal(call.symbol, 'litellm.completion');
    assert.equal(call.receiver, null);
    assert.equal(call.method, '');
    assert.equal(call.isConstructor, false);
    assert.equal(call.language, 'python');
    assert.equal(slice(text, call.span), 'litellm.completion(model="gpt-4o", messages=msgs)');
    assert.equal(slice(text, call.calleeSpan), 'litellm.completion');
    assert.equal(slice(text, call.args.span), 'model="gpt-4o", messages=msgs');
    assert.equal(call.span.file, 'app/bot.py');
  });

  test('isConstructor follows the case of the last symbol segment', () => {
    const view = analyze(`import anthropic\nimport boto3\na = anthropic.AsyncAnthropic(api_key="k")\nb = boto3.client("bedrock-runtime")`);
    assert.deepEqual(
      view.calls.map((call) => [call.symbol, call.isConstructor]),
      [
        ['anthropic.AsyncAnthropic', true],
        ['boto3.client', false],
      ],
    );
  });

  test('an empty argument list has an empty span between the parentheses', () => {
    const text = `from openai import OpenAI\nclient = OpenAI()`;
    const span = analyze(text).calls[0].args.span;
    assert.equal(span.end - span.start, 0);
    assert.equal(text[span.start - 1], '(');
    assert.equal(text[span.start], ')');
  });
});

describe('Python front end: instance tracking', () => {
  const cases: { name: string; code: string; callee: string; receiver: string; method: string; enclosingFunction: string | null }[] = [
    {
      name: 'module-level client used inside a function',
      code: `from openai import OpenAI\n\nclient = OpenAI()\n\ndef answer(q):\n    return client.chat.completions.create(model="gpt-4o", messages=[])\n`,
      callee: 'client.chat.completions.create',
      receiver: 'openai.OpenAI',
      method: 'chat.completions.create',
      enclosingFunction: 'answer',
    },
    {
      name: 'self.client set in __init__ and used in another method',
      code: `import anthropic\n\nclass Support:\n    def __init__(self, key):\n        self.client = anthropic.Anthropic(api_key=key)\n\n    def reply(self, text):\n        return self.client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[])\n`,
      callee: 'self.client.messages.create',
      receiver: 'anthropic.Anthropic',
      method: 'messages.create',
      enclosingFunction: 'Support.reply',
    },
    {
      name: 'class attribute',
      code: `from openai import AsyncOpenAI\n\nclass Summariser:\n    client = AsyncOpenAI()\n\n    async def run(self, text):\n        return await self.client.responses.create(model="gpt-4.1", input=text)\n`,
      callee: 'self.client.responses.create',
      receiver: 'openai.AsyncOpenAI',
      method: 'responses.create',
      enclosingFunction: 'Summariser.run',
    },
    {
      name: 'alias of a client',
      code: `from openai import OpenAI\nclient = OpenAI()\n\ndef go():\n    c = client\n    c.embeddings.create(model="text-embedding-3-small", input="x")\n`,
      callee: 'c.embeddings.create',
      receiver: 'openai.OpenAI',
      method: 'embeddings.create',
      enclosingFunction: 'go',
    },
    {
      name: 'with ... as client',
      code: `from openai import OpenAI\n\nwith OpenAI() as client:\n    client.chat.completions.create(model="gpt-4o-mini", messages=[])\n`,
      callee: 'client.chat.completions.create',
      receiver: 'openai.OpenAI',
      method: 'chat.completions.create',
      enclosingFunction: null,
    },
    {
      name: 'async with ... as client',
      code: `import anthropic\n\nasync def main():\n    async with anthropic.AsyncAnthropic() as client:\n        await client.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=[])\n`,
      callee: 'client.messages.create',
      receiver: 'anthropic.AsyncAnthropic',
      method: 'messages.create',
      enclosingFunction: 'main',
    },
    {
      name: 'wrapper function called inline',
      code: `from openai import OpenAI\n\ndef get_client():\n    return OpenAI(timeout=30)\n\ndef ask():\n    return get_client().chat.completions.create(model="gpt-4o", messages=[])\n`,
      callee: 'get_client().chat.completions.create',
      receiver: 'openai.OpenAI',
      method: 'chat.completions.create',
      enclosingFunction: 'ask',
    },
    {
      name: 'wrapper function result stored in a variable',
      code: `from google import genai\n\ndef make_client():\n    client = genai.Client()\n    return client\n\nclient = make_client()\nclient.models.generate_content(model="gemini-2.5-flash", contents="hi")\n`,
      callee: 'client.models.generate_content',
      receiver: 'google.genai.Client',
      method: 'models.generate_content',
      enclosingFunction: null,
    },
    {
      name: 'chained constructor call',
      code: `from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n`,
      callee: 'OpenAI().chat.completions.create',
      receiver: 'openai.OpenAI',
      method: 'chat.completions.create',
      enclosingFunction: null,
    },
    {
      name: 'with_options keeps the instance and leaves the method path',
      code: `from openai import OpenAI\nclient = OpenAI()\nclient.with_options(timeout=5).chat.completions.create(model="gpt-4o", messages=[])\n`,
      callee: 'client.with_options(timeout=5).chat.completions.create',
      receiver: 'openai.OpenAI',
      method: 'chat.completions.create',
      enclosingFunction: null,
    },
    {
      name: 'beta parse path',
      code: `from openai import OpenAI\nclient = OpenAI()\nclient.beta.chat.completions.parse(model="gpt-4o", messages=[], response_format=Answer)\n`,
      callee: 'client.beta.chat.completions.parse',
      receiver: 'openai.OpenAI',
      method: 'beta.chat.completions.parse',
      enclosingFunction: null,
    },
    {
      name: 'batches path',
      code: `from anthropic import Anthropic\nclient = Anthropic()\nclient.messages.batches.create(requests=[])\n`,
      callee: 'client.messages.batches.create',
      receiver: 'anthropic.Anthropic',
      method: 'messages.batches.create',
      enclosingFunction: null,
    },
    {
      name: 'legacy Gemini model object',
      code: `import google.generativeai as genai\nmodel = genai.GenerativeModel("gemini-1.5-pro", system_instruction="Be brief.")\nmodel.generate_content("hello")\n`,
      callee: 'model.generate_content',
      receiver: 'google.generativeai.GenerativeModel',
      method: 'generate_content',
      enclosingFunction: null,
    },
    {
      name: 'boto3 bedrock client',
      code: `import boto3\nbedrock = boto3.client("bedrock-runtime", region_name="us-east-1")\nbedrock.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[])\n`,
      callee: 'bedrock.converse',
      receiver: 'boto3.client',
      method: 'converse',
      enclosingFunction: null,
    },
  ];
  for (const { name, code, callee, receiver, method, enclosingFunction } of cases) {
    test(name, () => {
      const view = analyze(code);
      const calls = view.calls.filter((call) => call.receiver && call.method === method);
      assert.equal(calls.length, 1, `one call to ${method} in ${callNames(view).join(', ')}`);
      const [call] = calls;
      assert.equal(slice(code, call.calleeSpan), callee);
      assert.equal(call.receiver!.symbol, receiver);
      assert.equal(call.symbol, null);
      assert.equal(call.isConstructor, false);
      assert.equal(call.enclosingFunction, enclosingFunction);
      assert.equal(slice(code, call.receiver!.span).split('(')[0].split('.').pop(), receiver.split('.').pop());
    });
  }

  test('the receiver carries the constructor arguments', () => {
    const code = `from openai import AzureOpenAI\nazure = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-06-01")\nazure.chat.completions.create(model="prod-gpt4o", messages=[])\n`;
    const call = callTo(analyze(code), 'chat.completions.create');
    assert.equal(slice(code, call.receiver!.span), 'AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-06-01")');
    assert.deepEqual(
      call.receiver!.ctorArgs.named.map((entry) => [entry.key, shape(entry.value)]),
      [
        ['azure_endpoint', ['https://x.openai.azure.com']],
        ['api_version', ['2024-06-01']],
      ],
    );
  });

  test('the constructor and the with_options call are reported too, in file order', () => {
    const code = `from openai import OpenAI\nclient = OpenAI()\nclient.with_options(timeout=5).chat.completions.create(model="gpt-4o", messages=[])\n`;
    assert.deepEqual(callNames(analyze(code)), ['new openai.OpenAI', 'openai.OpenAI -> chat.completions.create', 'openai.OpenAI -> with_options']);
  });

  test('LangChain constructors are direct symbol calls; their methods are not followed', () => {
    const code = `from langchain_anthropic import ChatAnthropic\nllm = ChatAnthropic(model="claude-sonnet-4-5", max_tokens=1000)\nchain = prompt | llm\nchain.invoke({"q": "hi"})\n`;
    const view = analyze(code);
    assert.deepEqual(callNames(view).slice(0, 1), ['new langchain_anthropic.ChatAnthropic']);
    assert.deepEqual(shape(keyword(view.calls[0], 'model')), ['claude-sonnet-4-5']);
  });
});

describe('Python front end: calls that are not SDK calls are not reported', () => {
  const cases: { name: string; code: string }[] = [
    { name: 'stripe', code: `import stripe\nstripe.Charge.create(amount=100, currency="usd")` },
    { name: 'Django ORM', code: `from shop.models import Order\nOrder.objects.create(total=3)\nModel.objects.create(name="x")` },
    { name: 'requests to the OpenAI HTTP API', code: `import requests\nrequests.post("https://api.openai.com/v1/chat/completions", json={"model": "gpt-4o"})` },
    {
      name: 'a local variable named openai shadows the import',
      code: `import openai\n\ndef fake():\n    openai = FakeClient()\n    return openai.chat.completions.create(model="gpt-4o", messages=[])\n`,
    },
    { name: 'the import reassigned at module level', code: `import openai\nopenai = None\nopenai.chat.completions.create(model="gpt-4o")` },
    { name: 'an SDK-like name that was never imported', code: `client = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])` },
    { name: 'a relative module that shares an SDK name', code: `from .openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o")` },
  ];
  for (const { name, code } of cases) {
    test(name, () => assert.deepEqual(callNames(analyze(code)), []));
  }

  test('a shadowed import inside one function still counts elsewhere', () => {
    const code = `import litellm\n\ndef local():\n    litellm = object()\n    litellm.completion(model="x")\n\ndef real():\n    litellm.completion(model="gpt-4o")\n`;
    const view = analyze(code);
    assert.deepEqual(callNames(view), ['litellm.completion']);
    assert.equal(view.calls[0].enclosingFunction, 'real');
  });
});

describe('Python front end: inLoop and enclosingFunction', () => {
  const cases: { name: string; code: string; inLoop: boolean; enclosingFunction: string | null }[] = [
    { name: 'for body', code: `import litellm\nfor row in rows:\n    litellm.completion(model="m")`, inLoop: true, enclosingFunction: null },
    { name: 'while body', code: `import litellm\nwhile pending():\n    litellm.completion(model="m")`, inLoop: true, enclosingFunction: null },
    { name: 'list comprehension', code: `import litellm\nout = [litellm.completion(model="m", prompt=p) for p in prompts]`, inLoop: true, enclosingFunction: null },
    { name: 'dict comprehension', code: `import litellm\nout = {p: litellm.completion(model="m") for p in prompts}`, inLoop: true, enclosingFunction: null },
    { name: 'generator expression', code: `import litellm\nout = list(litellm.completion(model="m") for p in prompts)`, inLoop: true, enclosingFunction: null },
    {
      name: 'async for body',
      code: `import litellm\nasync def consume(queue):\n    async for item in queue:\n        await litellm.acompletion(model="m")`,
      inLoop: true,
      enclosingFunction: 'consume',
    },
    {
      name: 'a function called from a loop is not in a loop itself',
      code: `import litellm\n\ndef classify(t):\n    return litellm.completion(model="m", prompt=t)\n\nfor t in texts:\n    classify(t)`,
      inLoop: false,
      enclosingFunction: 'classify',
    },
    {
      name: 'a function defined inside a loop',
      code: `import litellm\nfor t in texts:\n    def handler():\n        litellm.completion(model="m")`,
      inLoop: false,
      enclosingFunction: 'handler',
    },
    {
      name: 'a method',
      code: `import litellm\nclass Tagger:\n    def tag(self, text):\n        if text:\n            return litellm.completion(model="m", prompt=text)`,
      inLoop: false,
      enclosingFunction: 'Tagger.tag',
    },
  ];
  for (const { name, code, inLoop, enclosingFunction } of cases) {
    test(name, () => {
      const call = callTo(analyze(code), name === 'async for body' ? 'litellm.acompletion' : 'litellm.completion');
      assert.equal(call.inLoop, inLoop);
      assert.equal(call.enclosingFunction, enclosingFunction);
    });
  }
});

describe('Python front end: comments', () => {
  test('every comment with its 0-based line and text without the marker', () => {
    const code = [
      '# prompt-cost: calls-per-day=2000',
      'import litellm  # the SDK',
      '',
      'x = "# not a comment"',
      '    ## indented, doubled marker  ',
      'litellm.completion(model="m")  # prompt-cost-ignore-next-line missing-max-tokens',
    ].join('\n');
    assert.deepEqual(analyze(code).comments, [
      { line: 0, text: 'prompt-cost: calls-per-day=2000' },
      { line: 1, text: 'the SDK' },
      { line: 4, text: 'indented, doubled marker' },
      { line: 5, text: 'prompt-cost-ignore-next-line missing-max-tokens' },
    ]);
  });

  test('comments in a file with a syntax error are still reported', () => {
    const code = `# keep\ndef broken(:\n    pass\n# after`;
    assert.deepEqual(analyze(code).comments, [
      { line: 0, text: 'keep' },
      { line: 3, text: 'after' },
    ]);
  });
});

describe('Python front end: syntax errors', () => {
  const cases: { name: string; broken: string }[] = [
    { name: 'a broken def header', broken: `def broken(:\n    x = = 2` },
    { name: 'an unclosed call', broken: `print("unclosed"` },
    { name: 'a doubled operator', broken: `x = = 2` },
    { name: 'an unclosed class header', broken: `class Broken(\n    pass` },
  ];
  for (const { name, broken } of cases) {
    test(`calls before and after ${name} are found`, () => {
      const code = `import litellm\n\ndef before():\n    litellm.completion(model="before")\n\n${broken}\n\ndef after():\n    litellm.completion(model="after")\n`;
      const view = analyze(code);
      assert.deepEqual(
        view.calls.map((call) => [shape(keyword(call, 'model'))[0], call.enclosingFunction]),
        [
          ['before', 'before'],
          ['after', 'after'],
        ],
      );
      assert.ok(view.errors.length > 0, 'errors reported');
      const brokenStart = code.indexOf(broken);
      for (const error of view.errors) {
        assert.equal(error.span.file, 'app/bot.py');
        assert.ok(error.span.start >= brokenStart && error.span.start <= brokenStart + broken.length, `error ${error.message} inside the broken text`);
      }
    });
  }

  test('calls directly after a broken line at module level are found', () => {
    const code = `import litellm\nlitellm.completion(model="before")\nprint("unclosed"\nlitellm.completion(model="after")\n`;
    const view = analyze(code);
    assert.deepEqual(
      view.calls.map((call) => slice(code, call.span)),
      ['litellm.completion(model="before")', 'litellm.completion(model="after")'],
    );
    assert.equal(view.errors.length, 1);
    assert.match(view.errors[0].message, /line 3/);
  });

  test('a valid file has no errors', () => {
    assert.deepEqual(analyze(`import openai\nclient = openai.OpenAI()\n`).errors, []);
  });
});

describe('Python front end: UTF-16 offsets', () => {
  test('spans after non-ASCII text and an emoji are UTF-16 offsets into the text', () => {
    const code = `import litellm\nGREETING = "héllo 😀 wörld"  # 😀\nreply = litellm.completion(model="gpt-4o", prompt=f"{GREETING} — ünïcode 🎉 {name}")\n`;
    const call = analyze(code).calls[0];
    assert.equal(slice(code, call.span), 'litellm.completion(model="gpt-4o", prompt=f"{GREETING} — ünïcode 🎉 {name}")');
    assert.equal(slice(code, call.calleeSpan), 'litellm.completion');
    const model = keyword(call, 'model');
    assert.equal(slice(code, model.span), '"gpt-4o"');
    const prompt = keyword(call, 'prompt');
    const [greeting, middle, name] = (prompt as Extract<typeof prompt, { kind: 'string' }>).pieces;
    assert.ok(greeting.kind === 'text' && greeting.span && middle.kind === 'text' && middle.span && name.kind === 'dynamic');
    assert.equal(slice(code, greeting.span), 'héllo 😀 wörld');
    assert.equal(slice(code, middle.span), ' — ünïcode 🎉 ');
    assert.equal(middle.verbatim, true);
    assert.equal(slice(code, name.span), '{name}');
  });
});

describe('Python front end: robustness', () => {
  const cases: { name: string; text: string }[] = [
    { name: 'empty file', text: '' },
    { name: 'only whitespace and comments', text: '\n\n   # nothing\n' },
    { name: 'binary junk with NUL bytes', text: Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1') + '\0import openai\0' },
    { name: 'random punctuation', text: ')]}({[:=,.'.repeat(500) },
    { name: '5,000-deep nested parentheses', text: `import litellm\nx = ${'('.repeat(5000)}1${')'.repeat(5000)}\nlitellm.completion(model="m", messages=${'['.repeat(5000)}${']'.repeat(5000)})\n` },
    { name: '5,000-deep nested calls', text: `import litellm\nlitellm.completion(${'f('.repeat(5000)}${')'.repeat(5000)})\n` },
    { name: '200,000-character string literal', text: `import litellm\nlitellm.completion(model="m", prompt="${'a'.repeat(200_000)}")\n` },
    { name: 'unterminated triple-quoted string', text: `import litellm\nlitellm.completion(prompt="""never closed\n` },
    { name: 'self-referencing constants', text: `import litellm\nA = B\nB = A\nC = C + "x"\nlitellm.completion(model=A, prompt=C)\n` },
  ];
  for (const { name, text } of cases) {
    test(`${name}: no throw, a SourceView`, () => {
      const view = analyzePython('junk.py', text, isolatedContext);
      assert.equal(view.file, 'junk.py');
      assert.equal(view.language, 'python');
      assert.equal(view.text, text);
      assert.ok(Array.isArray(view.calls) && Array.isArray(view.errors) && Array.isArray(view.comments));
      assert.doesNotThrow(() => pythonModuleConstants('junk.py', text, isolatedContext));
    });
  }

  test('binary junk reports one error and no calls', () => {
    const view = analyzePython('junk.py', 'import openai\0\u0001\u0002openai.OpenAI()', isolatedContext);
    assert.deepEqual(view.calls, []);
    assert.equal(view.errors.length, 1);
    assert.match(view.errors[0].message, /NUL/);
  });

  test('deep nesting still yields the call, with the nesting cut off as unknown', () => {
    const text = `import litellm\nlitellm.completion(model="m", messages=${'['.repeat(5000)}${']'.repeat(5000)})\n`;
    const view = analyzePython('deep.py', text, isolatedContext);
    assert.equal(view.calls.length, 1);
    let value = keyword(view.calls[0], 'messages');
    let depth = 0;
    while (value.kind === 'array') {
      value = value.items[0];
      depth++;
    }
    assert.equal(value.kind, 'unknown');
    assert.ok(depth > 5 && depth < 100, `cut off at depth ${depth}`);
  });

  test('the 200,000-character literal is resolved in full', () => {
    const text = `import litellm\nlitellm.completion(model="m", prompt="${'a'.repeat(200_000)}")\n`;
    const prompt = keyword(analyzePython('big.py', text, isolatedContext).calls[0], 'prompt');
    assert.equal(shape(prompt).join('').length, 200_000);
  });

  test('self-referencing constants resolve to unknown instead of looping', () => {
    const text = `import litellm\nA = B\nB = A\nlitellm.completion(model=A)\n`;
    const model = keyword(analyzePython('cycle.py', text, isolatedContext).calls[0], 'model');
    assert.equal(model.kind, 'unknown');
  });
});

describe('pythonModuleCandidates', () => {
  const cases: { from: string; specifier: string; expected: string[] }[] = [
    { from: 'app/x.py', specifier: '.prompts', expected: ['app/prompts.py', 'app/prompts/__init__.py'] },
    { from: 'app/sub/x.py', specifier: '..prompts', expected: ['app/prompts.py', 'app/prompts/__init__.py'] },
    { from: 'app/sub/x.py', specifier: '..shared.text', expected: ['app/shared/text.py', 'app/shared/text/__init__.py'] },
    { from: 'app/x.py', specifier: '.', expected: ['app/__init__.py'] },
    { from: 'x.py', specifier: '...too.far', expected: [] },
    { from: 'app/x.py', specifier: 'app.prompts', expected: ['app/prompts.py', 'app/prompts/__init__.py', 'app/app/prompts.py', 'app/app/prompts/__init__.py'] },
    {
      from: 'services/bot/app/x.py',
      specifier: 'app.prompts',
      expected: [
        'app/prompts.py',
        'app/prompts/__init__.py',
        'services/app/prompts.py',
        'services/app/prompts/__init__.py',
        'services/bot/app/prompts.py',
        'services/bot/app/prompts/__init__.py',
        'services/bot/app/app/prompts.py',
        'services/bot/app/app/prompts/__init__.py',
      ],
    },
    { from: 'main.py', specifier: 'prompts', expected: ['prompts.py', 'prompts/__init__.py'] },
  ];
  for (const { from, specifier, expected } of cases) {
    test(`${specifier} from ${from}`, () => assert.deepEqual(pythonModuleCandidates(from, specifier), expected));
  }
});

describe('pythonModuleConstants', () => {
  test('module-level assignments, resolved, the last one winning; function locals excluded', () => {
    const file = 'app/prompts.py';
    const text = `SYSTEM = "Be brief."\nMAX = 1_000\n\ndef helper():\n    LOCAL = "no"\n\nSYSTEM = "Be very brief."\nTEMPLATE = f"{SYSTEM} Answer: {{x}}"\nMODELS = ["gpt-4o", "gpt-4o-mini"]\n`;
    const constants = pythonModuleConstants(file, text, isolatedContext);
    assert.deepEqual([...constants.keys()].sort(), ['MAX', 'MODELS', 'SYSTEM', 'TEMPLATE']);
    const system = constants.get('SYSTEM')!;
    assert.ok(system.kind === 'string');
    const piece = system.pieces[0];
    assert.ok(piece.kind === 'text' && piece.span);
    assert.equal(piece.text, 'Be very brief.');
    assert.equal(slice(text, piece.span), 'Be very brief.');
    assert.deepEqual(piece.origin, { kind: 'constant', name: 'SYSTEM', file });
    assert.deepEqual(shape(constants.get('TEMPLATE')!), ['Be very brief.', ' Answer: {x}']);
    const max = constants.get('MAX')!;
    assert.ok(max.kind === 'number');
    assert.equal(max.value, 1000);
    assert.deepEqual(max.origin, { kind: 'constant', name: 'MAX', file });
    assert.equal(constants.get('MODELS')!.kind, 'array');
  });
});
