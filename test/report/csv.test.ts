import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSV_COLUMNS, csvField, renderCsvReport } from '../../server/src/engine/report/csv';
import { sampleReport } from './sample-report';

/**
 * An RFC 4180 parser: records end with CRLF, fields are separated by commas, a field in double quotes may hold
 * commas, CR, LF and doubled quotes. Throws on anything else, so a malformed file fails the test.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const atRecordEnd = () => text.startsWith('\r\n', i);
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && !atRecordEnd()) throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < text.length && text[i] !== ',' && !atRecordEnd()) {
        if (text[i] === '"' || text[i] === '\r' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
    } else if (atRecordEnd()) {
      i += 2;
      records.push(record);
      record = [];
    } else if (i >= text.length) {
      throw new Error('the last record does not end with CRLF');
    }
  }
  if (record.length > 0) throw new Error('unterminated record');
  return records;
}

test('the test parser handles quotes, commas and line breaks', () => {
  assert.deepEqual(parseCsv('a,"b,""c""",\r\n"x\r\ny",1,2\r\n'), [
    ['a', 'b,"c"', ''],
    ['x\r\ny', '1', '2'],
  ]);
  assert.throws(() => parseCsv('a,b"c\r\n'));
  assert.throws(() => parseCsv('a,b'));
});

test('fields are quoted only when they must be', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(null), '');
  assert.equal(csvField(0.00123), '0.00123');
});

test('csv parses back: a header, one record per call site by monthly cost, every value intact', () => {
  const rows = parseCsv(renderCsvReport(sampleReport()));
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  assert.equal(rows.length, 5);
  const records = rows.slice(1).map((row) => Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, row[index]])));
  assert.ok(rows.every((row) => row.length === CSV_COLUMNS.length));
  assert.deepEqual(
    records.map((r) => [r.file, r.line, r.model, r.costPerMonthUsd]),
    [
      ['app/chat.py', '10', 'gpt-4o', '300'],
      ['web/a,b "x".ts', '3', 'claude-haiku-4-5', '60'],
      ['app/jobs.py', '5', 'gpt-4o-mini', '1.5'],
      ['app/chat.py', '30', '', ''],
    ],
  );
  assert.deepEqual(
    { ...records[0] },
    {
      file: 'app/chat.py',
      line: '10',
      column: '12',
      language: 'python',
      provider: 'openai',
      api: 'chat.completions.create',
      model: 'gpt-4o',
      modelSource: 'literal',
      feature: 'support',
      outputCapParam: 'max_tokens',
      outputCapValue: '300',
      staticTokens: '120',
      dynamicTokensEstimate: '50',
      overheadTokens: '7',
      tokenizer: 'o200k_base',
      expectedOutputTokens: '300',
      expectedOutputSource: 'the cap (300)',
      callsPerDay: '1000',
      usageSource: 'annotation',
      usageDetail: 'annotation on line 9',
      priceRow: 'gpt-4o',
      costPerCallUsd: '0.01',
      costPerMonthUsd: '300',
      findings: '2',
      savingPerMonthUsd: '350',
      pricesSource: 'prices-x',
      pricesAsOf: '2026-09-23',
      unpricedReason: '',
      howToPrice: '',
      runtimeModel: '',
      modelAssumptionSource: '',
      cell: '',
      inputTokens: '177',
      systemTokens: '',
      messageTokens: '',
      toolTokens: '0',
      schemaTokens: '0',
      imageTokens: '0',
    },
  );
  assert.equal(records[2].usageDetail, 'usage.files["app/jobs.py"]');
  assert.equal(records[3].findings, '1');
  assert.equal(records[3].unpricedReason, 'no price');
});
