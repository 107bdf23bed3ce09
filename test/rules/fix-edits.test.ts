import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CapInsertion, Language, Span } from '../../server/src/engine/model';
import {
  cacheControlPropertyEdits,
  cachedBlockListEdit,
  capInsertionEdits,
  dominantQuote,
  listShape,
  moveItemAfter,
  replaceStringBody,
  withRoutePrefix,
} from '../../server/src/engine/rules/fix-edits';
import { applyEdits } from '../../server/src/engine/text';

const FILE = 'app';

/** The span of the first occurrence of `needle` (after `after`, when given). */
function spanOf(text: string, needle: string, after = 0): Span {
  const start = text.indexOf(needle, after);
  assert.ok(start >= 0, `${JSON.stringify(needle)} in the text`);
  return { file: FILE, start, end: start + needle.length };
}

/** The argument list of the first call of `callee`: from after its `(` to its matching `)`. */
function argumentsOf(text: string, callee: string): Span {
  const open = text.indexOf(callee + '(') + callee.length;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return { file: FILE, start: open + 1, end: i };
  }
  throw new Error('unbalanced');
}

/** The `{…}` literal that starts at the first `{` after `marker`. */
function objectAfter(text: string, marker: string): Span {
  const open = text.indexOf('{', text.indexOf(marker));
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return { file: FILE, start: open, end: i + 1 };
  }
  throw new Error('unbalanced');
}

function insertCap(text: string, insertion: CapInsertion, tokens: number, language: Language): string {
  return applyEdits(text, capInsertionEdits(text, FILE, insertion, tokens, language));
}

