/**
 * pretty-printed-data: data laid out for human eyes inside a prompt. Indented JSON in static prompt text,
 * `json.dumps(x, indent=…)` / `JSON.stringify(x, null, n)` interpolated into a prompt, indented HTML/XML, and
 * columns padded with runs of spaces: the line breaks and indentation are tokens the model does not need.
 * Fix (unsafe, the text changes but not the value): minify static JSON in place, or drop the indent argument.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { Fix, PromptPart, TextEdit } from '../model';
import { isTestFile } from './call-facts';
import { jsonSerializerCall } from './json-serializer-call';
import { compactJson, isIndentedJson, parseJson, structuredRegions } from './prompt-structure';
import { describePart, DYNAMIC_MARK, formatCallsPerDay, inputTokensPerMonth, isConversationTurn, isInstructionPart, writtenText, writtenTextEdit } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';
import { DEFAULT_MIN_TOKENS_SAVED } from './verbose-phrasing';

function minTokensSaved(config: unknown): number {
  const value = (config as { minTokensSaved?: unknown } | null | undefined)?.minTokensSaved;
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? value : DEFAULT_MIN_TOKENS_SAVED;
}

/** One stretch of pretty-printed data in the written text of a part. */
interface Layout {
  kind: 'json' | 'markup' | 'columns';
  start: number;
  end: number;
  /** The same data without the layout. */
  compact: string;
  /** True when `compact` has the same value as the original (JSON), so the fix may write it. */
  sameValue: boolean;
}

const LEADING_INDENT = /^[ \t]+/gm;
/** A run of spaces between two values of a row (`| name      | plan |`, `Ada     pro`). */
const PADDING = /(?<=\S)[ \t]{2,}(?=\S)/g;

/**
 * An object whose arrays hold at most one element is the shape of a reply ("Return JSON like this: {"nodes":
 * [{…}]}"), not data: a few tokens of layout next to the instructions, and what the reply will look like.
 */
function isReplyTemplate(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const arraysHoldOne = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.length <= 1 && node.every(arraysHoldOne);
    if (typeof node === 'object' && node !== null) return Object.values(node).every(arraysHoldOne);
    return true;
  };
  return arraysHoldOne(value);
}

/** True when the call's input tokens cost nothing (a local model): no money to report. */
function isFreeInput(analyzed: AnalyzedCallSite): boolean {
  return analyzed.cost !== null && analyzed.cost.price.inputPerMTok === 0;
}

function layoutsOf(text: string): Layout[] {
  const layouts: Layout[] = [];
  for (const region of structuredRegions(text)) {
    const body = text.slice(region.start, region.end);
    if (body.includes(DYNAMIC_MARK)) continue;
    if (region.kind === 'json') {
      const parsed = parseJson(body);
      if (!isIndentedJson(body) || !parsed || isReplyTemplate(parsed.value)) continue;
      layouts.push({ kind: 'json', start: region.start, end: region.end, compact: compactJson(body), sameValue: true });
    } else if (region.kind === 'markup') {
      const compact = body.replace(LEADING_INDENT, '');
      if (compact !== body) layouts.push({ kind: 'markup', start: region.start, end: region.end, compact, sameValue: false });
    } else if (region.kind === 'table' || region.kind === 'csv' || region.kind === 'tsv' || region.kind === 'records') {
      const compact = body.replace(PADDING, ' ');
      if (compact !== body) layouts.push({ kind: 'columns', start: region.start, end: region.end, compact, sameValue: false });
    }
  }
  return layouts;
}

const LAYOUT_NAMES: Record<Layout['kind'], string> = {
  json: 'indented JSON',
  markup: 'indented HTML/XML',
  columns: 'columns padded with spaces',
};

function savingText(analyzed: AnalyzedCallSite, saved: number, how: string): { text: string; perMonth: number | null } {
  const perMonth = inputTokensPerMonth(analyzed, saved);
  const tokens = `${formatTokens(saved)} token${saved === 1 ? '' : 's'}`;
  return { text: `${how} saves ≈ ${tokens} per call` + (perMonth !== null ? ` (≈ ${formatUsd(perMonth)}/month at ${formatCallsPerDay(analyzed)}).` : '.'), perMonth };
}

