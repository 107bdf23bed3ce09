import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { initPythonParser } from '../../server/src/engine/languages/python';
import type { Value } from '../../server/src/engine/model';
import { analyze, callTo, FILE, importedString, keyword, pieceDetails, pieces, shape, slice, stubContext } from './python-helpers';

before(async () => {
  await initPythonParser();
});

const LITERAL = { kind: 'literal' } as const;
const constant = (name: string, file = FILE) => ({ kind: 'constant', name, file }) as const;

/** The `prompt=` argument of the last `litellm.completion(...)` in `code`. */
function promptOf(code: string, ctx = stubContext().ctx): Value {
  const calls = analyze(code, ctx).calls.filter((call) => call.symbol === 'litellm.completion');
  assert.ok(calls.length > 0, 'a litellm.completion call');
  return keyword(calls[calls.length - 1], 'prompt');
}

describe('Python values: string literals and templates, piece by piece', () => {
  const cases: { name: string; setup?: string; expression: string; expected: unknown[] }[] = [
    { name: 'double-quoted', expression: `"Classify the ticket."`, expected: [{ text: 'Classify the ticket.', verbatim: true, source: 'Classify the ticket.', origin: LITERAL }] },
    { name: 'single-quoted', expression: `'Be brief.'`, expected: [{ text: 'Be brief.', verbatim: true, source: 'Be brief.', origin: LITERAL }] },
    {
      name: 'triple-quoted across lines',
      expression: `"""You are a support agent.\nAnswer in one line."""`,
      expected: [{ text: 'You are a support agent.\nAnswer in one line.', verbatim: true, source: 'You are a support agent.\nAnswer in one line.', origin: LITERAL }],
    },
    { name: 'an escape makes it non-verbatim', expression: `"Line one\\nLine two"`, expected: [{ text: 'Line one\nLine two', verbatim: false, source: 'Line one\\nLine two', origin: LITERAL }] },
    { name: 'escaped quote and unicode escape', expression: `"say \\"hi\\" \\u00e9"`, expected: [{ text: 'say "hi" é', verbatim: false, source: 'say \\"hi\\" \\u00e9', origin: LITERAL }] },
    { name: 'raw string keeps backslashes', expression: `r"C:\\prompts\\n"`, expected: [{ text: 'C:\\prompts\\n', verbatim: true, source: 'C:\\prompts\\n', origin: LITERAL }] },
    { name: 'u and b prefixes', expression: `u"unicode"`, expected: [{ text: 'unicode', verbatim: true, source: 'unicode', origin: LITERAL }] },
    {
      name: 'implicit concatenation',
      expression: `("You are terse. "\n    'Answer yes or no.')`,
      expected: [
        { text: 'You are terse. ', verbatim: true, source: 'You are terse. ', origin: LITERAL },
        { text: 'Answer yes or no.', verbatim: true, source: 'Answer yes or no.', origin: LITERAL },
      ],
    },
    {
      name: 'f-string with a dynamic part and a constant inlined',
      setup: `TONE = "friendly"\nN = 3\n`,
      expression: `f"Be {TONE}. Reply to {ticket.body} in {N} lines, {{json}}."`,
      expected: [
        { text: 'Be ', verbatim: true, source: 'Be ', origin: LITERAL },
        { text: 'friendly', verbatim: true, source: 'friendly', origin: constant('TONE') },
        { text: '. Reply to ', verbatim: true, source: '. Reply to ', origin: LITERAL },
        { dynamic: 'ticket.body', source: '{ticket.body}' },
        { text: ' in ', verbatim: true, source: ' in ', origin: LITERAL },
        { text: '3', verbatim: false, source: null, origin: constant('N') },
        { text: ' lines, {json}.', verbatim: false, source: ' lines, {{json}}.', origin: LITERAL },
      ],
    },
    {
      name: 'f-string conversions and format specs stay dynamic',
      setup: `N = 5\n`,
      expression: `f"{N:>3}|{N!r}|{N}"`,
      expected: [
        { dynamic: 'N', source: '{N:>3}' },
        { text: '|', verbatim: true, source: '|', origin: LITERAL },
        { dynamic: 'N', source: '{N!r}' },
        { text: '|', verbatim: true, source: '|', origin: LITERAL },
        { text: '5', verbatim: false, source: null, origin: constant('N') },
      ],
    },
    {
      name: 'raw f-string',
      expression: `rf"path\\to {name}"`,
      expected: [
        { text: 'path\\to ', verbatim: true, source: 'path\\to ', origin: LITERAL },
        { dynamic: 'name', source: '{name}' },
      ],
    },
    {
      name: 'concatenation with + of a constant, a literal and a name',
      setup: `BASE = "You are a bot. "\n`,
      expression: `BASE + "Answer about " + topic`,
      expected: [
        { text: 'You are a bot. ', verbatim: true, source: 'You are a bot. ', origin: constant('BASE') },
        { text: 'Answer about ', verbatim: true, source: 'Answer about ', origin: LITERAL },
        { dynamic: 'topic', source: 'topic' },
      ],
    },
    {
      name: '"\\n".join of a literal list',
      expression: `"\\n".join(["Rules:", "- be brief", rule])`,
      expected: [
        { text: 'Rules:', verbatim: true, source: 'Rules:', origin: LITERAL },
        { text: '\n', verbatim: false, source: '\\n', origin: LITERAL },
        { text: '- be brief', verbatim: true, source: '- be brief', origin: LITERAL },
        { text: '\n', verbatim: false, source: '\\n', origin: LITERAL },
        { dynamic: 'rule', source: 'rule' },
      ],
    },
  ];
  for (const { name, setup = '', expression, expected } of cases) {
    test(name, () => {
      const code = `import litellm\n${setup}\ndef run(ticket, topic, rule, name):\n    return litellm.completion(model="gpt-4o", prompt=${expression})\n`;
      assert.deepEqual(pieceDetails(code, promptOf(code)), expected);
    });
  }

  test('the value span covers the whole expression and the text span only the body between the quotes', () => {
    const code = `import litellm\nlitellm.completion(model="gpt-4o", prompt="""Hello""")\n`;
    const value = promptOf(code);
    assert.equal(slice(code, value.span), '"""Hello"""');
    const [piece] = shape(value);
    assert.equal(piece, 'Hello');
  });
});