describe('capInsertionEdits: Python keyword arguments', () => {
  test('multi-line list without a trailing comma: new line, same indentation', () => {
    const code = ['r = client.chat.completions.create(', '    model="gpt-4o",', '    messages=messages', ')', ''].join('\n');
    const insertion: CapInsertion = { param: 'max_completion_tokens', style: 'keyword', container: argumentsOf(code, 'create') };
    assert.equal(insertCap(code, insertion, 16, 'python'), ['r = client.chat.completions.create(', '    model="gpt-4o",', '    messages=messages,', '    max_completion_tokens=16', ')', ''].join('\n'));
  });

  test('multi-line list with a trailing comma keeps one', () => {
    const code = ['r = client.messages.create(', '        model="claude-haiku-4-5",', '        messages=[', '            {"role": "user", "content": q},', '        ],', '    )', ''].join('\n');
    const insertion: CapInsertion = { param: 'max_tokens', style: 'keyword', container: argumentsOf(code, 'create') };
    assert.equal(
      insertCap(code, insertion, 300, 'python'),
      ['r = client.messages.create(', '        model="claude-haiku-4-5",', '        messages=[', '            {"role": "user", "content": q},', '        ],', '        max_tokens=300,', '    )', ''].join('\n'),
    );
  });

  test('single-line list: `, name=value`', () => {
    const code = 'r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "a, b"}])\n';
    const insertion: CapInsertion = { param: 'max_completion_tokens', style: 'keyword', container: argumentsOf(code, 'create') };
    assert.equal(insertCap(code, insertion, 1024, 'python'), 'r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "a, b"}], max_completion_tokens=1024)\n');
  });

  test('closing parenthesis on the last argument line', () => {
    const code = 'r = llm.completion(model="gpt-4o",\n                   messages=msgs)\n';
    const insertion: CapInsertion = { param: 'max_tokens', style: 'keyword', container: argumentsOf(code, 'completion') };
    assert.equal(insertCap(code, insertion, 16, 'python'), 'r = llm.completion(model="gpt-4o",\n                   messages=msgs,\n                   max_tokens=16)\n');
  });

  test('a comment after the last argument stays on its line', () => {
    const code = ['r = client.chat.completions.create(', '    model="gpt-4o",', '    messages=msgs  # built above, (see helper)', ')', ''].join('\n');
    const insertion: CapInsertion = { param: 'max_completion_tokens', style: 'keyword', container: argumentsOf(code, 'create') };
    assert.equal(
      insertCap(code, insertion, 16, 'python'),
      ['r = client.chat.completions.create(', '    model="gpt-4o",', '    messages=msgs,  # built above, (see helper)', '    max_completion_tokens=16', ')', ''].join('\n'),
    );
  });

  test('CRLF line endings are kept', () => {
    const code = ['r = client.chat.completions.create(', '    model="gpt-4o",', '    messages=msgs,', ')', ''].join('\r\n');
    const insertion: CapInsertion = { param: 'max_completion_tokens', style: 'keyword', container: argumentsOf(code, 'create') };
    assert.equal(insertCap(code, insertion, 16, 'python'), ['r = client.chat.completions.create(', '    model="gpt-4o",', '    messages=msgs,', '    max_completion_tokens=16,', ')', ''].join('\r\n'));
  });

  test('nested config dict in the file\'s quote style', () => {
    const code = ["r = client.models.generate_content(", "    model='gemini-2.5-flash',", "    contents=f'Summarize: {text}',", ')', ''].join('\n');
    const insertion: CapInsertion = {
      param: 'max_output_tokens',
      style: 'keyword',
      container: argumentsOf(code, 'generate_content'),
      nestedIn: { param: 'config', style: 'keyword', wrapper: 'dict' },
    };
    assert.equal(
      insertCap(code, insertion, 300, 'python'),
      ["r = client.models.generate_content(", "    model='gemini-2.5-flash',", "    contents=f'Summarize: {text}',", "    config={'max_output_tokens': 300},", ')', ''].join('\n'),
    );
  });

  test('nested config call', () => {
    const code = 'r = client.models.generate_content(model="gemini-2.5-flash", contents=prompt)\n';
    const insertion: CapInsertion = {
      param: 'max_output_tokens',
      style: 'keyword',
      container: argumentsOf(code, 'generate_content'),
      nestedIn: { param: 'config', style: 'keyword', wrapper: 'call', calleeText: 'types.GenerateContentConfig' },
    };
    assert.equal(insertCap(code, insertion, 256, 'python'), 'r = client.models.generate_content(model="gemini-2.5-flash", contents=prompt, config=types.GenerateContentConfig(max_output_tokens=256))\n');
  });

  test('a keyword inside an existing config call', () => {
    const code = 'cfg = types.GenerateContentConfig(temperature=0)\n';
    const insertion: CapInsertion = { param: 'max_output_tokens', style: 'keyword', container: argumentsOf(code, 'GenerateContentConfig') };
    assert.equal(insertCap(code, insertion, 16, 'python'), 'cfg = types.GenerateContentConfig(temperature=0, max_output_tokens=16)\n');
  });

  test('a property of a dict literal', () => {
    const code = 'params = {"model": "claude-haiku-4-5", "messages": msgs}\n';
    const insertion: CapInsertion = { param: 'max_tokens', style: 'property', container: objectAfter(code, 'params') };
    assert.equal(insertCap(code, insertion, 16, 'python'), 'params = {"model": "claude-haiku-4-5", "messages": msgs, "max_tokens": 16}\n');
  });

  test('empty argument list', () => {
    const code = 'llm = ChatOpenAI()\n';
    const insertion: CapInsertion = { param: 'max_tokens', style: 'keyword', container: argumentsOf(code, 'ChatOpenAI') };
    assert.equal(insertCap(code, insertion, 1024, 'python'), 'llm = ChatOpenAI(max_tokens=1024)\n');
  });
});

