/**
 * The rule docs cannot drift: every committed page equals what the generator produces from the rule's
 * metadata, and every example in the docs behaves as the docs say when run through the engine.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { exampleFileName, REPO_ROOT, renderRuleDocs, RULE_DOCS_DIR } from '../../scripts/generate-rule-docs';
import { RULES } from '../../server/src/engine/rules';
import { analyzeCase, findingsOf, ready, typeScriptParseErrors } from './rule-tester';

describe('docs/rules pages', () => {
  let pages: Map<string, string>;
  before(async () => {
    pages = await renderRuleDocs();
  });

  test('every committed page equals the generated one (regenerate: node out/scripts/generate-rule-docs.js)', () => {
    for (const [relative, expected] of pages) {
      let committed: string | undefined;
      try {
        committed = readFileSync(path.join(REPO_ROOT, relative), 'utf8');
      } catch {
        committed = undefined;
      }
      assert.equal(committed, expected, `${relative} is stale or missing`);
    }
  });

  test('there is a page per rule and no page for a rule that does not exist', () => {
    const onDisk = readdirSync(path.join(REPO_ROOT, RULE_DOCS_DIR)).filter((name) => name.endsWith('.md')).sort();
    const expected = [...pages.keys()].map((relative) => path.basename(relative)).sort();
    assert.deepEqual(onDisk, expected);
    assert.equal(expected.length, RULES.length + 1);
  });
});

describe('docs examples run through the engine', () => {
  before(ready);

  for (const rule of RULES) {
    const { id } = rule.meta;
    rule.meta.docs.incorrect.forEach((example, index) => {
      test(`${id}: incorrect example ${index + 1} (${example.language}) is reported`, () => {
        const analysis = analyzeCase({ language: example.language, code: example.code, file: exampleFileName(example) });
        assert.deepEqual(analysis.errors, []);
        assert.ok(findingsOf(analysis, id).length > 0, `no ${id} finding`);
        if (example.language === 'typescript') assert.deepEqual(typeScriptParseErrors(exampleFileName(example), example.code), []);
      });
    });
    rule.meta.docs.correct.forEach((example, index) => {
      test(`${id}: correct example ${index + 1} (${example.language}) is not reported`, () => {
        const analysis = analyzeCase({ language: example.language, code: example.code, file: exampleFileName(example) });
        assert.deepEqual(analysis.errors, []);
        assert.deepEqual(findingsOf(analysis, id).map((f) => f.message), []);
      });
    });
    test(`${id}: has at least one incorrect and one correct example`, () => {
      assert.ok(rule.meta.docs.incorrect.length > 0 && rule.meta.docs.correct.length > 0);
    });
  }
});
