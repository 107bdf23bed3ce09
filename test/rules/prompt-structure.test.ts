import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchingBracket, overlapsRegion, structuredRegions, type StructureKind } from '../../server/src/engine/rules/prompt-structure';

/** The kinds and texts of the regions found in `text`. */
function regionsOf(text: string): { kind: StructureKind; text: string }[] {
  return structuredRegions(text).map((region) => ({ kind: region.kind, text: text.slice(region.start, region.end) }));
}

const prose = 'You are a support assistant. Answer in one sentence.';

const cases: { name: string; block: string; kind: StructureKind }[] = [
  { name: 'pretty-printed JSON records', kind: 'json', block: '[\n  {\n    "id": 1,\n    "status": "ACTIVE"\n  },\n  {\n    "id": 2,\n    "status": "ACTIVE"\n  }\n]' },
  { name: 'a JSON template with a placeholder', kind: 'json', block: '{"answer": "\uFFFC", "confidence": 0.5}' },
  { name: 'YAML mapping', kind: 'yaml', block: 'customer:\n  name: Ada\n  plan: pro' },
  { name: 'CSV rows', kind: 'csv', block: 'id,name,price\n1,Widget,129.99\n2,Gadget,89.50' },
  { name: 'TSV rows', kind: 'tsv', block: 'id\tname\n1\tWidget' },
  { name: 'a markdown table', kind: 'table', block: '| id | name |\n|---|---|\n| 1 | Widget |' },
  { name: 'HTML rows', kind: 'markup', block: '<table>\n  <tr><td>shipped</td></tr>\n  <tr><td>shipped</td></tr>\n</table>' },
  { name: 'fenced code', kind: 'code', block: '```python\nprint("hi")\nprint("hi")\n```' },
  { name: 'records on one line each', kind: 'records', block: '- name: Ada, plan: pro, status: ACTIVE\n- name: Bob, plan: team, status: ACTIVE' },
];

for (const { name, block, kind } of cases) {
  test(`structuredRegions finds ${name} between prose`, () => {
    const text = `${prose}\n\n${block}\n\n${prose}`;
    assert.deepEqual(regionsOf(text), [{ kind, text: block }]);
  });
}

test('indented code after a line ending in a colon is a region; an indented list is not', () => {
  const code = '    def total(items):\n        return sum(items)';
  assert.deepEqual(regionsOf(`Use this helper:\n${code}\nThen answer.`), [{ kind: 'code', text: code }]);
  assert.deepEqual(regionsOf('Rules:\n    - answer briefly\n    - cite the source'), []);
});

test('prose is not structure: labelled lines, commas in sentences, XML section tags around prose', () => {
  assert.deepEqual(regionsOf('Note: answer briefly.\nTone: friendly and calm.'), []);
  assert.deepEqual(regionsOf('Read the text, find the dates, and list them.\nKeep it short, clear, and exact.\nUse ISO dates, nothing else, no prose.'), []);
  const tagged = '<instructions>\nSummarize the article in three bullet points.\n</instructions>';
  const inside = tagged.indexOf('Summarize');
  assert.equal(overlapsRegion(structuredRegions(tagged), inside, inside + 20), false);
});

test('matchingBracket skips brackets inside JSON strings and rejects mismatched ones', () => {
  assert.equal(matchingBracket('{"a": "}]"}', 0), 11);
  assert.equal(matchingBracket('{"a": [1}', 0), -1);
  assert.equal(matchingBracket('[1, 2', 0), -1);
});

test('overlapsRegion is true only for ranges that touch a region', () => {
  const regions = [{ kind: 'json' as const, start: 10, end: 20 }];
  assert.equal(overlapsRegion(regions, 0, 10), false);
  assert.equal(overlapsRegion(regions, 19, 25), true);
  assert.equal(overlapsRegion(regions, 20, 30), false);
  assert.equal(overlapsRegion(regions, 15, 15), true);
});
