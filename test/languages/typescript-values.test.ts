import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Value } from '../../server/src/engine/model';
import { analyze, callTo, option, pieces, shape, slice, stubContext } from './typescript-helpers';

const HEADER = `import OpenAI from 'openai';\nconst client = new OpenAI();\n`;
const FILE = 'src/app.ts';

/** The value of `prompt` in `client.x.create({ prompt: <expression> })` placed after `setup`. */
function promptValue(setup: string, expression: string, ctx = stubContext().ctx, file = FILE): { value: Value; code: string } {
  const code = `${HEADER}${setup}\nclient.x.create({ prompt: ${expression} });\n`;
  return { value: option(callTo(analyze(code, file, ctx), 'x.create'), 'prompt'), code };
}

function at(code: string, needle: string, from = 0): { file: string; start: number; end: number } {
  const start = code.indexOf(needle, from);
  assert.ok(start >= 0, `${needle} occurs in the code`);
  return { file: FILE, start, end: start + needle.length };
}

describe('TypeScript values: strings', () => {
  test('a string literal is one verbatim text piece spanning the body between the quotes', () => {
    const { value, code } = promptValue('', `'You are a helpful assistant.'`);
    assert.deepEqual(value, {
      kind: 'string',
      pieces: [{ kind: 'text', text: 'You are a helpful assistant.', span: at(code, 'You are a helpful assistant.'), verbatim: true, origin: { kind: 'literal' } }],
      span: at(code, `'You are a helpful assistant.'`),
    });
  });

  test('escapes are cooked and make the piece non-verbatim', () => {
    const { value, code } = promptValue('', `"Line one\\nLine \\"two\\""`);
    const [piece] = pieces(value);
    assert.ok(piece.kind === 'text');
    assert.equal(piece.text, 'Line one\nLine "two"');
    assert.equal(piece.verbatim, false);
    assert.equal(slice(code, piece.span!), 'Line one\\nLine \\"two\\"');
  });

  test('a no-substitution template literal spans the body between the backticks', () => {
    const { value, code } = promptValue('', '`Summarize\nbriefly.`');
    const [piece] = pieces(value);
    assert.ok(piece.kind === 'text' && piece.verbatim);
    assert.equal(slice(code, piece.span!), 'Summarize\nbriefly.');
  });

  test('a constant keeps its literal span and says where it came from', () => {
    const { value, code } = promptValue(`const SYSTEM = 'Be terse.';`, 'SYSTEM');
    assert.deepEqual(pieces(value), [{ kind: 'text', text: 'Be terse.', span: at(code, 'Be terse.'), verbatim: true, origin: { kind: 'constant', name: 'SYSTEM', file: FILE } }]);
  });

  test('template substitutions: literal chunks with their spans, constants inlined, the rest dynamic', () => {
    const { value, code } = promptValue(`const TONE = 'formal';\nfunction build(user: { name: string }) { return 1; }`, '`Write in a ${TONE} tone to ${user.name}: ${1 + 1} items`');
    const [head, inlined, middle, dynamic, middle2, number, tail] = pieces(value);
    assert.deepEqual(shape(value), ['Write in a ', 'formal', ' tone to ', '{user.name}', ': ', '2', ' items']);
    assert.ok(head.kind === 'text' && head.verbatim);
    assert.deepEqual(head.span, at(code, 'Write in a '));
    assert.ok(inlined.kind === 'text');
    assert.deepEqual(inlined.origin, { kind: 'constant', name: 'TONE', file: FILE });
    assert.deepEqual(middle.kind === 'text' && middle.span, at(code, ' tone to '));
    assert.deepEqual(dynamic, { kind: 'dynamic', expression: 'user.name', span: at(code, 'user.name}') && { file: FILE, start: code.indexOf('user.name}'), end: code.indexOf('user.name}') + 9 } });
    assert.deepEqual(middle2.kind === 'text' && middle2.span, { file: FILE, start: code.indexOf(': ${1'), end: code.indexOf(': ${1') + 2 });
    assert.ok(number.kind === 'text' && number.span === undefined && !number.verbatim);
    assert.deepEqual(tail.kind === 'text' && tail.span, at(code, ' items'));
  });

  test('dedent-style tags remove the common indentation and trim; other tags are unknown', () => {
    const setup = `import dedent from 'dedent';\nconst who = 'you';`;
    const { value } = promptValue(setup, 'dedent`\n    You are ${who}.\n      Answer briefly.\n  `');
    assert.deepEqual(shape(value), ['You are ', 'you', '.\n  Answer briefly.']);
    const [first, , last] = pieces(value);
    assert.ok(first.kind === 'text' && !first.verbatim && last.kind === 'text' && !last.verbatim);
    const { value: other } = promptValue(`const sql = (s: TemplateStringsArray) => s;`, 'sql`SELECT 1`');
    assert.equal(other.kind, 'unknown');
    assert.equal(other.kind === 'unknown' && other.reason, 'tagged template');
    const { value: unchanged } = promptValue(`import { stripIndent } from 'common-tags';`, 'stripIndent`No indentation here`');
    assert.ok(pieces(unchanged)[0].kind === 'text' && (pieces(unchanged)[0] as { verbatim: boolean }).verbatim);
  });

  test('String.raw keeps backslashes', () => {
    const { value } = promptValue('', 'String.raw`C:\\path\\n`');
    assert.deepEqual(shape(value), ['C:\\path\\n']);
  });

  test('concatenation, joins of literal arrays, trims', () => {
    assert.deepEqual(shape(promptValue(`const A = 'Rules:';`, `A + ' be brief. ' + input + 3`).value), ['Rules:', ' be brief. ', '{input}', '3']);
    assert.deepEqual(shape(promptValue('', `['You are a bot.', 'Answer in JSON.'].join("\\n")`).value), ['You are a bot.', '\n', 'Answer in JSON.']);
    assert.deepEqual(shape(promptValue(`const LINES = ['a', 'b'] as const;`, `LINES.join()`).value), ['a', ',', 'b']);
    const { value, code } = promptValue('', `'   padded text  '.trim()`);
    const [piece] = pieces(value);
    assert.ok(piece.kind === 'text' && piece.verbatim);
    assert.equal(piece.text, 'padded text');
    assert.equal(slice(code, piece.span!), 'padded text');
    assert.deepEqual(shape(promptValue('', `'  x  '.trimStart()`).value), ['x  ']);
    assert.deepEqual(shape(promptValue('', `'  x  '.trimEnd()`).value), ['  x']);
  });
});

