/**
 * row-data-format: an array of records with the same keys sent as JSON, in static prompt text or serialised
 * from data (`json.dumps(rows)`, `JSON.stringify(rows)`). Every record repeats every key name with its quotes
 * and braces; a header row and one row per record (CSV, TSV, a markdown table) says each key once.
 * No fix: the format is a design choice the prompt's instructions and the reply parser may depend on.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { PromptPart, Value } from '../model';
import { isTestFile } from './call-facts';
import { jsonSerializerCall } from './json-serializer-call';
import { minifyJson, parseJson, structuredRegions } from './prompt-structure';
import { describePart, DYNAMIC_MARK, formatCallsPerDay, inputTokensPerMonth, isConversationTurn, isInstructionPart, writtenText } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';
import { DEFAULT_MIN_TOKENS_SAVED } from './verbose-phrasing';

/** Fewer records than this are an example, not a table. */
const MIN_RECORDS = 3;
const MIN_KEYS = 2;
/**
 * Records built from data with two keys are mostly short configuration lists (routes, tools, categories: a name
 * and a description), where the keys are a few tokens next to the values; row data has more fields.
 */
const MIN_BUILT_KEYS = 3;
/** Records sent per call when the code builds them from data and does not say how many (an assumption, said as such). */
const ASSUMED_RECORDS_PER_CALL = 50;

function minTokensSaved(config: unknown): number {
  const value = (config as { minTokensSaved?: unknown } | null | undefined)?.minTokensSaved;
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? value : DEFAULT_MIN_TOKENS_SAVED;
}

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The shared keys when `values` is a list of records a table holds well: at least 3 records of 2+ keys, every
 * key in at least half of them, and few nested values (a table of JSON blobs saves nothing). Null otherwise.
 */
export function tableKeys(values: readonly unknown[]): string[] | null {
  if (values.length < MIN_RECORDS || !values.every(isRecord)) return null;
  const records = values as JsonRecord[];
  const counts = new Map<string, number>();
  let fields = 0;
  let nested = 0;
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      fields++;
      if (typeof value === 'object' && value !== null) nested++;
    }
  }
  const keys = [...counts.keys()];
  if (keys.length < MIN_KEYS || [...counts.values()].some((count) => count * 2 < records.length)) return null;
  if (nested * 4 > fields) return null;
  return keys;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The records as CSV: a header of the keys, one row per record. */
export function recordsAsCsv(records: readonly JsonRecord[], keys: readonly string[]): string {
  return [keys.map(csvField).join(','), ...records.map((record) => keys.map((key) => csvField(record[key])).join(','))].join('\n');
}

/** Record lists in the written text: JSON arrays of records, and runs of one-record-a-line JSON objects. */
function recordLists(text: string): { start: number; end: number; records: JsonRecord[]; keys: string[] }[] {
  const found: { start: number; end: number; records: JsonRecord[]; keys: string[] }[] = [];
  let run: { start: number; end: number; records: JsonRecord[] } | null = null;
  const flush = () => {
    const keys = run ? tableKeys(run.records) : null;
    if (run && keys) found.push({ ...run, keys });
    run = null;
  };
  for (const region of structuredRegions(text)) {
    if (region.kind !== 'json') continue;
    const body = text.slice(region.start, region.end);
    if (body.includes(DYNAMIC_MARK)) continue;
    const parsed = parseJson(body) ?? jsonLines(body);
    if (!parsed) {
      flush();
      continue;
    }
    if (Array.isArray(parsed.value)) {
      flush();
      const keys = tableKeys(parsed.value);
      if (keys) found.push({ start: region.start, end: region.end, records: parsed.value as JsonRecord[], keys });
      continue;
    }
    // One record a line (JSON Lines), with only whitespace or commas between them.
    const between = run ? text.slice(run.end, region.start) : '';
    if (run && isRecord(parsed.value) && /^[\s,]*$/.test(between)) {
      run.records.push(parsed.value);
      run.end = region.end;
    } else {
      flush();
      if (isRecord(parsed.value)) run = { start: region.start, end: region.end, records: [parsed.value] };
    }
  }
  flush();
  return found;
}

/** `{…}\n{…}` (JSON Lines, commas allowed at line ends) as the list of its values; undefined when a line does not parse. */
function jsonLines(body: string): { value: unknown[] } | undefined {
  const values: unknown[] = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = parseJson(line.trim().replace(/,$/, ''));
    if (!parsed) return undefined;
    values.push(parsed.value);
  }
  return { value: values };
}

function money(analyzed: AnalyzedCallSite, saved: number): { text: string; perMonth: number | null } {
  const perMonth = inputTokensPerMonth(analyzed, saved);
  return { text: perMonth !== null ? ` (≈ ${formatUsd(perMonth)}/month at ${formatCallsPerDay(analyzed)})` : '', perMonth };
}