function checkStaticPart(context: FileRuleContext, analyzed: AnalyzedCallSite, part: PromptPart): RuleFinding | null {
  const text = writtenText(part);
  const layouts = layoutsOf(text);
  if (layouts.length === 0) return null;
  const tokenizer = analyzed.tokens.tokenizer;
  let saved = 0;
  for (const layout of layouts) saved += context.countTokens(text.slice(layout.start, layout.end), tokenizer) - context.countTokens(layout.compact, tokenizer);
  if (saved < minTokensSaved(context.config)) return null;

  const edits: TextEdit[] = [];
  for (const layout of layouts) {
    if (!layout.sameValue) continue;
    const edit = writtenTextEdit(part, layout.start, layout.end, layout.compact);
    if (edit) edits.push(edit);
  }
  const kinds = [...new Set(layouts.map((layout) => LAYOUT_NAMES[layout.kind]))];
  const { text: savings, perMonth } = savingText(analyzed, saved, 'Writing it compactly');
  const fixes: Fix[] = [];
  if (edits.length > 0) fixes.push({ title: `Minify the JSON in ${describePart(part)} (same value, −${formatTokens(saved)} tokens)`, safe: false, edits });
  const unfixed = layouts.some((layout) => !layout.sameValue)
    ? ' Whitespace in markup and tables can be content, so that part is left to you.'
    : edits.length === 0
      ? ' The text is not a plain literal here, so edit it by hand.'
      : '';
  const site = analyzed.site;
  const inThisFile = part.span.file === context.file;
  return {
    file: context.file,
    span: inThisFile ? part.span : site.span,
    callSiteId: site.id,
    message: `Pretty-printed data in ${describePart(part)}: ${kinds.join(', ')}. ${savings}${unfixed}`,
    savingPerMonth: perMonth ?? undefined,
    related: inThisFile ? undefined : [{ span: part.span, message: 'the prompt text' }],
    fixes,
  };
}