describe('TypeScript values: identifiers and scopes', () => {
  test('consts of enclosing function scopes, transparent wrappers', () => {
    const code = `${HEADER}const MODEL = 'gpt-4o' as const;\nfunction outer() {\n  const SYS = ('Be kind.' satisfies string);\n  return () => {\n    const max = <number>512;\n    return client.x.create({ model: MODEL!, system: SYS, max_tokens: max });\n  };\n}\n`;
    const call = callTo(analyze(code), 'x.create');
    assert.deepEqual(shape(option(call, 'model')), ['gpt-4o']);
    assert.deepEqual(shape(option(call, 'system')), ['Be kind.']);
    assert.deepEqual(option(call, 'max_tokens'), { kind: 'number', value: 512, span: at(code, '512'), origin: { kind: 'constant', name: 'max', file: FILE } });
  });

  test('let with a single assignment resolves; a reassigned let is unknown', () => {
    assert.deepEqual(shape(promptValue(`let p: string;\np = 'once';`, 'p').value), ['once']);
    const { value } = promptValue(`let p = 'a';\nif (Math.random()) p = 'b';`, 'p');
    assert.deepEqual(value.kind === 'unknown' && [value.expression, value.reason], ['p', 'reassigned variable']);
  });

  test('a const read before its declaration in the same scope is unknown; inside a function it is fine', () => {
    const code = `${HEADER}client.x.create({ prompt: LATE });\nfunction later() { return client.y.create({ prompt: LATE }); }\nconst LATE = 'late';\n`;
    const view = analyze(code);
    const early = option(callTo(view, 'x.create'), 'prompt');
    assert.equal(early.kind === 'unknown' && early.reason, 'used before declaration');
    assert.deepEqual(shape(option(callTo(view, 'y.create'), 'prompt')), ['late']);
  });

  test('parameters are unknown; destructured and plain parameter defaults count as the value', () => {
    const code = `${HEADER}async function run(question: string, { model = 'gpt-4o-mini' } = {}, max = 256) {\n  return client.x.create({ prompt: question, model, max_tokens: max });\n}\n`;
    const call = callTo(analyze(code), 'x.create');
    assert.deepEqual(option(call, 'prompt'), { kind: 'unknown', expression: 'question', span: at(code, 'question', code.indexOf('prompt')), reason: 'parameter', runtime: { kind: 'parameter', name: 'question' } });
    assert.deepEqual(pieces(option(call, 'model')), [{ kind: 'text', text: 'gpt-4o-mini', span: at(code, 'gpt-4o-mini'), verbatim: true, origin: { kind: 'literal' } }]);
    assert.equal(option(call, 'max_tokens').kind === 'number' && (option(call, 'max_tokens') as { value: number }).value, 256);
  });

  test('cycles do not loop', () => {
    const { value } = promptValue(`const a: string = b;\nconst b: string = a;`, 'a');
    assert.equal(value.kind, 'unknown');
  });
});

