/**
 * Incremental re-analysis (ParseReuse): after any sequence of edits, analysing a document with the parse state of its
 * previous text must give exactly what a fresh analysis of the new text gives.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeFile, languageOf, ParseReuse, prepareLanguages, type FileAnalysis } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { textChangeBetween } from '../../server/src/engine/languages/parse-reuse';

const REPO_ROOT = path.join(__dirname, '..', '..', '..');
const config = defaultConfig();

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...sourceFiles(full));
    else if (languageOf(name) === 'python' || languageOf(name) === 'typescript') found.push(full);
  }
  return found;
}

const SEEDS = sourceFiles(path.join(REPO_ROOT, 'examples')).map((full) => ({ file: path.relative(REPO_ROOT, full).split(path.sep).join('/'), text: readFileSync(full, 'utf8') }));

/** Fresh analyses compared as plain data (no functions, no shared objects). */
function comparable(analysis: unknown): unknown {
  return JSON.parse(JSON.stringify(analysis));
}

// Fragments that break and mend the syntax: quotes, brackets, indentation, f-string braces, comments, non-ASCII.
const FRAGMENTS = ['x', ' ', '\n', '\n    ', '"', "'", '"""', '`', '(', ')', '{', '}', '[', ']', ',', ':', '#', '//', '/*', '\\', 'é', '😀', '\r\n', 'max_tokens=5, ', 'model="gpt-4o", ', 'def f():\n    return 1\n', '${x}', '{x}'];

const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...FRAGMENTS) });

function applyEdit(text: string, { at, remove, insert }: { at: number; remove: number; insert: string }): string {
  const start = Math.min(text.length, Math.floor(at * text.length));
  return text.slice(0, start) + insert + text.slice(Math.min(text.length, start + remove));
}

test('textChangeBetween finds the one changed region', () => {
  assert.equal(textChangeBetween('abc', 'abc'), null);
  assert.deepEqual(textChangeBetween('abcdef', 'abXYdef'), { start: 2, oldEnd: 3, newEnd: 4 });
  assert.deepEqual(textChangeBetween('aaaa', 'aaaaa'), { start: 4, oldEnd: 4, newEnd: 5 });
  assert.deepEqual(textChangeBetween('abc', ''), { start: 0, oldEnd: 3, newEnd: 0 });
  fc.assert(
    fc.property(fc.string(), fc.string(), (before, after) => {
      const change = textChangeBetween(before, after);
      if (change === null) return before === after;
      return before.slice(0, change.start) + after.slice(change.start, change.newEnd) + before.slice(change.oldEnd) === after;
    }),
  );
});

