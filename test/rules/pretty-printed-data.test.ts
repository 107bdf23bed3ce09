import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactJson, minifyJson } from '../../server/src/engine/rules/prompt-structure';
import { lines, runRuleTests } from './rule-tester';

const ORDERS = JSON.stringify(
  [
    { order_id: 'A-1001', status: 'shipped', total_usd: 129.99, items: ['keyboard', 'mouse'] },
    { order_id: 'A-1002', status: 'pending', total_usd: 89.5, items: ['monitor'] },
  ],
  null,
  2,
);

const pythonWithSystem = (system: string) =>
  lines(
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    `SYSTEM = """${system}"""`,
    '',
    '',
    'def answer(question: str) -> str:',
    '    response = client.chat.completions.create(',
    '        model="gpt-4o-mini",',
    '        max_tokens=300,',
    '        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}],',
    '    )',
    '    return response.choices[0].message.content',
  );

const tsWithSystem = (system: string) =>
  lines(
    "import OpenAI from 'openai';",
    '',
    'const client = new OpenAI();',
    '',
    `const SYSTEM = \`${system}\`;`,
    '',
    'export async function answer(question: string) {',
    '  const response = await client.chat.completions.create({',
    "    model: 'gpt-4o-mini',",
    '    max_tokens: 300,',
    "    messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: question }],",
    '  });',
    '  return response.choices[0].message.content;',
    '}',
  );

const pythonDumps = (dumps: string) =>
  lines(
    'import json',
    '',
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    '',
    'def answer(question: str, orders: list[dict]) -> str:',
    '    response = client.chat.completions.create(',
    '        model="gpt-4o-mini",',
    '        max_tokens=300,',
    `        messages=[{"role": "system", "content": f"Orders:\\n{${dumps}}"}, {"role": "user", "content": question}],`,
    '    )',
    '    return response.choices[0].message.content',
  );

const tsStringify = (stringify: string) =>
  lines(
    "import OpenAI from 'openai';",
    '',
    'const client = new OpenAI();',
    '',
    'export async function answer(question: string, orders: object[]) {',
    '  const response = await client.chat.completions.create({',
    "    model: 'gpt-4o-mini',",
    '    max_tokens: 300,',
    `    messages: [{ role: 'system', content: \`Orders:\\n\${${stringify}}\` }, { role: 'user', content: question }],`,
    '  });',
    '  return response.choices[0].message.content;',
    '}',
  );

runRuleTests('pretty-printed-data', {
  valid: [
    { name: 'compact JSON in static text', language: 'python', code: pythonWithSystem(`Answer from these orders: ${JSON.stringify(JSON.parse(ORDERS))}`) },
    { name: 'compact JSON in static text (TS)', language: 'typescript', code: tsWithSystem(`Answer from these orders: ${JSON.stringify(JSON.parse(ORDERS))}`) },
    { name: 'json.dumps without indent', language: 'python', code: pythonDumps('json.dumps(orders)') },
    { name: 'json.dumps with indent=None', language: 'python', code: pythonDumps('json.dumps(orders, indent=None)') },
    { name: 'JSON.stringify without space', language: 'typescript', code: tsStringify('JSON.stringify(orders)') },
    { name: 'JSON.stringify with space 0', language: 'typescript', code: tsStringify('JSON.stringify(orders, null, 0)') },
    { name: 'a small indented JSON output template saves under 10 tokens', language: 'python', code: pythonWithSystem('Reply as JSON:\n{\n  "label": "positive"\n}') },
    { name: 'indented text that is not JSON (a template with ellipses) is left alone', language: 'typescript', code: tsWithSystem('Reply as:\n{\n    "label": ...,\n    "reasons": [...],\n    "confidence": ...,\n    "quotes": [...],\n    "language": ...\n}') },
    {
      name: 'a reply template (arrays of one example element) is the shape of the reply, not data',
      language: 'python',
      code: pythonWithSystem(
        'Return JSON like this:\n' +
          JSON.stringify({ nodes: [{ label: 'Node name', type: 'module|class|function', description: 'One sentence' }], edges: [{ source: 'A', target: 'B', label: 'calls', weight: 1 }] }, null, 2),
      ),
    },
    { name: 'test files are not reported', language: 'python', file: 'tests/test_answer.py', code: pythonWithSystem(`Orders:\n${ORDERS}`) },
  ],
  invalid: [
    {
      name: 'indented JSON in a static constant: minified in place',
      language: 'python',
      code: pythonWithSystem(`Orders:\n${ORDERS}`),
      errors: [{ line: 5, messageIncludes: ['indented JSON', 'tokens per call', '/month at 1,000 calls/day, the workspace default'] }],
      output: pythonWithSystem(`Orders:\n${JSON.stringify(JSON.parse(ORDERS))}`),
      unsafe: true,
    },
    {
      name: 'indented JSON in a static constant: minified in place (TS)',
      language: 'typescript',
      code: tsWithSystem(`Orders:\n${ORDERS}\nAnswer briefly.`),
      errors: [{ line: 5, messageIncludes: 'indented JSON' }],
      output: tsWithSystem(`Orders:\n${JSON.stringify(JSON.parse(ORDERS))}\nAnswer briefly.`),
      unsafe: true,
    },
    {
      name: 'json.dumps(orders, indent=2): the fix drops the indent',
      language: 'python',
      code: pythonDumps('json.dumps(orders, indent=2)'),
      errors: [{ line: 12, messageIncludes: ['`json.dumps(orders, indent=2)`', 'measured on sample records', 'Larger data saves proportionally more'] }],
      output: pythonDumps('json.dumps(orders)'),
      unsafe: true,
    },
    {
      name: 'json.dumps with indent and other options keeps the options',
      language: 'python',
      code: pythonDumps('json.dumps(orders, indent=4, ensure_ascii=False)'),
      errors: [{ line: 12 }],
      output: pythonDumps('json.dumps(orders, ensure_ascii=False)'),
      unsafe: true,
    },
    {
      name: 'JSON.stringify(orders, null, 2): the fix drops the replacer and the space',
      language: 'typescript',
      code: tsStringify('JSON.stringify(orders, null, 2)'),
      errors: [{ line: 9, messageIncludes: '`JSON.stringify(orders, null, 2)`' }],
      output: tsStringify('JSON.stringify(orders)'),
      unsafe: true,
    },
    {
      name: 'indented HTML is reported without a fix',
      language: 'typescript',
      code: tsWithSystem(
        ['Answer from this table.', '<table>', ...Array.from({ length: 8 }, (_, i) => `        <tr>\n            <td>order ${i}</td>\n        </tr>`), '</table>'].join('\n'),
      ),
      errors: [{ line: 5, messageIncludes: ['indented HTML/XML', 'left to you'] }],
      output: null,
    },
  ],
});

test('minifyJson removes whitespace between tokens only; compactJson keeps long data one record a line', () => {
  assert.equal(minifyJson('{ "a b": [1, 2],\n  "c": "x  y" }'), '{"a b":[1,2],"c":"x  y"}');
  const records = Array.from({ length: 5 }, (_, i) => ({ id: i, note: 'a note long enough to make the whole array long' }));
  const compact = compactJson(JSON.stringify(records, null, 2));
  assert.deepEqual(JSON.parse(compact), records);
  assert.equal(compact.split('\n').length, 7);
  assert.ok(compact.split('\n').every((line) => line.length < 200));
});