describe('TypeScript values: imports through the context', () => {
  const imported: Value = { kind: 'string', pieces: [{ kind: 'text', text: 'From prompts.ts', span: { file: 'src/prompts.ts', start: 23, end: 38 }, verbatim: true, origin: { kind: 'constant', name: 'SYSTEM', file: 'src/prompts.ts' } }], span: { file: 'src/prompts.ts', start: 22, end: 39 } };
  const defaultExport: Value = { kind: 'object', entries: [], span: { file: 'src/prompts.ts', start: 50, end: 52 } };

  test('named, aliased, default, namespace and CommonJS imports ask resolveImport with the export name', () => {
    const { ctx, importRequests } = stubContext({ './prompts#SYSTEM': imported, './prompts#default': defaultExport });
    const setup = `import { SYSTEM, SYSTEM as S2 } from './prompts';\nimport prompts from './prompts';\nimport * as P from './prompts';\nconst { SYSTEM: S3 } = require('./prompts');`;
    const code = `${HEADER}${setup}\nclient.x.create({ a: SYSTEM, b: S2, c: prompts, d: P.SYSTEM, e: S3, f: P.MISSING });\n`;
    const call = callTo(analyze(code, FILE, ctx), 'x.create');
    for (const key of ['a', 'b', 'd', 'e']) assert.deepEqual(option(call, key), imported, key);
    assert.deepEqual(option(call, 'c'), defaultExport);
    assert.deepEqual(option(call, 'f'), { kind: 'unknown', expression: 'P.MISSING', span: at(code, 'P.MISSING'), reason: 'import' });
    assert.deepEqual([...new Set(importRequests)].sort(), ['src/app.ts|./prompts|MISSING', 'src/app.ts|./prompts|SYSTEM', 'src/app.ts|./prompts|default']);
  });
});

describe('TypeScript values: environment defaults', () => {
  const cases: [string, string][] = [
    [`process.env.MODEL ?? 'gpt-4o'`, 'MODEL'],
    [`process.env.OPENAI_MODEL || 'gpt-4o'`, 'OPENAI_MODEL'],
    [`process.env['LLM_MODEL'] ?? 'gpt-4o'`, 'LLM_MODEL'],
  ];
  for (const [expression, variable] of cases) {
    test(expression, () => {
      const { value, code } = promptValue('', expression);
      assert.deepEqual(pieces(value), [{ kind: 'text', text: 'gpt-4o', span: at(code, 'gpt-4o'), verbatim: true, origin: { kind: 'env-default', variable } }]);
    });
  }
  test('without a default the value is unknown', () => {
    const { value, code } = promptValue('', 'process.env.MODEL');
    assert.deepEqual(value, { kind: 'unknown', expression: 'process.env.MODEL', span: at(code, 'process.env.MODEL'), reason: 'environment variable', runtime: { kind: 'env', variable: 'MODEL' } });
  });
});