describe('Python values: %, .format, dedent, cleandoc, strip', () => {
  const cases: { name: string; expression: string; expected: string[] }[] = [
    { name: '% with a tuple', expression: `"Hello %s, you have %d tickets" % (user, "3")`, expected: ['Hello ', '{user}', ', you have ', '3', ' tickets'] },
    { name: '% with a single value', expression: `"Summarise: %s" % text`, expected: ['Summarise: ', '{text}'] },
    { name: '% with a dict', expression: `"Hi %(name)s! 100%%" % {"name": "Ann"}`, expected: ['Hi ', 'Ann', '! 100%'] },
    { name: '.format positional and keyword', expression: `"Translate {} to {lang}: {{x}}".format(text, lang="French")`, expected: ['Translate ', '{text}', ' to ', 'French', ': {x}'] },
    { name: '.format numbered', expression: `"{0} and {1}".format("cats", dogs)`, expected: ['cats', ' and ', '{dogs}'] },
    { name: 'textwrap.dedent', expression: `textwrap.dedent("""\n        You are terse.\n          - one line\n        """)`, expected: ['\nYou are terse.\n  - one line\n'] },
    { name: 'dedent imported from textwrap', expression: `dedent("""\\\n    a\n    b""")`, expected: ['a\nb'] },
    { name: 'inspect.cleandoc', expression: `inspect.cleandoc("""\n    First line.\n    Second line.\n    """)`, expected: ['First line.\nSecond line.'] },
    { name: '.strip()', expression: `"  padded  ".strip()`, expected: ['padded'] },
    { name: '.lstrip()', expression: `"  padded  ".lstrip()`, expected: ['padded  '] },
    { name: '.rstrip()', expression: `"  padded  ".rstrip()`, expected: ['  padded'] },
    { name: 'dedent around an f-string keeps the dynamic part', expression: `textwrap.dedent(f"""\n    Hi {user}\n    Bye\n    """).strip()`, expected: ['Hi ', '{user}', '\nBye'] },
  ];
  for (const { name, expression, expected } of cases) {
    test(name, () => {
      const code = `import litellm\nimport textwrap, inspect\nfrom textwrap import dedent\n\ndef run(user, text, dogs):\n    litellm.completion(model="m", prompt=${expression})\n`;
      assert.deepEqual(shape(promptOf(code)), expected);
    });
  }

  test('a transformation that changes the text clears verbatim; one that changes nothing keeps it', () => {
    const changed = promptOf(`import litellm\nlitellm.completion(prompt="  x  ".strip())`);
    const unchanged = promptOf(`import litellm\nlitellm.completion(prompt="x".strip())`);
    assert.deepEqual(pieceDetails('', changed).map((p) => (p as { verbatim: boolean }).verbatim), [false]);
    const code = `import litellm\nlitellm.completion(prompt="x".strip())`;
    assert.deepEqual(pieceDetails(code, unchanged), [{ text: 'x', verbatim: true, source: 'x', origin: LITERAL }]);
  });
});

