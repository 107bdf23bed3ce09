import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordsAsCsv, tableKeys } from '../../server/src/engine/rules/row-data-format';
import { lines, runRuleTests } from './rule-tester';

const QUEUES = [
  { queue_id: 'billing', handles: 'invoices and refunds', business_hours_only: true },
  { queue_id: 'shipping', handles: 'deliveries and returns', business_hours_only: true },
  { queue_id: 'account', handles: 'logins and passwords', business_hours_only: false },
  { queue_id: 'abuse', handles: 'spam and fraud reports', business_hours_only: false },
];

const pythonWithSystem = (system: string) =>
  lines(
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    `SYSTEM = """${system}"""`,
    '',
    '',
    'def route(ticket: str) -> str:',
    '    response = client.chat.completions.create(',
    '        model="gpt-4o-mini",',
    '        max_tokens=10,',
    '        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": ticket}],',
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
    'export async function route(ticket: string) {',
    '  const response = await client.chat.completions.create({',
    "    model: 'gpt-4o-mini',",
    '    max_tokens: 10,',
    "    messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: ticket }],",
    '  });',
    '  return response.choices[0].message.content;',
    '}',
  );

const pythonBuilt = (rows: string, serialised: string) =>
  lines(
    'import json',
    '',
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    '',
    'def answer(question: str, orders) -> str:',
    `    rows = ${rows}`,
    '    response = client.chat.completions.create(',
    '        model="gpt-4o-mini",',
    '        max_tokens=300,',
    `        messages=[{"role": "system", "content": f"Orders:\\n{${serialised}}"}, {"role": "user", "content": question}],`,
    '    )',
    '    return response.choices[0].message.content',
  );

const tsBuilt = (rows: string) =>
  lines(
    "import OpenAI from 'openai';",
    '',
    'const client = new OpenAI();',
    '',
    'export async function answer(question: string, orders: { id: string; status: string; total: number; placedAt: string }[]) {',
    `  const rows = ${rows};`,
    '  const response = await client.chat.completions.create({',
    "    model: 'gpt-4o-mini',",
    '    max_tokens: 300,',
    "    messages: [{ role: 'system', content: `Orders:\\n${JSON.stringify(rows)}` }, { role: 'user', content: question }],",
    '  });',
    '  return response.choices[0].message.content;',
    '}',
  );

const csv = 'queue_id,handles,business_hours_only\nbilling,invoices and refunds,true\nshipping,deliveries and returns,true';

runRuleTests('row-data-format', {
  valid: [
    { name: 'records already as CSV', language: 'python', code: pythonWithSystem(`Queues:\n${csv}`) },
    { name: 'records already as CSV (TS)', language: 'typescript', code: tsWithSystem(`Queues:\n${csv}`) },
    { name: 'two records are an example, not a table', language: 'python', code: pythonWithSystem(`Queues: ${JSON.stringify(QUEUES.slice(0, 2))}`) },
    { name: 'records of different shapes', language: 'typescript', code: tsWithSystem(`Events: ${JSON.stringify([{ a: 1, b: 2 }, { c: 3, d: 4 }, { e: 5, f: 6 }])}`) },
    {
      name: 'records whose values are mostly nested JSON',
      language: 'python',
      code: pythonWithSystem(`Items: ${JSON.stringify(Array.from({ length: 4 }, (_, i) => ({ id: i, meta: { a: i }, tags: ['x'] })))}`),
    },
    { name: 'json.dumps of a single record', language: 'python', code: pythonBuilt('{"id": orders[0].id, "status": orders[0].status}', 'json.dumps(rows)') },
    {
      name: 'JSON.stringify of name/description pairs built by .map (a short configuration list)',
      language: 'typescript',
      code: tsBuilt('orders.map((o) => ({ name: o.id, description: o.status }))'),
    },
    { name: 'JSON.stringify of an array of strings', language: 'typescript', code: tsBuilt('orders.map((o) => o.id)') },
    { name: 'test files are not reported', language: 'python', file: 'tests/test_route.py', code: pythonWithSystem(`Queues: ${JSON.stringify(QUEUES)}`) },
  ],
  invalid: [
    {
      name: 'a JSON array of records in static text',
      language: 'python',
      code: pythonWithSystem(`Queues: ${JSON.stringify(QUEUES)}`),
      errors: [{ line: 5, messageIncludes: ['4 records repeat the keys queue_id, handles, business_hours_only', 'As CSV', 'counted with o200k_base', '/month at 1,000 calls/day, the workspace default'] }],
      output: null,
    },
    {
      name: 'pretty-printed records in static text: measured against compact JSON',
      language: 'typescript',
      code: tsWithSystem(`Queues:\n${JSON.stringify(QUEUES, null, 2)}`),
      errors: [{ line: 5, messageIncludes: ['as compact JSON', 'as written'] }],
      output: null,
    },
    {
      name: 'one JSON record a line',
      language: 'typescript',
      code: tsWithSystem(`Queues:\n${QUEUES.map((q) => JSON.stringify(q)).join('\n')}`),
      errors: [{ line: 5, messageIncludes: '4 records' }],
    },
    {
      name: 'json.dumps of records built by a comprehension: the assumed record count is said',
      language: 'python',
      code: pythonBuilt('[{"order_id": o.id, "status": o.status, "total_usd": o.total} for o in orders]', 'json.dumps(rows)'),
      errors: [{ line: 13, messageIncludes: ['`json.dumps(rows)`', 'tokens per record', 'an assumption: the code does not say how many'] }],
      output: null,
    },
    {
      name: 'JSON.stringify of records built by .map',
      language: 'typescript',
      code: tsBuilt('orders.map((o) => ({ orderId: o.id, status: o.status, total: o.total, placedAt: o.placedAt }))'),
      errors: [{ line: 10, messageIncludes: ['`JSON.stringify(rows)`', 'orderId, status, total and 1 more'] }],
      output: null,
    },
  ],
});

test('tableKeys accepts records sharing keys and rejects lists that are not tables', () => {
  assert.deepEqual(tableKeys(QUEUES), ['queue_id', 'handles', 'business_hours_only']);
  assert.equal(tableKeys(QUEUES.slice(0, 2)), null);
  assert.equal(tableKeys([1, 2, 3]), null);
  assert.equal(tableKeys([{ a: 1 }, { a: 2 }, { a: 3 }]), null);
});

test('recordsAsCsv quotes fields holding commas, quotes or line breaks, and writes nested values as JSON', () => {
  assert.equal(
    recordsAsCsv([{ a: 'x, y', b: 'say "hi"' }, { a: null, b: [1, 2] }], ['a', 'b']),
    'a,b\n"x, y","say ""hi"""\n,"[1,2]"',
  );
});