describe('TypeScript values: prompt files', () => {
  const cases: { name: string; setup: string; expression: string; request: string; file?: string }[] = [
    { name: 'fs.readFileSync with a root-relative path', setup: `import fs from 'node:fs';`, expression: `fs.readFileSync('prompts/system.md', 'utf8')`, request: 'root|prompts/system.md' },
    { name: 'readFileSync(path.join(__dirname, ...))', setup: `import { readFileSync } from 'fs';\nimport path from 'path';`, expression: `readFileSync(path.join(__dirname, 'prompts', 'system.md'), 'utf-8')`, request: 'file|prompts/system.md' },
    { name: 'path.resolve(__dirname, "../...")', setup: `const fs = require('fs');\nconst path = require('path');`, expression: `fs.readFileSync(path.resolve(__dirname, '../prompts/system.md')).toString()`, request: 'file|../prompts/system.md', file: 'src/app.js' },
    { name: 'new URL(..., import.meta.url)', setup: `import { readFileSync } from 'node:fs';`, expression: `readFileSync(new URL('./prompts/system.md', import.meta.url), 'utf8')`, request: 'file|prompts/system.md' },
    { name: 'await fs.promises.readFile', setup: `import * as fs from 'fs';`, expression: `await fs.promises.readFile('./prompts/system.md', 'utf8')`, request: 'root|prompts/system.md' },
    { name: 'readFile from fs/promises with an ESM __dirname and a path constant', setup: `import { readFile } from 'node:fs/promises';\nimport { dirname, join } from 'node:path';\nimport { fileURLToPath } from 'node:url';\nconst __dirname = dirname(fileURLToPath(import.meta.url));\nconst PROMPT_PATH = join(__dirname, 'prompts/system.md');`, expression: `(await readFile(PROMPT_PATH, 'utf8')).trim()`, request: 'file|prompts/system.md' },
    { name: '__dirname concatenated', setup: `import fs from 'fs';`, expression: `fs.readFileSync(__dirname + '/prompts/system.md', 'utf8')`, request: 'file|prompts/system.md' },
    { name: '__dirname in a template', setup: `import fs from 'fs';`, expression: 'fs.readFileSync(`${__dirname}/prompts/system.md`, "utf8")', request: 'file|prompts/system.md' },
  ];
  for (const { name, setup, expression, request, file } of cases) {
    test(name, async () => {
      const stub = stubContext({}, { [request.replace('|', ':')]: { path: 'src/prompts/system.md', text: 'You are helpful.' } });
      const code = `${HEADER}${setup}\nasync function main() { client.x.create({ prompt: ${expression} }); }\n`;
      const value = option(callTo(analyze(code, file ?? FILE, stub.ctx), 'x.create'), 'prompt');
      assert.deepEqual(stub.fileRequests, [`${file ?? FILE}|${request}`]);
      assert.deepEqual(pieces(value), [{ kind: 'text', text: 'You are helpful.', span: { file: 'src/prompts/system.md', start: 0, end: 16 }, verbatim: true, origin: { kind: 'prompt-file', path: 'src/prompts/system.md' } }]);
    });
  }
  test('a missing prompt file is unknown', () => {
    const { value } = promptValue(`import fs from 'fs';`, `fs.readFileSync('nope.md', 'utf8')`);
    assert.equal(value.kind === 'unknown' && value.reason, 'prompt file not found');
  });
});

