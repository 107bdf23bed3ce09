import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { defaultConfig } from '../../server/src/engine/config';
import type { Severity } from '../../server/src/engine/model';
import { ignoreDirectives, ruleIds, RULES, runRules } from '../../server/src/engine/rules';
import type { FileRuleContext, Rule } from '../../server/src/engine/rules/rule';
import { LineIndex } from '../../server/src/engine/text';
import { analyzeCase, findingsOf, ready } from './rule-tester';

/** A file of six lines; the fake rules report a finding at the start of each line they are given. */
const TEXT = 'line0\nline1\nline2\nline3\nline4\nline5\n';
const lines = new LineIndex(TEXT);

function fakeRule(id: string, atLines: number[], defaultSeverity: Rule['meta']['defaultSeverity'] = 'warning', calls?: { count: number }): Rule {
  return {
    meta: {
      id,
      defaultSeverity,
      description: id,
      fixable: 'none',
      docs: { whatItDoes: '', whyBad: '', fixSafety: '', incorrect: [], correct: [] },
    },
    check(context) {
      if (calls) calls.count++;
      return atLines.map((line) => ({ file: context.file, span: { file: context.file, start: lines.lineStart(line), end: lines.lineStart(line) + 5 }, message: `${id} at ${line}`, fixes: [] }));
    },
  };
}

const context: FileRuleContext = {
  file: 'app.py',
  text: TEXT,
  language: 'python',
  lines,
  callSites: [],
  config: {},
  costWithModel: () => null,
  countTokens: (text) => text.length,
};

function run(comments: { line: number; text: string }[], severities: Record<string, Severity> = {}, rules = [fakeRule('rule-a', [1, 3]), fakeRule('rule-b', [1, 3], 'info')]) {
  return runRules(context, severities, comments, rules).map((f) => `${f.rule}:${lines.position(f.span.start).line}:${f.severity}`);
}

describe('runRules with ignore comments', () => {
  test('no comments: every finding, sorted by position then rule, at the default severity', () => {
    assert.deepEqual(run([]), ['rule-a:1:warning', 'rule-b:1:info', 'rule-a:3:warning', 'rule-b:3:info']);
  });

  test('ignore-next-line without rules silences every rule on the next line only', () => {
    assert.deepEqual(run([{ line: 0, text: ' prompt-cost-ignore-next-line' }]), ['rule-a:3:warning', 'rule-b:3:info']);
  });

  test('ignore-next-line with a rule silences only that rule', () => {
    assert.deepEqual(run([{ line: 2, text: 'prompt-cost-ignore-next-line rule-b' }]), ['rule-a:1:warning', 'rule-b:1:info', 'rule-a:3:warning']);
  });

  test('rule lists may be comma separated and carry a reason after --', () => {
    assert.deepEqual(run([{ line: 0, text: 'prompt-cost-ignore-next-line rule-a, rule-b -- reviewed, the cap is set upstream' }]), ['rule-a:3:warning', 'rule-b:3:info']);
  });

  test('a comment two lines above does not count', () => {
    assert.deepEqual(run([{ line: 1, text: 'prompt-cost-ignore-next-line' }]), ['rule-a:1:warning', 'rule-b:1:info', 'rule-a:3:warning', 'rule-b:3:info']);
  });

  test('comment texts that still carry their # or // marker are read too', () => {
    assert.deepEqual(run([{ line: 0, text: '# prompt-cost-ignore-next-line rule-a' }, { line: 2, text: '// prompt-cost-ignore-next-line rule-b' }]), ['rule-b:1:info', 'rule-a:3:warning']);
  });

  test('ignore-file anywhere silences the whole file; with rules, only those', () => {
    assert.deepEqual(run([{ line: 5, text: 'prompt-cost-ignore-file' }]), []);
    assert.deepEqual(run([{ line: 5, text: 'prompt-cost-ignore-file rule-a' }]), ['rule-b:1:info', 'rule-b:3:info']);
  });

  test('other comments and look-alike words are not directives', () => {
    assert.deepEqual(run([{ line: 0, text: 'see prompt-cost-ignore-next-line in the docs' }, { line: 2, text: 'prompt-cost-ignore-next-lines' }]), [
      'rule-a:1:warning',
      'rule-b:1:info',
      'rule-a:3:warning',
      'rule-b:3:info',
    ]);
  });

  test('directives parse into file and line sets', () => {
    const directives = ignoreDirectives([
      { line: 4, text: 'prompt-cost-ignore-next-line a b' },
      { line: 4, text: 'prompt-cost-ignore-next-line c' },
      { line: 9, text: 'prompt-cost-ignore-file' },
    ]);
    assert.equal(directives.file, 'all');
    assert.deepEqual([...(directives.lines.get(5) as Set<string>)], ['a', 'b', 'c']);
  });
});