describe('Python values: same-file constants', () => {
  test('a module constant used in a function carries its name and file as origin', () => {
    const code = `import litellm\n\nSYSTEM = "You are a support agent."\n\ndef run():\n    return litellm.completion(model="m", prompt=SYSTEM)\n`;
    assert.deepEqual(pieceDetails(code, promptOf(code)), [{ text: 'You are a support agent.', verbatim: true, source: 'You are a support agent.', origin: constant('SYSTEM') }]);
  });

  test('the last assignment before the use in the same scope wins', () => {
    const code = `import litellm\n\ndef run():\n    prompt = "first"\n    prompt = "second"\n    litellm.completion(model="m", prompt=prompt)\n    prompt = "third"\n`;
    assert.deepEqual(shape(promptOf(code)), ['second']);
  });

  test('a local assignment shadows the module one; the module one is used elsewhere', () => {
    const code = `import litellm\nPROMPT = "module"\n\ndef a():\n    PROMPT = "local"\n    litellm.completion(model="m", prompt=PROMPT)\n\ndef b():\n    litellm.completion(model="m", prompt=PROMPT)\n`;
    const view = analyze(code);
    assert.deepEqual(
      view.calls.map((call) => shape(keyword(call, 'prompt'))),
      [['local'], ['module']],
    );
  });

  test('a module constant assigned after the function that uses it', () => {
    const code = `import litellm\n\ndef run():\n    return litellm.completion(model=MODEL)\n\nMODEL = "gpt-4o-mini"\n`;
    assert.deepEqual(shape(keyword(analyze(code).calls[0], 'model')), ['gpt-4o-mini']);
  });

  test('a parameter without a default is unknown with reason parameter; one with a string default is that default', () => {
    const code = `import litellm\n\ndef run(question, *, model="gpt-4o", stop=None):\n    return litellm.completion(model=model, prompt=question, stop=stop)\n`;
    const call = analyze(code).calls[0];
    for (const key of ['prompt', 'stop']) {
      const value = keyword(call, key);
      assert.ok(value.kind === 'unknown');
      assert.equal(value.reason, 'parameter');
    }
    const model = keyword(call, 'model');
    assert.deepEqual(shape(model), ['gpt-4o']);
    const piece = pieces(model)[0];
    assert.ok(piece.kind === 'text');
    assert.deepEqual(piece.origin, { kind: 'default', of: 'parameter model' });
  });

  test('cycles resolve to unknown', () => {
    const code = `import litellm\nA = B\nB = A\nlitellm.completion(model=A)\n`;
    assert.equal(keyword(analyze(code).calls[0], 'model').kind, 'unknown');
  });
});