describe('capInsertionEdits: JS object properties', () => {
  test('multi-line object with a trailing comma', () => {
    const code = ['const r = await openai.chat.completions.create({', "  model: 'gpt-4o',", '  messages,', '});', ''].join('\n');
    const insertion: CapInsertion = { param: 'max_completion_tokens', style: 'property', container: objectAfter(code, 'create(') };
    assert.equal(insertCap(code, insertion, 16, 'typescript'), ['const r = await openai.chat.completions.create({', "  model: 'gpt-4o',", '  messages,', '  max_completion_tokens: 16,', '});', ''].join('\n'));
  });

  test('single-line object', () => {
    const code = "const r = await generateText({ model: openai('gpt-4o'), prompt: `Title for ${text}, {short}` });\n";
    const insertion: CapInsertion = { param: 'maxOutputTokens', style: 'property', container: objectAfter(code, 'generateText(') };
    assert.equal(insertCap(code, insertion, 32, 'typescript'), "const r = await generateText({ model: openai('gpt-4o'), prompt: `Title for ${text}, {short}`, maxOutputTokens: 32 });\n");
  });

  test('nested generationConfig', () => {
    const code = ['const r = await ai.models.generateContent({', "  model: 'gemini-2.5-pro',", '  contents: prompt', '});', ''].join('\n');
    const insertion: CapInsertion = {
      param: 'maxOutputTokens',
      style: 'property',
      container: objectAfter(code, 'generateContent('),
      nestedIn: { param: 'generationConfig', style: 'property', wrapper: 'object' },
    };
    assert.equal(insertCap(code, insertion, 256, 'typescript'), ['const r = await ai.models.generateContent({', "  model: 'gemini-2.5-pro',", '  contents: prompt,', '  generationConfig: { maxOutputTokens: 256 }', '});', ''].join('\n'));
  });

  test('empty object', () => {
    const code = 'const model = new ChatAnthropic({});\n';
    const insertion: CapInsertion = { param: 'maxTokens', style: 'property', container: objectAfter(code, 'ChatAnthropic(') };
    assert.equal(insertCap(code, insertion, 1024, 'typescript'), 'const model = new ChatAnthropic({ maxTokens: 1024 });\n');
  });
});

describe('listShape', () => {
  test('commas inside strings, templates, brackets and comments do not split items', () => {
    const inner = "a: 'x, y', b: `t ${f(1, 2)} u, v`, c: [1, 2], /* d, e */ f: g(h, i) // j, k\n";
    const shape = listShape(inner, 0, inner.length, 'typescript');
    assert.deepEqual(
      shape.items.map((item) => inner.slice(item.start, item.end)),
      ["a: 'x, y'", 'b: `t ${f(1, 2)} u, v`', 'c: [1, 2]', 'f: g(h, i)'],
    );
    assert.equal(shape.trailingComma, null);
  });

  test('TypeScript: a regex literal with brackets is one token, a division is not a regex', () => {
    const inner = "\n  a: s.replace(/[{(]/g, ''),\n  b: 4 / 2, c: /,/.source, // x, y\n  d: `${1 / 2}, ${'/'}`,\n";
    const shape = listShape(inner, 0, inner.length, 'typescript');
    assert.deepEqual(shape.items.map((item) => inner.slice(item.start, item.end)), ["a: s.replace(/[{(]/g, '')", 'b: 4 / 2', 'c: /,/.source', "d: `${1 / 2}, ${'/'}`"]);
    assert.equal(shape.trailingComma, inner.lastIndexOf(','));
  });

  test('TypeScript: call arguments (not properties) and JSX are read by the parser too', () => {
    const args = "a, /[)]/g, <b c={1}>, </b>, (x: number) => x";
    assert.deepEqual(listShape(args, 0, args.length, 'typescript').items.map((item) => args.slice(item.start, item.end)), ['a', '/[)]/g', '<b c={1}>, </b>', '(x: number) => x']);
  });

  test('Python triple-quoted strings and comments', () => {
    const inner = 'system="""a, b\n(c""", # x, y\n messages=m,\n';
    const shape = listShape(inner, 0, inner.length, 'python');
    assert.deepEqual(shape.items.map((item) => inner.slice(item.start, item.end)), ['system="""a, b\n(c"""', 'messages=m']);
    assert.equal(shape.trailingComma, inner.lastIndexOf(','));
  });
});

describe('dominantQuote', () => {
  test('counts string literals; ties go to the language default', () => {
    assert.equal(dominantQuote("a = 'x'\nb = 'y'\nc = \"z\"\n", 'python'), "'");
    assert.equal(dominantQuote('a = "x"\n', 'typescript'), '"');
    assert.equal(dominantQuote('x = 1\n', 'python'), '"');
    assert.equal(dominantQuote('const x = 1;\n', 'typescript'), "'");
  });
});