describe('runRules with severities from the config', () => {
  test('a configured severity replaces the default', () => {
    assert.deepEqual(run([], { 'rule-a': 'error', 'rule-b': 'warning' }), ['rule-a:1:error', 'rule-b:1:warning', 'rule-a:3:error', 'rule-b:3:warning']);
  });

  test('off turns a rule off without running it', () => {
    const calls = { count: 0 };
    assert.deepEqual(run([], { 'rule-a': 'off' }, [fakeRule('rule-a', [1], 'warning', calls), fakeRule('rule-b', [3], 'info')]), ['rule-b:3:info']);
    assert.equal(calls.count, 0);
  });

  test('a value that is not a severity falls back to the default', () => {
    assert.deepEqual(run([], { 'rule-a': 'loud' as Severity }, [fakeRule('rule-a', [1])]), ['rule-a:1:warning']);
  });
});

test('the registry lists each rule once, with ids for config validation', () => {
  const ids = ruleIds();
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ['verbose-phrasing', 'output-verbosity', 'batch-eligible', 'unbounded-history']) assert.ok(ids.includes(id), id);
  assert.deepEqual(ids, RULES.map((rule) => rule.meta.id));
});

describe('ignore comments through the engine', () => {
  before(ready);

  const python = (comment: string) => `from openai import OpenAI

client = OpenAI()
${comment}
response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=20, messages=[{"role": "user", "content": "I would like you to please make sure to answer yes or no. It is very important that you answer with one word only."}])
`;
  const typescript = (comment: string) => `import OpenAI from 'openai';

const client = new OpenAI();
${comment}
export const response = await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'I would like you to please make sure to answer yes or no. It is very important that you answer with one word only.' }] });
`;

  test('Python # comments', () => {
    assert.equal(findingsOf(analyzeCase({ language: 'python', code: python('x = 1') }), 'verbose-phrasing').length, 1);
    assert.equal(findingsOf(analyzeCase({ language: 'python', code: python('# prompt-cost-ignore-next-line verbose-phrasing') }), 'verbose-phrasing').length, 0);
    assert.equal(findingsOf(analyzeCase({ language: 'python', code: python('# prompt-cost-ignore-next-line output-verbosity') }), 'verbose-phrasing').length, 1);
    assert.equal(findingsOf(analyzeCase({ language: 'python', code: '# prompt-cost-ignore-file\n' + python('') }), 'verbose-phrasing').length, 0);
  });

  test('TypeScript // comments', () => {
    assert.equal(findingsOf(analyzeCase({ language: 'typescript', code: typescript('') }), 'verbose-phrasing').length, 1);
    assert.equal(findingsOf(analyzeCase({ language: 'typescript', code: typescript('// prompt-cost-ignore-next-line') }), 'verbose-phrasing').length, 0);
    assert.equal(findingsOf(analyzeCase({ language: 'typescript', code: typescript('') + '// prompt-cost-ignore-file verbose-phrasing\n' }), 'verbose-phrasing').length, 0);
  });

  test('severity from the config', () => {
    const base = analyzeCase({ language: 'python', code: python('') });
    assert.deepEqual(findingsOf(base, 'verbose-phrasing').map((f) => f.severity), ['info']);
    const config = { ...(defaultConfig()), rules: { 'verbose-phrasing': 'error' } };
    assert.deepEqual(findingsOf(analyzeCase({ language: 'python', code: python(''), config }), 'verbose-phrasing').map((f) => f.severity), ['error']);
    const off = { ...(defaultConfig()), rules: { 'verbose-phrasing': 'off' } };
    assert.deepEqual(findingsOf(analyzeCase({ language: 'python', code: python(''), config: off }), 'verbose-phrasing'), []);
  });
});