function keyList(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).join(', ');
  return keys.length > 3 ? `${shown} and ${keys.length - 3} more` : shown;
}

function checkStaticPart(context: FileRuleContext, analyzed: AnalyzedCallSite, part: PromptPart): RuleFinding | null {
  const text = writtenText(part);
  const lists = recordLists(text);
  if (lists.length === 0) return null;
  const tokenizer = analyzed.tokens.tokenizer;
  let asWritten = 0;
  let asCompactJson = 0;
  let asCsv = 0;
  for (const list of lists) {
    asWritten += context.countTokens(text.slice(list.start, list.end), tokenizer);
    asCompactJson += context.countTokens(minifyJson(text.slice(list.start, list.end)), tokenizer);
    asCsv += context.countTokens(recordsAsCsv(list.records, list.keys), tokenizer);
  }
  // Measured against compact JSON, so the saving does not repeat what pretty-printed-data reports.
  const saved = asCompactJson - asCsv;
  if (saved < minTokensSaved(context.config)) return null;
  const records = lists.reduce((sum, list) => sum + list.records.length, 0);
  const { text: perMonthText, perMonth } = money(analyzed, saved);
  const site = analyzed.site;
  const inThisFile = part.span.file === context.file;
  return {
    file: context.file,
    span: inThisFile ? part.span : site.span,
    callSiteId: site.id,
    message:
      `Records as JSON in ${describePart(part)}: ${records} records repeat the keys ${keyList(lists[0].keys)} in every record. ` +
      `As CSV (a header and one row per record) they take ≈ ${formatTokens(asCsv)} tokens instead of ${formatTokens(asCompactJson)} as compact JSON (${formatTokens(asWritten)} as written), ` +
      `counted with ${tokenizer}: ≈ ${formatTokens(saved)} tokens saved per call${perMonthText}.`,
    savingPerMonth: perMonth ?? undefined,
    related: inThisFile ? undefined : [{ span: part.span, message: 'the prompt text' }],
    fixes: [],
  };
}

/** The keys of the records a serialised value holds: a comprehension / `.map` building one record shape, or a literal list of records. */
function builtRecordKeys(value: Value): string[] | null {
  if (value.kind !== 'array') return null;
  const objectKeys = (item: Value) => (item.kind === 'object' && !item.open ? item.entries.map((entry) => entry.key) : null);
  if (value.repeated) {
    const keys = value.items[0] ? objectKeys(value.items[0]) : null;
    return keys && keys.length >= MIN_BUILT_KEYS ? keys : null;
  }
  const shapes = value.items.map(objectKeys);
  if (shapes.some((keys) => keys === null)) return null;
  const keys = tableKeys(shapes.map((keys) => Object.fromEntries((keys as string[]).map((key) => [key, '']))));
  return keys && keys.length >= MIN_BUILT_KEYS ? keys : null;
}

function checkSerializedPiece(context: FileRuleContext, analyzed: AnalyzedCallSite, part: PromptPart, pieceIndex: number): RuleFinding | null {
  const piece = part.pieces[pieceIndex];
  const serializer = jsonSerializerCall(piece);
  if (!serializer || piece.kind !== 'dynamic') return null;
  const keys = builtRecordKeys(serializer.value);
  if (!keys) return null;
  const tokenizer = analyzed.tokens.tokenizer;
  // Per record: the key names, quotes and braces JSON repeats, measured on a record of short values.
  const sample = Object.fromEntries(keys.map((key) => [key, 'x']));
  const perRecord = context.countTokens(JSON.stringify(sample) + ',', tokenizer) - context.countTokens(recordsAsCsv([sample], keys).split('\n')[1] + '\n', tokenizer);
  if (perRecord <= 0) return null;
  const literal = serializer.value.kind === 'array' && !serializer.value.repeated ? serializer.value.items.length : null;
  const records = literal ?? ASSUMED_RECORDS_PER_CALL;
  const saved = perRecord * records;
  if (saved < minTokensSaved(context.config)) return null;
  const { text: perMonthText, perMonth } = money(analyzed, saved);
  const volume = literal !== null ? `for its ${literal} records` : `at ${ASSUMED_RECORDS_PER_CALL} records a call (an assumption: the code does not say how many)`;
  return {
    file: context.file,
    span: piece.span.file === context.file ? piece.span : analyzed.site.span,
    callSiteId: analyzed.site.id,
    message:
      `Records as JSON in ${describePart(part)}: \`${serializer.expression}\` repeats the keys ${keyList(keys)} in every record, ≈ ${formatTokens(perRecord)} tokens per record that a CSV header would say once (counted with ${tokenizer}). ` +
      `${volume[0].toUpperCase()}${volume.slice(1)}, that is ≈ ${formatTokens(saved)} tokens per call${perMonthText}.`,
    savingPerMonth: perMonth ?? undefined,
    fixes: [],
  };
}