describe('replaceStringBody', () => {
  test('keeps quotes and prefixes', () => {
    const code = 'model = "gpt-4o"\nother = r\'gpt-4o\'\nts = `gpt-4o`\n';
    const edits = [
      replaceStringBody(code, spanOf(code, '"gpt-4o"'), 'gpt-4o-mini'),
      replaceStringBody(code, spanOf(code, "r'gpt-4o'"), 'gpt-4o-mini'),
      replaceStringBody(code, spanOf(code, '`gpt-4o`'), 'gpt-4o-mini'),
    ];
    assert.equal(applyEdits(code, edits), 'model = "gpt-4o-mini"\nother = r\'gpt-4o-mini\'\nts = `gpt-4o-mini`\n');
  });

  test('a span of the body only (a text piece) keeps the quotes', () => {
    const code = 'model = "gpt-4o"\n';
    assert.equal(applyEdits(code, [replaceStringBody(code, spanOf(code, 'gpt-4o'), 'gpt-4o-mini')]), 'model = "gpt-4o-mini"\n');
  });

  test('escapes the literal\'s quote', () => {
    const code = "x = 'a'\n";
    assert.equal(applyEdits(code, [replaceStringBody(code, spanOf(code, "'a'"), "it's")]), "x = 'it\\'s'\n");
  });
});

describe('cache_control edits', () => {
  test('Python system string becomes a cached block list; a constant stays a name', () => {
    const code = 'client.messages.create(model="claude-sonnet-4-5", system=SYSTEM_PROMPT, messages=m)\n';
    const edit = cachedBlockListEdit(code, spanOf(code, 'SYSTEM_PROMPT'), 'python');
    assert.equal(
      applyEdits(code, [edit]),
      'client.messages.create(model="claude-sonnet-4-5", system=[{"type": "text", "text": SYSTEM_PROMPT, "cache_control": {"type": "ephemeral"}}], messages=m)\n',
    );
  });

  test('TS system string in single quotes', () => {
    const code = "await anthropic.messages.create({ model: 'claude-sonnet-4-5', system: 'You are terse.', messages });\n";
    const edit = cachedBlockListEdit(code, spanOf(code, "'You are terse.'"), 'typescript');
    assert.equal(
      applyEdits(code, [edit]),
      "await anthropic.messages.create({ model: 'claude-sonnet-4-5', system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }], messages });\n",
    );
  });

  test('an existing block gets a cache_control property', () => {
    const code = 'system=[{"type": "text", "text": POLICY}]\n';
    const edits = cacheControlPropertyEdits(code, spanOf(code, '{"type": "text", "text": POLICY}'), 'python');
    assert.equal(applyEdits(code, edits), 'system=[{"type": "text", "text": POLICY, "cache_control": {"type": "ephemeral"}}]\n');
  });
});

describe('moveItemAfter', () => {
  test('moves one list item after a run, keeping separators', () => {
    const code = ['messages=[', '    {"role": "user", "content": profile},', '    {"role": "system", "content": RULES},', '    {"role": "user", "content": EXAMPLES},', ']', ''].join('\n');
    const moved = spanOf(code, '{"role": "user", "content": profile}');
    const first = spanOf(code, '{"role": "system", "content": RULES}');
    const last = spanOf(code, '{"role": "user", "content": EXAMPLES}');
    assert.equal(
      applyEdits(code, [moveItemAfter(code, FILE, moved, first, last)]),
      ['messages=[', '    {"role": "system", "content": RULES},', '    {"role": "user", "content": EXAMPLES},', '    {"role": "user", "content": profile},', ']', ''].join('\n'),
    );
  });
});

test('withRoutePrefix keeps a provider route', () => {
  assert.equal(withRoutePrefix('openai/gpt-4o', 'gpt-4o-mini'), 'openai/gpt-4o-mini');
  assert.equal(withRoutePrefix('gpt-4o', 'gpt-4o-mini'), 'gpt-4o-mini');
});