describe('TypeScript values: numbers, objects, arrays, calls, unknowns', () => {
  test('numeric literal forms, booleans, null and undefined', () => {
    const code = `${HEADER}client.x.create({ a: 1_000, b: 1e3, c: -2.5, d: true, e: false, f: null, g: undefined });\n`;
    const call = callTo(analyze(code), 'x.create');
    assert.deepEqual(['a', 'b', 'c'].map((key) => (option(call, key) as { value: number }).value), [1000, 1000, -2.5]);
    assert.deepEqual(option(call, 'd'), { kind: 'boolean', value: true, span: at(code, 'true') });
    assert.equal((option(call, 'e') as { value: boolean }).value, false);
    assert.deepEqual(option(call, 'f'), { kind: 'null', span: at(code, 'null') });
    assert.deepEqual(option(call, 'g'), { kind: 'null', span: at(code, 'undefined') });
  });

  test('objects: shorthand, spreads of known objects merge, computed keys are skipped, entry spans', () => {
    const setup = `const model = 'gpt-4o';\nconst BASE = { temperature: 0, max_tokens: 100 };\nconst key = 'k';`;
    const code = `${HEADER}${setup}\nclient.x.create({ ...BASE, model, max_tokens: 300, [key]: 1, 'quoted-key': 'q' });\n`;
    const call = callTo(analyze(code), 'x.create');
    const options = call.args.positional[0];
    assert.ok(options.kind === 'object');
    assert.deepEqual(options.entries.map((entry) => entry.key), ['temperature', 'model', 'max_tokens', 'quoted-key']);
    assert.deepEqual(shape(option(call, 'model')), ['gpt-4o']);
    assert.equal((option(call, 'max_tokens') as { value: number }).value, 300);
    const entry = options.entries[2];
    assert.equal(slice(code, entry.span), 'max_tokens: 300');
    assert.equal(slice(code, entry.keySpan), 'max_tokens');
    assert.equal(slice(code, options.span), `{ ...BASE, model, max_tokens: 300, [key]: 1, 'quoted-key': 'q' }`);
    assert.equal(call.args.spread, undefined);
  });

  test('an unresolved spread marks the arguments as opaque', () => {
    const code = `${HEADER}function send(params: object) { return client.x.create({ ...params, model: 'gpt-4o' }); }\nfunction send2(args: unknown[]) { return client.y.create(...args); }\n`;
    const view = analyze(code);
    assert.equal(callTo(view, 'x.create').args.spread, true);
    assert.equal(callTo(view, 'y.create').args.spread, true);
  });

  test('arrays: spreads of known arrays are inlined', () => {
    const { value } = promptValue(`const FEW_SHOT = [{ role: 'user', content: 'hi' }];`, `[...FEW_SHOT, { role: 'user', content: q }]`);
    assert.ok(value.kind === 'array');
    assert.equal(value.items.length, 2);
  });

  test('calls and new expressions become call values; other expressions are unknown with a reason', () => {
    const setup = `import Anthropic from '@anthropic-ai/sdk';\nconst cfg = loadConfig();`;
    const code = `${HEADER}${setup}\nfunction f(obj: { a: string }) { client.x.create({ a: buildPrompt(obj, 2), b: new Anthropic(), c: obj.a, d: cfg.model, e: obj ? 'x' : 'y', f: () => 1 }); }\n`;
    const call = callTo(analyze(code), 'x.create');
    const a = option(call, 'a');
    assert.ok(a.kind === 'call');
    assert.deepEqual([a.symbol, a.calleeText, slice(code, a.args.span), a.args.positional.length], [null, 'buildPrompt', 'obj, 2', 2]);
    const b = option(call, 'b');
    assert.ok(b.kind === 'call');
    assert.deepEqual([b.symbol, b.calleeText], ['@anthropic-ai/sdk:default', 'Anthropic']);
    assert.deepEqual(['c', 'd', 'e', 'f'].map((key) => { const v = option(call, key); return v.kind === 'unknown' ? `${v.expression}: ${v.reason}` : v.kind; }), [
      'obj.a: property access',
      'cfg.model: property access',
      `obj ? 'x' : 'y': conditional`,
      '() => 1: function',
    ]);
  });
});