describe('Python values: imported constants through the context', () => {
  const system = importedString('You are terse.', 'SYSTEM', 'app/prompts.py', 10);
  const cases: { name: string; code: string; request: string }[] = [
    { name: 'relative from-import', code: `from .prompts import SYSTEM\nlitellm.completion(model="m", prompt=SYSTEM)`, request: 'app/bot.py|.prompts|SYSTEM' },
    { name: 'absolute from-import', code: `from app.prompts import SYSTEM\nlitellm.completion(model="m", prompt=SYSTEM)`, request: 'app/bot.py|app.prompts|SYSTEM' },
    { name: 'aliased from-import', code: `from app.prompts import SYSTEM as S\nlitellm.completion(model="m", prompt=S)`, request: 'app/bot.py|app.prompts|SYSTEM' },
    { name: 'module alias attribute', code: `import app.prompts as p\nlitellm.completion(model="m", prompt=p.SYSTEM)`, request: 'app/bot.py|app.prompts|SYSTEM' },
    { name: 'package from-import of a module', code: `from app import prompts\nlitellm.completion(model="m", prompt=prompts.SYSTEM)`, request: 'app/bot.py|app.prompts|SYSTEM' },
  ];
  for (const { name, code, request } of cases) {
    test(name, () => {
      const { ctx, importRequests } = stubContext({ '.prompts#SYSTEM': system, 'app.prompts#SYSTEM': system });
      const prompt = promptOf(`import litellm\n${code}\n`, ctx);
      assert.deepEqual(importRequests, [request]);
      assert.deepEqual(pieceDetails('', prompt), [{ text: 'You are terse.', verbatim: true, source: 'app/prompts.py:10-24', origin: constant('SYSTEM', 'app/prompts.py') }]);
    });
  }

  test('an imported constant inside an f-string is inlined', () => {
    const { ctx } = stubContext({ 'app.prompts#SYSTEM': system });
    const prompt = promptOf(`import litellm\nfrom app.prompts import SYSTEM\ndef run(q):\n    litellm.completion(model="m", prompt=f"{SYSTEM}\\n{q}")\n`, ctx);
    assert.deepEqual(shape(prompt), ['You are terse.', '\n', '{q}']);
  });

  test('an import the context cannot resolve stays unknown, naming the module', () => {
    const prompt = promptOf(`import litellm\nfrom app.prompts import MISSING\nlitellm.completion(model="m", prompt=MISSING)\n`);
    assert.ok(prompt.kind === 'unknown');
    assert.equal(prompt.reason, 'imported from app.prompts');
  });
});

describe('Python values: prompt files through the context', () => {
  const fileText = 'You are a support agent.\nBe brief.\n';
  const cases: { name: string; setup: string; request: string }[] = [
    { name: 'open().read()', setup: `SYSTEM = open("prompts/x.md").read()`, request: 'app/bot.py|root|prompts/x.md' },
    { name: 'open with encoding', setup: `SYSTEM = open("prompts/x.md", encoding="utf-8").read()`, request: 'app/bot.py|root|prompts/x.md' },
    { name: 'with open() as f: f.read()', setup: `with open("prompts/x.md", encoding="utf-8") as f:\n    SYSTEM = f.read()`, request: 'app/bot.py|root|prompts/x.md' },
    { name: 'Path().read_text()', setup: `SYSTEM = Path("prompts/x.md").read_text()`, request: 'app/bot.py|root|prompts/x.md' },
    { name: 'Path(__file__).parent / ... read_text()', setup: `SYSTEM = (Path(__file__).parent / "prompts" / "x.md").read_text()`, request: 'app/bot.py|file|prompts/x.md' },
    {
      name: 'pathlib.Path(__file__).resolve().parent.joinpath(...)',
      setup: `SYSTEM = pathlib.Path(__file__).resolve().parent.joinpath("prompts", "x.md").read_text(encoding="utf-8")`,
      request: 'app/bot.py|file|prompts/x.md',
    },
    { name: 'os.path.join(os.path.dirname(__file__), ...)', setup: `SYSTEM = open(os.path.join(os.path.dirname(__file__), "prompts", "x.md")).read()`, request: 'app/bot.py|file|prompts/x.md' },
    { name: 'a path held in a constant', setup: `PROMPT_DIR = Path(__file__).parent / "prompts"\nSYSTEM = (PROMPT_DIR / "x.md").read_text()`, request: 'app/bot.py|file|prompts/x.md' },
  ];
  for (const { name, setup, request } of cases) {
    test(name, () => {
      const returnedPath = request.includes('|file|') ? 'app/prompts/x.md' : 'prompts/x.md';
      const relativeTo = request.split('|')[1];
      const { ctx, fileRequests } = stubContext({}, { [`${relativeTo}:prompts/x.md`]: { path: returnedPath, text: fileText } });
      const code = `import os, pathlib\nimport litellm\nfrom pathlib import Path\n${setup}\n\ndef run():\n    return litellm.completion(model="m", prompt=SYSTEM)\n`;
      const prompt = promptOf(code, ctx);
      assert.deepEqual(fileRequests, [request]);
      assert.ok(prompt.kind === 'string');
      assert.deepEqual(prompt.pieces, [
        { kind: 'text', text: fileText, span: { file: returnedPath, start: 0, end: fileText.length }, verbatim: true, origin: { kind: 'prompt-file', path: returnedPath } },
      ]);
    });
  }

  test('a missing prompt file leaves the value unknown', () => {
    const { ctx, fileRequests } = stubContext();
    const prompt = promptOf(`import litellm\nSYSTEM = open("prompts/missing.md").read()\nlitellm.completion(model="m", prompt=SYSTEM)\n`, ctx);
    assert.deepEqual(fileRequests, ['app/bot.py|root|prompts/missing.md']);
    assert.notEqual(prompt.kind, 'string');
  });

  test('a path built at run time is not read', () => {
    const { ctx, fileRequests } = stubContext();
    promptOf(`import litellm\ndef run(name):\n    litellm.completion(model="m", prompt=open(name).read())\n`, ctx);
    assert.deepEqual(fileRequests, []);
  });
});

