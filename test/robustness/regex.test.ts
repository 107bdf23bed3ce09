/**
 * Regular expressions over user text: none may backtrack super-linearly. Two checks:
 * 1. every regex literal in server/src is free of nested unbounded quantifiers (`(a+)+`, `(\s*x)*`), the shape
 *    of exponential backtracking;
 * 2. the functions that run regexes over file text, comments, prompts and config values finish on 150,000-character
 *    inputs built from each pattern's worst characters (quadratic patterns took minutes on these before they
 *    were rewritten: `/\s+$/`, `/\s*\n\s*\/g`, `[\s\S]*\s*-?%\}$`, per-match line scans in verbose-phrasing).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import ts from 'typescript';
import { oneLine } from '../../server/src/cli/scan';
import { mentionsLlmSdk } from '../../server/src/cli/files';
import { parseConfig } from '../../server/src/engine/config';
import { parseUsageAnnotation } from '../../server/src/engine/config/usage';
import { generatedReason } from '../../server/src/engine/limits';
import { ignoreDirectives } from '../../server/src/engine/rules';
import { dominantQuote } from '../../server/src/engine/rules/fix-edits';
import { judgeTask } from '../../server/src/engine/task-kind';
import { countTokens } from '../../server/src/engine/tokens';
import { pointsOutsideWorkspace, withoutOutsidePaths } from '../../server/src/lsp/settings';
import { analyze, PY_HEADER, readyParsers, REPO_ROOT, TS_HEADER } from './helpers';

before(readyParsers);

/** A linear pass over 150k characters takes well under a second; the quadratic patterns above took minutes. */
const HANG_GUARD = { timeout: 30_000 };
/** Every stage runs: no skipping of dense text as minified, no budget cut. */
const EVERY_STAGE = { includeGenerated: true, budgetMs: 600_000 };
const N = 150_000;

/** Each string is the worst case of some pattern: long runs that almost match and then fail at the end. */
const ADVERSARIAL: Record<string, string> = {
  spaces: ' '.repeat(N) + 'x',
  tabs: '\t'.repeat(N) + 'x',
  'mixed whitespace': ' \t\u00a0'.repeat(N / 3) + 'x',
  'spaces then a break': ' '.repeat(N) + '\nx',
  'words without punctuation': 'please kindly '.repeat(N / 14),
  'sentence starts': '- Please. '.repeat(N / 10),
  quotes: '"'.repeat(N - 1) + "'",
  'unclosed quotes': ('"' + 'a'.repeat(99)).repeat(N / 100),
  backslashes: '\\'.repeat(N),
  'comment markers': '*/ '.repeat(N / 3),
  'annotation keys': 'prompt-cost: '.repeat(N / 13),
  'calls-per-day keys': 'calls-per-day= '.repeat(N / 15),
  'template tags': '{% elif' + ' '.repeat(N) + 'x',
  'braces': '{{'.repeat(N / 2),
  'dots': '../'.repeat(N / 3),
  'digits': '1'.repeat(N),
  'negations': 'do not '.repeat(N / 7),
};

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts')) files.push(full);
  }
  return files;
}

/** Every regex literal in server/src with its place. */
function regexLiterals(): { where: string; source: string }[] {
  const found: { where: string; source: string }[] = [];
  const srcRoot = path.join(REPO_ROOT, 'server', 'src');
  for (const file of sourceFiles(srcRoot)) {
    const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sourceFile);
        const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
        found.push({ where: `${path.relative(srcRoot, file)}:${line}`, source: text.slice(1, text.lastIndexOf('/')) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

/**
 * True when a group holding an unbounded quantifier (`*`, `+`, `{n,}`) is itself repeated without bound:
 * the star height above one that makes backtracking exponential.
 */
export function hasNestedUnboundedQuantifier(source: string): boolean {
  const isUnboundedAt = (at: number) => source[at] === '*' || source[at] === '+' || (source[at] === '{' && /^\{\d+,\}/.test(source.slice(at, at + 12)));
  /** Per open group: whether it holds an unbounded quantifier. */
  const groups: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') groups.push(false);
    else if (ch === ')') {
      const inner = groups.pop() ?? false;
      const repeated = isUnboundedAt(i + 1);
      if (inner && repeated) return true;
      if (groups.length > 0 && (inner || repeated)) groups[groups.length - 1] = true;
    } else if (isUnboundedAt(i) && groups.length > 0) groups[groups.length - 1] = true;
  }
  return false;
}

describe('regex inventory', () => {
  test('the nesting check recognises the exponential shapes', () => {
    assert.equal(hasNestedUnboundedQuantifier('(a+)+'), true);
    assert.equal(hasNestedUnboundedQuantifier('^(\\s*x)*$'), true);
    assert.equal(hasNestedUnboundedQuantifier('(?:(?:ab)+c)*'), true);
    assert.equal(hasNestedUnboundedQuantifier('(?:\\w+\\s+){0,2}$'), false);
    assert.equal(hasNestedUnboundedQuantifier('[(+)]+'), false);
    assert.equal(hasNestedUnboundedQuantifier('(a|b)+'), false);
  });

  test('no regex literal in server/src nests unbounded quantifiers', () => {
    const literals = regexLiterals();
    assert.equal(literals.length > 100, true, `only ${literals.length} regex literals found: the scan is broken`);
    assert.deepEqual(literals.filter((r) => hasNestedUnboundedQuantifier(r.source)).map((r) => `${r.where} /${r.source}/`), []);
  });
});

describe('regexes over user text finish on adversarial input', () => {
  for (const [name, input] of Object.entries(ADVERSARIAL)) {
    test(`${name}: comments, annotations, config values, headers, quotes, paths, tokens`, HANG_GUARD, () => {
      assert.equal(typeof ignoreDirectives([{ line: 0, text: `# prompt-cost-ignore-next-line ${input}` }]).lines.size, 'number');
      parseUsageAnnotation({ line: 0, text: `# prompt-cost: ${input}` });
      assert.equal(oneLine(`a\n${input}\nb`).includes('\n'), false);
      assert.equal(parseConfig(`{ "include": ${JSON.stringify(input)} }`, 'c.json').hasOwnProperty('error'), true);
      generatedReason('x.ts', `// ${input}\n${input}`);
      assert.equal(dominantQuote(input, 'python').length, 1);
      pointsOutsideWorkspace(input);
      withoutOutsidePaths({ [input]: input });
      mentionsLlmSdk(input);
      judgeTask(input);
      assert.equal(countTokens(input.slice(0, 100_000), 'o200k_base') > 0, true);
    });

    test(`${name}: as prompt text through every rule (Python and TypeScript)`, HANG_GUARD, () => {
      const literal = JSON.stringify(input);
      const py = analyze('a.py', `${PY_HEADER}P = ${literal}\nr = client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": P}, {"role": "user", "content": P.strip()}])\n`, undefined, EVERY_STAGE);
      assert.equal(py.callSites.length, 1);
      const tsText = `${TS_HEADER}const P = ${literal};\nconst r = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: P }, { role: 'user', content: \`\${P}\`.trim() }] });\n`;
      assert.equal(analyze('a.ts', tsText, undefined, EVERY_STAGE).callSites.length, 1);
    });

    test(`${name}: in a .prompty template`, HANG_GUARD, () => {
      const prompty = `---\nname: t\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n---\nsystem:\n${input}\n\nuser:\n{% elif${input} %}\n{{ ${input} }}\n`;
      assert.equal(analyze('t.prompty', prompty, undefined, EVERY_STAGE).language, 'prompty');
    });
  }
});
