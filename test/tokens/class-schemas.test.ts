/**
 * Output schemas and tools given as classes or schema objects: a pydantic model defined in the file or imported
 * from the workspace is read into the JSON schema pydantic itself produces (`model_json_schema()`, pydantic 2.13,
 * copied below), and LangChain's `bind_tools([...])` / `with_structured_output(...)` bind what the later
 * invocation sends. Fixtures: test/fixtures/requests/class_schemas/.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { scanPaths } from '../../server/src/cli/scan';
import type { AnalyzedCallSite } from '../../server/src/engine/analyze';
import type { Value } from '../../server/src/engine/model';
import { countTokens, UNRESOLVED_SCHEMA_TOKENS, UNRESOLVED_TOOL_TOKENS } from '../../server/src/engine/tokens';
import { REPO_ROOT } from './helpers';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const LINE_ITEM = { properties: { description: { description: 'What was bought', title: 'Description', type: 'string' }, amount: { title: 'Amount', type: 'number' } }, required: ['description', 'amount'], title: 'LineItem', type: 'object' };
const INVOICE_PROPERTIES = {
  vendor: { description: 'Company that issued the invoice', title: 'Vendor', type: 'string' },
  total: { description: 'Total amount, taxes included', title: 'Total', type: 'number' },
  currency: { default: 'EUR', enum: ['EUR', 'USD', 'GBP'], title: 'Currency', type: 'string' },
  due_date: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, title: 'Due Date' },
  items: { items: { $ref: '#/$defs/LineItem' }, title: 'Items', type: 'array' },
  paid: { default: false, title: 'Paid', type: 'boolean' },
};
/** `Invoice.model_json_schema()` from pydantic 2.13. */
const INVOICE_SCHEMA = { $defs: { LineItem: LINE_ITEM }, description: 'An invoice extracted from an email.', properties: INVOICE_PROPERTIES, required: ['vendor', 'total', 'items'], title: 'Invoice', type: 'object' };
/** `Refund.model_json_schema()`: Invoice's fields, then its own; no docstring, so no description. */
const REFUND_SCHEMA = {
  $defs: { LineItem: LINE_ITEM },
  properties: { ...INVOICE_PROPERTIES, reason: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, description: 'Why the money goes back', title: 'Reason' } },
  required: ['vendor', 'total', 'items'],
  title: 'Refund',
  type: 'object',
};
const SENTIMENT_SCHEMA = { properties: { label: { title: 'Label', type: 'string' }, score: { title: 'Score', type: 'number' } }, required: ['label', 'score'], title: 'Sentiment', type: 'object' };

function json(value: Value): Json {
  switch (value.kind) {
    case 'string':
      return value.pieces.map((piece) => (piece.kind === 'text' ? piece.text : '?')).join('');
    case 'number':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map(json);
    case 'object':
      return Object.fromEntries(value.entries.map((entry) => [entry.key, json(entry.value)]));
    default:
      return `<${value.kind}>`;
  }
}

let python: AnalyzedCallSite[] = [];

before(async () => {
  const result = await scanPaths({ paths: ['test/fixtures/requests/class_schemas'], cwd: REPO_ROOT });
  python = result.files.filter((file) => file.file.endsWith('app.py')).flatMap((file) => file.callSites);
});

test('the Python fixture has its five calls', () => {
  assert.equal(python.length, 5);
});

test('an imported pydantic model passed as response_format is its JSON schema, as pydantic writes it', () => {
  const [parse] = python;
  const schema = parse.site.requestSettings?.outputSchema;
  assert.ok(schema);
  assert.equal(JSON.stringify(json(schema)), JSON.stringify(INVOICE_SCHEMA));
  assert.equal(parse.tokens.schema, countTokens(JSON.stringify(INVOICE_SCHEMA), 'o200k_base'));
  assert.ok(parse.tokens.schema > UNRESOLVED_SCHEMA_TOKENS, 'the real schema is larger than the unresolved estimate');
  assert.match(parse.tokens.requestNotes!.join(' '), /JSON schema of Invoice/);
});

test('a model defined in the file (text_format) and an inherited imported model (instructor response_model) resolve too', () => {
  const [, responses, instructorCall] = python;
  assert.equal(JSON.stringify(json(responses.site.requestSettings!.outputSchema!)), JSON.stringify(SENTIMENT_SCHEMA));
  assert.equal(responses.tokens.schema, countTokens(JSON.stringify(SENTIMENT_SCHEMA), 'o200k_base'));
  assert.equal(JSON.stringify(json(instructorCall.site.requestSettings!.outputSchema!)), JSON.stringify(REFUND_SCHEMA));
});

test('LangChain with_structured_output(Model).invoke(...) counts the model schema on the invocation', () => {
  const structured = python[3];
  assert.equal(structured.site.requestSettings?.outputSchemaParam, 'schema');
  assert.equal(structured.tokens.schema, countTokens(JSON.stringify(INVOICE_SCHEMA), 'o200k_base'));
});

test('LangChain bind_tools([Model, function]).invoke(...) counts the model as a tool and estimates the function', () => {
  const bound = python[4];
  assert.equal(bound.site.requestSettings?.tools.length, 2);
  assert.equal(JSON.stringify(json(bound.site.requestSettings!.tools[0])), JSON.stringify(SENTIMENT_SCHEMA));
  assert.ok((bound.tokens.tools ?? 0) >= UNRESOLVED_TOOL_TOKENS + 10);
  assert.match(bound.tokens.requestNotes!.join(' '), /not readable statically \(get_weather\)/);
});

/** What the engine reads from `z.object({...})` (the zod builders are turned into the JSON schema they describe). */
const RECIPE_SCHEMA = {
  type: 'object',
  properties: { name: { type: 'string', description: 'Recipe name' }, minutes: { type: 'number' }, steps: { type: 'array', items: { type: 'string' } } },
  required: ['name', 'minutes', 'steps'],
};

test('TypeScript: a zod schema imported from another file counts in zodResponseFormat, generateObject and withStructuredOutput', async () => {
  const result = await scanPaths({ paths: ['test/fixtures/requests/class_schemas'], cwd: REPO_ROOT });
  const sites = result.files.filter((file) => file.file.endsWith('app.ts')).flatMap((file) => file.callSites);
  assert.equal(sites.length, 4);
  const expected = countTokens(JSON.stringify(RECIPE_SCHEMA), 'o200k_base');
  assert.deepEqual(sites.slice(0, 3).map((site) => site.tokens.schema), [expected, expected, expected]);
  assert.equal(sites[2].site.requestSettings?.outputSchemaParam, 'schema', 'withStructuredOutput binds the schema');
  // bindTools([...]).invoke(...): the bound function, by the cookbook recipe (7 + name:description + 3 + 3 + city:string: + 12).
  assert.equal(sites[3].tokens.tools, 7 + countTokens('get_weather:Weather for a city', 'o200k_base') + 3 + 3 + countTokens('city:string:', 'o200k_base') + 12);
});