describe('Python values: environment defaults', () => {
  const cases: { name: string; expression: string; variable: string; text: string }[] = [
    { name: 'os.environ.get with a default', expression: `os.environ.get("MODEL", "gpt-4.1")`, variable: 'MODEL', text: 'gpt-4.1' },
    { name: 'os.getenv with a default', expression: `os.getenv("MODEL", "gpt-4o-mini")`, variable: 'MODEL', text: 'gpt-4o-mini' },
    { name: 'os.getenv with default=', expression: `os.getenv("MODEL", default="gpt-4o")`, variable: 'MODEL', text: 'gpt-4o' },
    { name: 'or-default', expression: `os.environ.get("LLM_MODEL") or "claude-haiku-4-5"`, variable: 'LLM_MODEL', text: 'claude-haiku-4-5' },
  ];
  for (const { name, expression, variable, text } of cases) {
    test(name, () => {
      const code = `import os\nimport litellm\nMODEL = ${expression}\nlitellm.completion(model=MODEL)\n`;
      const model = keyword(analyze(code).calls[0], 'model');
      assert.deepEqual(pieceDetails(code, model), [{ text, verbatim: true, source: text, origin: { kind: 'env-default', variable } }]);
    });
  }

  test('without a default the value is unknown', () => {
    const code = `import os\nimport litellm\nlitellm.completion(model=os.environ.get("MODEL"), prompt=os.getenv("PROMPT"))\n`;
    const call = analyze(code).calls[0];
    assert.equal(keyword(call, 'model').kind, 'unknown');
    assert.equal(keyword(call, 'prompt').kind, 'unknown');
  });
});

