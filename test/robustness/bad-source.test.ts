/**
 * Bad source: the engine yields what it can from a broken file and never throws; the CLI reports a broken file
 * once and analyses the rest of the workspace.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyze, makeWorkspace, modelsOf, PY_CALL, PY_HEADER, readyParsers, scanJson, TS_CALL, TS_HEADER } from './helpers';

before(readyParsers);

/** Hang guard: these inputs took minutes before the work was bounded; a linear pass takes well under a second. */
const HANG_GUARD = { timeout: 60_000 };
/** No budget cut: these tests are about the work being linear, not about the budget. */
const NO_BUDGET = { budgetMs: 600_000 };

describe('the engine on broken Python', () => {
  test('a syntax error before a call: the call is still found and the error reported', () => {
    const result = analyze('app.py', `${PY_HEADER}def broken(:\n    pass\n${PY_CALL}`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
    assert.equal(result.errors.length > 0, true);
  });

  test('an unterminated string after a call', () => {
    const result = analyze('app.py', `${PY_HEADER}${PY_CALL}tail = "never closed\n`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
  });

  test('an unterminated triple-quoted string after a call', () => {
    const result = analyze('app.py', `${PY_HEADER}${PY_CALL}DOC = """never closed\n${'text\n'.repeat(5000)}`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
  });

  test('unbalanced brackets before a call', () => {
    const result = analyze('app.py', `${PY_HEADER}x = foo(((\n${PY_CALL}`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
  });

  test('NUL bytes: not Python source, one error, no throw', () => {
    const result = analyze('app.py', `${PY_HEADER}\u0000${PY_CALL}`);
    assert.deepEqual(modelsOf(result), []);
    assert.deepEqual(result.errors.map((e) => e.message), ['not Python source: the file contains NUL bytes']);
  });

  test('a byte order mark and CRLF line endings give the same calls as plain text', () => {
    const plain = analyze('app.py', `${PY_HEADER}${PY_CALL}`);
    const bom = analyze('app.py', `\uFEFF${PY_HEADER}${PY_CALL}`);
    const crlf = analyze('app.py', `${PY_HEADER}${PY_CALL}`.replace(/\n/g, '\r\n'));
    assert.deepEqual(modelsOf(bom), modelsOf(plain));
    assert.deepEqual(modelsOf(crlf), modelsOf(plain));
    assert.deepEqual(modelsOf(plain), ['gpt-4o']);
  });

  test('mixed tabs and spaces in a function body', () => {
    const body = PY_CALL.trimEnd();
    const result = analyze('app.py', `${PY_HEADER}def handle():\n\tx = 1\n        ${body}\n\treturn x\n`);
    // Tree-sitter reads a tab as reaching the next multiple of eight, as Python 2 did: the body parses.
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
    assert.deepEqual(result.errors, []);
  });

  test('5,000-deep nesting does not throw; the call after it is found', HANG_GUARD, () => {
    const result = analyze('app.py', `${PY_HEADER}x = ${'['.repeat(5000)}${']'.repeat(5000)}\n${PY_CALL}`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
  });

  test('a 200,000-character string literal in the prompt is counted, not a hang', HANG_GUARD, () => {
    const prompt = 'Please kindly read the ticket. '.repeat(6452).slice(0, 200_000);
    const result = analyze('app.py', `${PY_HEADER}PROMPT = "${prompt}"\nreply = client.chat.completions.create(model="gpt-4o", max_tokens=5, messages=[{"role": "user", "content": PROMPT}])\n`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
    assert.equal(result.callSites[0].tokens.static > 10_000, true);
    assert.equal(result.findings.some((f) => f.rule === 'verbose-phrasing'), true);
  });

  test('5,000 calls in one file are all priced', HANG_GUARD, () => {
    const result = analyze('app.py', PY_HEADER + PY_CALL.replace('max_tokens=100, ', '').repeat(5000), undefined, NO_BUDGET);
    assert.equal(result.callSites.length, 5000);
    assert.equal(result.findings.filter((f) => f.rule === 'missing-max-tokens').length, 5000);
  });
});

describe('the engine on broken TypeScript', () => {
  test('a syntax error before a call', () => {
    const result = analyze('app.ts', `${TS_HEADER}function broken( {\n}\n${TS_CALL}`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
    assert.equal(result.errors.length > 0, true);
  });

  test('an unterminated template literal after a call', () => {
    const result = analyze('app.ts', `${TS_HEADER}${TS_CALL}const tail = \`never closed \${x\n`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
  });

  test('NUL bytes, a byte order mark and CRLF do not change the calls found', () => {
    const plain = analyze('app.ts', `${TS_HEADER}${TS_CALL}`);
    assert.deepEqual(modelsOf(plain), ['gpt-4o']);
    assert.deepEqual(modelsOf(analyze('app.ts', `\uFEFF${TS_HEADER}${TS_CALL}`)), ['gpt-4o']);
    assert.deepEqual(modelsOf(analyze('app.ts', `${TS_HEADER}${TS_CALL}`.replace(/\n/g, '\r\n'))), ['gpt-4o']);
    assert.deepEqual(modelsOf(analyze('app.ts', `${TS_HEADER}const nul = "\u0000";\n${TS_CALL}`)), ['gpt-4o']);
  });

  test('5,000-deep nesting is reported as too deep, not thrown', HANG_GUARD, () => {
    const result = analyze('app.ts', `${TS_HEADER}const x = ${'['.repeat(5000)}${']'.repeat(5000)};\n${TS_CALL}`);
    assert.deepEqual(result.errors.map((e) => e.message), ['The file is nested too deeply to analyse.']);
  });

  test('20,000 unbalanced braces', HANG_GUARD, () => {
    const result = analyze('app.ts', `${TS_HEADER}${TS_CALL}${'{\n'.repeat(20_000)}`);
    assert.equal(result.errors.length > 0, true);
  });

  test('a 200,000-character string literal in the prompt', HANG_GUARD, () => {
    const prompt = 'Please kindly read the ticket. '.repeat(6452).slice(0, 200_000);
    const result = analyze('app.ts', `${TS_HEADER}const PROMPT = "${prompt}";\nconst r = await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 5, messages: [{ role: 'user', content: PROMPT }] });\n`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
    assert.equal(result.callSites[0].tokens.static > 10_000, true);
  });

  test('a 20,000-term string concatenation', HANG_GUARD, () => {
    const result = analyze('app.ts', `${TS_HEADER}const P = "a"${' + "a"'.repeat(20_000)};\nconst r = await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 5, messages: [{ role: 'user', content: P }] });\n`);
    assert.deepEqual(modelsOf(result), ['gpt-4o']);
  });

  test('5,000 calls in one file are all priced', HANG_GUARD, () => {
    const result = analyze('app.ts', TS_HEADER + TS_CALL.replace('max_tokens: 100, ', '').repeat(5000), undefined, NO_BUDGET);
    assert.equal(result.callSites.length, 5000);
  });
});

describe('the CLI on a workspace with broken files', () => {
  test('invalid UTF-8 is read with replacement characters; the call is found', () => {
    const bytes = Buffer.concat([Buffer.from(`${PY_HEADER}NOTE = "`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(`"\n${PY_CALL}`)]);
    const root = makeWorkspace({ 'app.py': bytes });
    const report = scanJson([root], root);
    assert.deepEqual(report.callSites.map((c) => [c.file, c.model]), [['app.py', 'gpt-4o']]);
  });

  test('a broken file is reported once, by name; the rest of the workspace is analysed', () => {
    const root = makeWorkspace({
      'broken.ts': `${TS_HEADER}function a( {\nfunction b( {\nfunction c( {\n${TS_CALL}`,
      'good.py': `${PY_HEADER}${PY_CALL}`,
    });
    const report = scanJson([root], root);
    assert.deepEqual(report.problems.map((p) => p.file), ['broken.ts']);
    assert.match(report.problems[0].message, /\(and \d+ more\)$/);
    assert.deepEqual(report.callSites.map((c) => c.file).sort(), ['broken.ts', 'good.py']);
  });
});