/** The change by character-by-character comparison, as a reference for the block-wise search. */
function naiveChangeBetween(before: string, after: string) {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before[start] === after[start]) start++;
  let suffix = 0;
  while (suffix < shorter - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

test('textChangeBetween on long texts finds the smallest change, across block boundaries and repeated text', () => {
  // Texts of a few thousand characters from a small alphabet: long equal runs, and edits whose bounds are ambiguous.
  const longText = fc.array(fc.constantFrom('a', 'b', '\n', 'x'), { minLength: 0, maxLength: 3000 }).map((chars) => chars.join(''));
  fc.assert(
    fc.property(longText, fc.nat(), fc.nat({ max: 600 }), fc.string({ maxLength: 300 }), (before, at, remove, insert) => {
      const start = before.length === 0 ? 0 : at % (before.length + 1);
      const after = before.slice(0, start) + insert + before.slice(start + remove);
      assert.deepEqual(textChangeBetween(before, after), naiveChangeBetween(before, after));
    }),
    { numRuns: 300 },
  );
});

test('an analysis reusing the previous parse equals a fresh analysis, after every edit of a random sequence', async () => {
  await prepareLanguages(['python', 'typescript']);
  assert.ok(SEEDS.length >= 10, `expected the example apps' source files, found ${SEEDS.length}`);
  fc.assert(
    fc.property(fc.constantFrom(...SEEDS), fc.array(edit, { minLength: 1, maxLength: 8 }), (seed, edits) => {
      const reuse = new ParseReuse();
      try {
        let text = seed.text;
        analyzeFile(seed.file, text, isolatedContext, config, { reuse });
        for (const step of edits) {
          text = applyEdit(text, step);
          const incremental = analyzeFile(seed.file, text, isolatedContext, config, { reuse });
          const fresh = analyzeFile(seed.file, text, isolatedContext, config);
          const where = `${seed.file} after inserting ${JSON.stringify(step.insert)}`;
          if (fresh.language === 'python' && fresh.errors.some((error) => error.message.startsWith('syntax error'))) {
            // Python error recovery may use what was typed since the last clean text (see the next test): the
            // calls can differ, the syntax errors and comments (from the text as written) cannot.
            assert.deepEqual(comparable(incremental.errors), comparable(fresh.errors), where);
            assert.deepEqual(comparable(incremental.comments), comparable(fresh.comments), where);
          } else {
            assert.deepEqual(comparable(incremental), comparable(fresh), where);
          }
        }
      } finally {
        reuse.dispose();
      }
    }),
    { numRuns: 150, seed: 20261125 },
  );
});

test('typing into a prompt string re-analyses the call with the new text (incrementally)', async () => {
  await prepareLanguages(['python']);
  const reuse = new ParseReuse();
  const file = 'app.py';
  const before = 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", max_tokens=10, messages=[{"role": "user", "content": "Hi"}])\n';
  const first = analyzeFile(file, before, isolatedContext, config, { reuse });
  const after = before.replace('"Hi"', '"Hi there, please summarise the whole thread"');
  const second = analyzeFile(file, after, isolatedContext, config, { reuse });
  reuse.dispose();
  assert.equal(first.callSites.length, 1);
  assert.equal(second.callSites.length, 1);
  assert.ok(second.callSites[0].tokens.static > first.callSites[0].tokens.static, 'the longer prompt has more input tokens');
});

test('Python: typing an unclosed call into a clean file keeps the calls of the rest of the file', async () => {
  await prepareLanguages(['python']);
  const call = (i: number) => `def ask_${i}(text):\n    return client.chat.completions.create(\n        model="gpt-4o-mini",\n        max_tokens=10,\n        messages=[{"role": "user", "content": "Question ${i}: " + text}],\n    )\n`;
  const clean = `from openai import OpenAI\nclient = OpenAI()\n\n${Array.from({ length: 6 }, (_, i) => call(i)).join('\n')}`;
  const reuse = new ParseReuse();
  try {
    assert.equal(analyzeFile('app.py', clean, isolatedContext, config, { reuse }).callSites.length, 6);
    // Keystroke by keystroke: ` helper(x` typed after `create(` of the second call, never closed.
    let cursor = clean.indexOf('create(', clean.indexOf('def ask_1')) + 'create('.length;
    let text = clean;
    for (const typed of [' ', 'h', 'elper', '(', 'x']) {
      text = text.slice(0, cursor) + typed + text.slice(cursor);
      cursor += typed.length;
      const analysis = analyzeFile('app.py', text, isolatedContext, config, { reuse });
      assert.equal(analysis.callSites.length, 6, `all calls are still found after typing ${JSON.stringify(typed)}`);
    }
    const final = analyzeFile('app.py', text, isolatedContext, config, { reuse });
    assert.ok(final.errors.some((error) => error.message.startsWith('syntax error')), 'the final text is broken');
    // Without the editor's history the same text loses calls to error recovery: the history is what keeps them.
    const fresh = analyzeFile('app.py', text, isolatedContext, config);
    assert.ok(fresh.callSites.length < 6, `a fresh analysis found ${fresh.callSites.length} calls`);
  } finally {
    reuse.dispose();
  }
});