describe('TypeScript values: message list growth', () => {
  function messagesOf(code: string): Extract<Value, { kind: 'array' }> {
    const value = option(callTo(analyze(code), 'chat.completions.create'), 'messages');
    assert.ok(value.kind === 'array', `messages is an array, got ${value.kind}`);
    return value;
  }

  test('a list pushed inside a loop grows across iterations', () => {
    const code = `${HEADER}async function chat(turns: string[]) {\n  const messages = [{ role: 'system', content: 'Be brief.' }];\n  for (const turn of turns) {\n    messages.push({ role: 'user', content: turn });\n    await client.chat.completions.create({ model: 'gpt-4o', messages });\n  }\n}\n`;
    const list = messagesOf(code);
    assert.equal(list.items.length, 1);
    const loop = `for (const turn of turns) {\n    messages.push({ role: 'user', content: turn });\n    await client.chat.completions.create({ model: 'gpt-4o', messages });\n  }`;
    assert.deepEqual(list.growth, {
      appends: [at(code, `messages.push({ role: 'user', content: turn })`)],
      acrossIterations: true,
      trimmed: false,
      outlivesFunction: false,
      appendLoops: [at(code, loop)],
    });
  });

  test('a list rebuilt inside each iteration does not grow across iterations', () => {
    const code = `${HEADER}async function each(turns: string[]) {\n  for (const turn of turns) {\n    const messages = [{ role: 'system', content: 'x' }];\n    messages.push({ role: 'user', content: turn });\n    await client.chat.completions.create({ model: 'gpt-4o', messages });\n  }\n}\n`;
    assert.deepEqual(messagesOf(code).growth?.acrossIterations, false);
  });

  test('module-level history with spread reassignment and slicing', () => {
    const code = `${HEADER}let history: { role: string; content: string }[] = [];\nexport async function ask(q: string) {\n  history = [...history, { role: 'user', content: q }];\n  if (history.length > 20) history = history.slice(-20);\n  return client.chat.completions.create({ model: 'gpt-4o', messages: history });\n}\n`;
    const list = messagesOf(code);
    assert.deepEqual(list.growth, {
      appends: [at(code, `history = [...history, { role: 'user', content: q }]`)],
      acrossIterations: true,
      trimmed: true,
      outlivesFunction: true,
      appendLoops: [],
    });
  });

  test('a class field history pushed in a method, forEach and unshift', () => {
    const code = `${HEADER}class Bot {\n  private history = [{ role: 'system', content: 'hi' }];\n  async say(q: string) {\n    this.history.push({ role: 'user', content: q });\n    return client.chat.completions.create({ model: 'gpt-4o', messages: this.history });\n  }\n}\n`;
    const list = messagesOf(code);
    assert.deepEqual(list.growth, {
      appends: [at(code, `this.history.push({ role: 'user', content: q })`)],
      acrossIterations: true,
      trimmed: false,
      outlivesFunction: true,
      appendLoops: [],
    });
  });

  test('trimming forms: splice, shift, length = ', () => {
    for (const trim of ['messages.splice(1, 2);', 'messages.shift();', 'messages.length = 0;']) {
      const code = `${HEADER}async function f(qs: string[]) {\n  const messages: object[] = [];\n  qs.forEach((q) => messages.push({ role: 'user', content: q }));\n  ${trim}\n  await client.chat.completions.create({ model: 'gpt-4o', messages });\n}\n`;
      const growth = messagesOf(code).growth;
      assert.deepEqual([growth?.acrossIterations, growth?.trimmed], [true, true], trim);
    }
  });

  test('an untouched list has no growth', () => {
    const code = `${HEADER}const messages = [{ role: 'user', content: 'hi' }];\nclient.chat.completions.create({ model: 'gpt-4o', messages });\n`;
    assert.equal(messagesOf(code).growth, undefined);
  });
});