describe('Python values: numbers, booleans, None, dicts, lists, calls', () => {
  test('each literal kind', () => {
    const code = `import litellm\nlitellm.completion(max_tokens=1_000, temperature=0.2, seed=-7, stream=True, store=False, user=None)\n`;
    const call = analyze(code).calls[0];
    const simple = call.args.named.map((entry) => {
      const value = entry.value;
      return [entry.key, value.kind, 'value' in value ? value.value : null, slice(code, value.span), slice(code, entry.keySpan), slice(code, entry.span)];
    });
    assert.deepEqual(simple, [
      ['max_tokens', 'number', 1000, '1_000', 'max_tokens', 'max_tokens=1_000'],
      ['temperature', 'number', 0.2, '0.2', 'temperature', 'temperature=0.2'],
      ['seed', 'number', -7, '-7', 'seed', 'seed=-7'],
      ['stream', 'boolean', true, 'True', 'stream', 'stream=True'],
      ['store', 'boolean', false, 'False', 'store', 'store=False'],
      ['user', 'null', null, 'None', 'user', 'user=None'],
    ]);
  });

  test('a message list of dicts with nested content parts', () => {
    const code = `import litellm\nlitellm.completion(model="m", messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": [{"type": "text", "text": q}]}])\n`;
    const messages = keyword(analyze(code).calls[0], 'messages');
    assert.ok(messages.kind === 'array');
    assert.equal(messages.items.length, 2);
    const [first, second] = messages.items;
    assert.ok(first.kind === 'object' && second.kind === 'object');
    assert.deepEqual(first.entries.map((e) => [e.key, shape(e.value)]), [['role', ['system']], ['content', ['Be brief.']]]);
    assert.equal(slice(code, first.entries[1].keySpan), '"content"');
    assert.equal(slice(code, first.entries[1].span), '"content": "Be brief."');
    const content = second.entries[1].value;
    assert.ok(content.kind === 'array' && content.items[0].kind === 'object');
    const text = content.items[0].entries[1].value;
    assert.ok(text.kind === 'unknown');
    assert.equal(text.expression, 'q');
  });

  test('dict(a=1) and tuples', () => {
    const code = `import litellm\nlitellm.completion(extra=dict(top_k=5, mode="fast"), stop=("\\n", "END"))\n`;
    const call = analyze(code).calls[0];
    const extra = keyword(call, 'extra');
    assert.ok(extra.kind === 'object');
    assert.deepEqual(extra.entries.map((e) => e.key), ['top_k', 'mode']);
    const stop = keyword(call, 'stop');
    assert.ok(stop.kind === 'array');
    assert.deepEqual(stop.items.map((item) => shape(item)), [['\n'], ['END']]);
  });

  test('SDK and other calls as values', () => {
    const code = `from google.genai import types\nimport litellm\nlitellm.completion(config=types.GenerateContentConfig(max_output_tokens=256), part=types.Part.from_text(text="hi"), other=build_config(3))\n`;
    const call = analyze(code).calls.find((c) => c.symbol === 'litellm.completion')!;
    const config = keyword(call, 'config');
    assert.ok(config.kind === 'call');
    assert.equal(config.symbol, 'google.genai.types.GenerateContentConfig');
    assert.equal(config.calleeText, 'types.GenerateContentConfig');
    assert.deepEqual(config.args.named.map((e) => [e.key, e.value.kind === 'number' ? e.value.value : null]), [['max_output_tokens', 256]]);
    const part = keyword(call, 'part');
    assert.ok(part.kind === 'call');
    assert.equal(part.symbol, 'google.genai.types.Part.from_text');
    assert.deepEqual(shape(part.args.named[0].value), ['hi']);
    const other = keyword(call, 'other');
    assert.ok(other.kind === 'call');
    assert.equal(other.symbol, null);
    assert.equal(other.calleeText, 'build_config');
  });

  test('subscripts of literal constants', () => {
    const code = `import litellm\nCONFIG = {"model": "gpt-4o-mini", "caps": [100, 200]}\nlitellm.completion(model=CONFIG["model"], max_tokens=CONFIG["caps"][-1])\n`;
    const call = analyze(code).calls[0];
    assert.deepEqual(shape(keyword(call, 'model')), ['gpt-4o-mini']);
    const cap = keyword(call, 'max_tokens');
    assert.ok(cap.kind === 'number');
    assert.equal(cap.value, 200);
  });
});

describe('Python values: **kwargs', () => {
  test('a resolvable dict is merged into the keyword arguments', () => {
    const code = `import litellm\nDEFAULTS = {"max_tokens": 256, "temperature": 0}\nlitellm.completion(model="gpt-4o", **DEFAULTS)\n`;
    const call = analyze(code).calls[0];
    assert.deepEqual(call.args.named.map((e) => e.key), ['model', 'max_tokens', 'temperature']);
    assert.equal(call.args.spread, undefined);
    const cap = keyword(call, 'max_tokens');
    assert.ok(cap.kind === 'number');
    assert.equal(cap.value, 256);
  });

  test('an inline dict literal is merged too', () => {
    const call = analyze(`import litellm\nlitellm.completion(model="gpt-4o", **{"max_tokens": 5})\n`).calls[0];
    assert.deepEqual(call.args.named.map((e) => e.key), ['model', 'max_tokens']);
  });

  test('an unresolvable **kwargs sets spread', () => {
    const call = analyze(`import litellm\ndef run(**kwargs):\n    return litellm.completion(model="gpt-4o", **kwargs)\n`).calls[0];
    assert.equal(call.args.spread, true);
    assert.deepEqual(call.args.named.map((e) => e.key), ['model']);
  });

  test('*args sets spread', () => {
    const call = analyze(`import litellm\ndef run(*args):\n    return litellm.completion(*args)\n`).calls[0];
    assert.equal(call.args.spread, true);
  });
});