/** Records like the ones prompts carry, to measure what indentation costs with the call's own tokenizer. */
const SAMPLE_RECORDS = [
  { id: 1042, name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro', active: true, tags: ['billing', 'vip'] },
  { id: 1043, name: 'Grace Hopper', email: 'grace@example.com', plan: 'team', active: false, tags: ['support'] },
  { id: 1044, name: 'Alan Turing', email: 'alan@example.com', plan: 'pro', active: true, tags: [] },
];

function checkSerializerPiece(context: FileRuleContext, analyzed: AnalyzedCallSite, part: PromptPart, pieceIndex: number): RuleFinding | null {
  const serializer = jsonSerializerCall(part.pieces[pieceIndex]);
  if (!serializer?.indent) return null;
  const tokenizer = analyzed.tokens.tokenizer;
  const indent = serializer.indent.kind === 'number' ? serializer.indent.value : 2;
  const pretty = context.countTokens(JSON.stringify(SAMPLE_RECORDS, null, Math.max(1, indent)), tokenizer);
  const compact = context.countTokens(JSON.stringify(SAMPLE_RECORDS), tokenizer);
  const share = (pretty - compact) / pretty;
  const perPart = analyzed.tokens.perPart.find((entry) => entry.role === part.role && entry.messageIndex === part.messageIndex);
  const valueTokens = perPart && perPart.dynamicPieces > 0 ? perPart.dynamicEstimate / perPart.dynamicPieces : 0;
  const saved = Math.round(valueTokens * share);
  if (saved < minTokensSaved(context.config)) return null;
  const how = `Dropping the indentation (≈ ${Math.round(share * 100)}% of the tokens of indented records, measured on sample records) from a value estimated at ${formatTokens(Math.round(valueTokens))} tokens`;
  const { text: savings, perMonth } = savingText(analyzed, saved, how);
  const fixes: Fix[] = serializer.dropIndent ? [{ title: `Serialize without indentation (same value, fewer tokens)`, safe: false, edits: [serializer.dropIndent] }] : [];
  const piece = part.pieces[pieceIndex];
  const span = piece.kind === 'dynamic' && piece.span.file === context.file ? piece.span : analyzed.site.span;
  return {
    file: context.file,
    span,
    callSiteId: analyzed.site.id,
    message: `Pretty-printed data in ${describePart(part)}: \`${serializer.expression}\` indents the JSON it puts into the prompt. ${savings} Larger data saves proportionally more.`,
    savingPerMonth: perMonth ?? undefined,
    fixes,
  };
}

export const prettyPrintedData: Rule = {
  meta: {
    id: 'pretty-printed-data',
    defaultSeverity: 'info',
    description: 'Data laid out for people inside a prompt: indented JSON, json.dumps / JSON.stringify with an indent, indented HTML/XML, padded columns.',
    fixable: 'unsafe',
    docs: {
      whatItDoes:
        'Finds data in a prompt that is laid out for a human reader: JSON written with line breaks and indentation in static prompt text, `json.dumps(x, indent=…)` or `JSON.stringify(x, null, n)` interpolated into a prompt, HTML/XML whose lines are indented, and table, CSV or record columns padded with runs of spaces. The message gives the tokens and dollars a month that the compact form saves: for static text measured with the model\'s tokenizer; for a serialised value, the share of tokens indentation takes in sample records (measured with the same tokenizer) applied to the value\'s estimated size, so larger data saves proportionally more. A layout that saves fewer than 10 tokens per call (`minTokensSaved`) is not reported, nor are a reply template (a JSON object whose arrays hold one example element: the shape the reply should take, not data), calls to models whose input costs nothing (local models), test files and user turns of a conversation history.',
      whyBad:
        'Models read compact JSON and unindented markup as well as pretty-printed ones, but every newline and run of indentation is paid as input tokens on every call. In indented JSON records, whitespace is commonly a quarter to a third of the tokens.',
      severityNote:
        '`info` by default: on the judged corpus (27 public repositories) it reports two findings: one correct, one worth only cents a month (1 of 2; 1 of 5 before reply templates and local models were left out). Real code seldom puts indented JSON into a prompt where the engine can see it, and two judged findings cannot show the 90% a warning needs. Raise it to `warning` in prompt-cost.config.json where prompts carry data.',
      fixSafety:
        'Unsafe: the model sees different text, but never different data. Static JSON is minified in place (whitespace between tokens removed, strings untouched; the fix is offered only when the text parses, and the result parses to the same value) when it is a plain literal. For a serialisation call, the fix drops the indentation argument (`indent=2`, or `, null, 2`), which keeps the value. Indented markup and padded columns get no fix: whitespace can be content there (`<pre>`, text nodes, aligned values).',
      incorrect: [
        {
          language: 'python',
          code: `import json

from openai import OpenAI

client = OpenAI()


def answer(question: str, orders: list[dict]) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=300,
        messages=[
            {"role": "system", "content": f"Answer questions about these orders:\\n{json.dumps(orders, indent=2)}"},
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

const SYSTEM = \`Classify the ticket into one of these queues:
[
  {
    "queue": "billing",
    "handles": "invoices, refunds, failed payments"
  },
  {
    "queue": "shipping",
    "handles": "delivery dates, lost parcels, returns"
  },
  {
    "queue": "account",
    "handles": "logins, passwords, profile changes"
  }
]\`;

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
          language: 'python',
          code: `import json

from openai import OpenAI

client = OpenAI()


def answer(question: str, orders: list[dict]) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=300,
        messages=[
            {"role": "system", "content": f"Answer questions about these orders:\\n{json.dumps(orders)}"},
            {"role": "user", "content": question},
        ],
    )
    return response.choices[0].message.content
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
        if (!isInstructionPart(part) || isConversationTurn(analyzed, part) || isFreeInput(analyzed)) continue;
        // A constant shared by several calls is reported once.
        const key = part.pieces.map((piece) => (piece.span ? `${piece.span.file}:${piece.span.start}` : '?')).join('|');
        if (seen.has(key)) continue;
        seen.add(key);
        if (part.pieces.some((piece) => piece.kind === 'text')) {
          const finding = checkStaticPart(context, analyzed, part);
          if (finding) findings.push(finding);
        }
        part.pieces.forEach((_, index) => {
          const finding = checkSerializerPiece(context, analyzed, part, index);
          if (finding) findings.push(finding);
        });
      }
    }
    return findings;
  },
};