export const rowDataFormat: Rule = {
  meta: {
    id: 'row-data-format',
    defaultSeverity: 'info',
    description: 'Records with the same keys sent as JSON in a prompt, where a header and one row per record (CSV, TSV, a table) say each key once.',
    fixable: 'none',
    docs: {
      whatItDoes:
        'Finds lists of records that share their keys sent as JSON inside a prompt: a JSON array (or one JSON object a line) of at least 3 records in static prompt text, or `json.dumps(rows)` / `JSON.stringify(rows)` of a list built from data (a comprehension or `.map` that makes one record shape of at least 3 keys, or a literal list of such records; two-key lists built in code are mostly short configuration lists such as routes or tools, a name and a description). For static text the message gives the tokens of the records as CSV against compact JSON (and as written), counted with the model\'s tokenizer, and the dollars a month; for records built from data, the tokens each record repeats, times the literal count or an assumed 50 records a call (said as such). Records with many nested values are left alone (a table of JSON blobs saves nothing), as are savings under 10 tokens per call (`minTokensSaved`), calls to models whose input costs nothing (local models), test files and user turns of a conversation history.',
      whyBad:
        'JSON repeats every key, with its quotes, colon and braces, in every record. For tabular data the model reads a header and rows just as well, and the key names are paid once instead of once per record, on every call.',
      severityNote:
        '`info` by default: on the judged corpus (27 public repositories) it reported three findings before two-key lists built in code were left out, none worth acting on (0 of 3: route and script lists of a name and a description), and reports none now, so there is no precision to claim a warning with. Raise it to `warning` in prompt-cost.config.json where prompts carry tables of records.',
      fixSafety:
        'No fix: the format of the data is a design choice, not a mechanical edit. The prompt\'s own instructions and the code that parses the reply may refer to the JSON form (field names as keys, "return the same JSON"), and CSV drops the difference between `1` and `"1"` and between `null` and an empty string, so a converter could change what the model is told. Convert by hand (`csv.DictWriter`, `pandas.DataFrame.to_csv`, a markdown table) where the data is tabular.',
      incorrect: [
        {
          language: 'python',
          code: `import json

from openai import OpenAI

client = OpenAI()


def answer(question: str, orders) -> str:
    rows = [{"order_id": o.id, "status": o.status, "total_usd": o.total, "placed_at": o.placed_at} for o in orders]
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=300,
        messages=[
            {"role": "system", "content": f"Answer questions about these orders:\\n{json.dumps(rows)}"},
            {"role": "user", "content": question},
        ],
    )
    return response.choices[0].message.content
`,
        },
        {
          language: 'typescript',
          code: `import OpenAI from 'openai';

const client = new OpenAI();

const SYSTEM = \`Route the ticket to one of these queues. Reply with the queue id only.
[{"queue_id":"billing","handles":"invoices and refunds","business_hours_only":true},{"queue_id":"shipping","handles":"deliveries and returns","business_hours_only":true},{"queue_id":"account","handles":"logins and passwords","business_hours_only":false},{"queue_id":"abuse","handles":"spam and fraud reports","business_hours_only":false}]\`;

export async function route(ticket: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 10,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: ticket },
    ],
  });
  return response.choices[0].message.content;
}
`,
        },
      ],
      correct: [
        {
          language: 'typescript',
          code: `import OpenAI from 'openai';

const client = new OpenAI();

const SYSTEM = \`Route the ticket to one of these queues. Reply with the queue id only.
queue_id,handles,business_hours_only
billing,invoices and refunds,true
shipping,deliveries and returns,true
account,logins and passwords,false
abuse,spam and fraud reports,false\`;

export async function route(ticket: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 10,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: ticket },
    ],
  });
  return response.choices[0].message.content;
}
`,
        },
      ],
    },
  },
  check(context) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const analyzed of context.callSites) {
      // Test code calls mocked clients: its prompts cost nothing per call.
      if (analyzed.site.kind !== 'generation' || isTestFile(analyzed.site.file)) continue;
      for (const part of analyzed.site.promptParts) {
        if (!isInstructionPart(part) || isConversationTurn(analyzed, part) || (analyzed.cost !== null && analyzed.cost.price.inputPerMTok === 0)) continue;
        // A constant shared by several calls is reported once.
        const key = part.pieces.map((piece) => (piece.span ? `${piece.span.file}:${piece.span.start}` : '?')).join('|');
        if (seen.has(key)) continue;
        seen.add(key);
        if (part.pieces.some((piece) => piece.kind === 'text')) {
          const finding = checkStaticPart(context, analyzed, part);
          if (finding) findings.push(finding);
        }
        part.pieces.forEach((_, index) => {
          const finding = checkSerializedPiece(context, analyzed, part, index);
          if (finding) findings.push(finding);
        });
      }
    }
    return findings;
  },
};