describe('Python values: message list growth', () => {
  const cases: { name: string; code: string; appends: string[]; acrossIterations: boolean; trimmed: boolean }[] = [
    {
      name: 'append inside a for loop',
      code: `from openai import OpenAI\nclient = OpenAI()\n\ndef chat(turns):\n    messages = [{"role": "system", "content": "Be brief."}]\n    for turn in turns:\n        messages.append({"role": "user", "content": turn})\n        client.chat.completions.create(model="gpt-4o", messages=messages)\n`,
      appends: ['messages.append({"role": "user", "content": turn})'],
      acrossIterations: true,
      trimmed: false,
    },
    {
      name: 'append in a while loop, then sliced',
      code: `from openai import OpenAI\nclient = OpenAI()\n\ndef chat():\n    messages = []\n    while True:\n        messages.append({"role": "user", "content": input()})\n        messages = messages[-10:]\n        client.chat.completions.create(model="gpt-4o", messages=messages)\n`,
      appends: ['messages.append({"role": "user", "content": input()})'],
      acrossIterations: true,
      trimmed: true,
    },
    {
      name: 'module-level history',
      code: `from openai import OpenAI\nclient = OpenAI()\nhistory = []\n\ndef ask(q):\n    history.append({"role": "user", "content": q})\n    return client.chat.completions.create(model="gpt-4o", messages=history)\n`,
      appends: ['history.append({"role": "user", "content": q})'],
      acrossIterations: true,
      trimmed: false,
    },
    {
      name: 'self.history',
      code: `from anthropic import Anthropic\n\nclass Bot:\n    def __init__(self):\n        self.client = Anthropic()\n        self.history = []\n\n    def ask(self, q):\n        self.history.append({"role": "user", "content": q})\n        return self.client.messages.create(model="claude-sonnet-4-5", max_tokens=100, messages=self.history)\n`,
      appends: ['self.history.append({"role": "user", "content": q})'],
      acrossIterations: true,
      trimmed: false,
    },
    {
      name: 'appends once in a function, +=, extend, and del',
      code: `from openai import OpenAI\nclient = OpenAI()\n\ndef once(q):\n    messages = [{"role": "system", "content": "x"}]\n    messages.append({"role": "user", "content": q})\n    messages += [{"role": "user", "content": "more"}]\n    messages.extend(extra)\n    del messages[1]\n    return client.chat.completions.create(model="gpt-4o", messages=messages)\n`,
      appends: ['messages.append({"role": "user", "content": q})', 'messages += [{"role": "user", "content": "more"}]', 'messages.extend(extra)'],
      acrossIterations: false,
      trimmed: true,
    },
    {
      name: 'pop trims',
      code: `from openai import OpenAI\nclient = OpenAI()\n\ndef chat(turns):\n    messages = []\n    for turn in turns:\n        messages.append(turn)\n        if len(messages) > 20:\n            messages.pop(0)\n        client.chat.completions.create(model="gpt-4o", messages=messages)\n`,
      appends: ['messages.append(turn)'],
      acrossIterations: true,
      trimmed: true,
    },
  ];
  for (const { name, code, appends, acrossIterations, trimmed } of cases) {
    test(name, () => {
      const view = analyze(code);
      const call = view.calls.find((c) => c.method.endsWith('.create'))!;
      const messages = keyword(call, 'messages');
      assert.ok(messages.kind === 'array', `messages is ${messages.kind}`);
      assert.ok(messages.growth);
      assert.deepEqual(
        { appends: messages.growth.appends.map((span) => slice(code, span)), acrossIterations: messages.growth.acrossIterations, trimmed: messages.growth.trimmed },
        { appends, acrossIterations, trimmed },
      );
    });
  }

  test('a list that never grows has no growth', () => {
    const code = `from openai import OpenAI\nclient = OpenAI()\ndef ask(q):\n    messages = [{"role": "user", "content": q}]\n    return client.chat.completions.create(model="gpt-4o", messages=messages)\n`;
    const messages = keyword(callTo(analyze(code), 'chat.completions.create'), 'messages');
    assert.ok(messages.kind === 'array');
    assert.equal(messages.growth, undefined);
    assert.equal(messages.items.length, 1);
  });
});
