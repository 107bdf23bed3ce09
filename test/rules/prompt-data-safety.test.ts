/**
 * Property: no fix of any rule loses data inside a prompt. Random prompts mix prose (filler, repeated sentences,
 * whitespace runs, numbers) with structured blocks (JSON records, YAML, CSV, TSV, tables, HTML, code, records).
 * After applying every fix of every finding (safe and unsafe), one at a time and all together, each block is
 * byte-identical, or, for JSON rewritten by the format rule made for it, parses to the same value.
 * A seeded PRNG makes every case reproducible: a failure names the seed and the case.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Fix, TextEdit } from '../../server/src/engine/model';
import { compactJson } from '../../server/src/engine/rules/prompt-structure';
import { applyEdits } from '../../server/src/engine/text';
import { Random } from '../fuzz/mutate';
import { analyzeCase, ready } from './rule-tester';

const SEED = Number(process.env.PROMPT_DATA_SEED ?? 20_261_206);
const CASES = 40;
/** The rules made for a data format: the only ones allowed to rewrite a block, and only to the same value. */
const FORMAT_RULES = new Set(['pretty-printed-data', 'row-data-format']);

const PROSE = [
  'You are a support assistant for Acme.',
  'Please answer questions about billing and shipping only.',
  'I would like you to keep every answer under three sentences.',
  'It is very important that you never invent an order number.',
  'Make sure to answer in the language of the question.',
  'The standard plan costs 129.99 per month, e.g. for one seat.',
  'Sorry to bother you, but summarize the ticket first.',
  'I was wondering if you could list the dates in ISO format.',
  'Answer  in  short  words  only.',
  'Thank you!',
];

interface Block {
  kind: string;
  text: string;
  json?: boolean;
}

function record(random: Random, index: number): Record<string, unknown> {
  return {
    customer_id: 1000 + index,
    plan: random.pick(['pro', 'team', 'free']),
    subscription_status_code: 'ACTIVE',
    monthly_price_usd: random.pick([129.99, 89.5, 0]),
    note: random.pick(['paid in full and shipped today', 'please call back, thank you!', 'make sure to refund']),
  };
}

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function block(random: Random, fence: string): Block {
  const rows = Array.from({ length: random.int(2, 5) }, (_, i) => record(random, i));
  switch (random.int(0, 9)) {
    case 0:
      return { kind: 'pretty JSON records', text: JSON.stringify(rows, null, random.pick([2, 4])), json: true };
    case 1:
      return { kind: 'compact JSON', text: JSON.stringify(rows[0]), json: true };
    case 2:
      return { kind: 'YAML', text: rows.map((row) => `- customer_id: ${row.customer_id}\n  plan: ${row.plan}\n  subscription_status_code: ACTIVE`).join('\n') };
    case 3:
      return { kind: 'CSV', text: ['customer_id,plan,status,note', ...rows.map((row) => `${row.customer_id},${row.plan},ACTIVE,${csvField(String(row.note))}`)].join('\n') };
    case 4:
      return { kind: 'TSV', text: ['customer_id\tplan\tnote', ...rows.map((row) => `${row.customer_id}\t${row.plan}\t${row.note}`)].join('\n') };
    case 5:
      return { kind: 'markdown table', text: ['| id   | plan   | note |', '|---|---|---|', ...rows.map((row) => `| ${row.customer_id} | ${row.plan}    | ${row.note} |`)].join('\n') };
    case 6:
      return { kind: 'HTML', text: ['<table>', ...rows.map((row) => `    <tr><td>${row.note}</td><td>${row.monthly_price_usd}</td></tr>`), '</table>'].join('\n') };
    case 7:
      return { kind: 'fenced code', text: [`${fence}python`, 'for row in rows:', '    print("Please make sure to pay.")', '    print("Please make sure to pay.")', fence].join('\n') };
    case 8:
      return { kind: 'records', text: rows.map((row) => `- id: ${row.customer_id}, plan: ${row.plan}, note: ${row.note}`).join('\n') };
    default:
      return { kind: 'one-line JSON records', text: rows.map((row) => JSON.stringify(row)).join('\n') };
  }
}

function prompt(random: Random, fence: string): { text: string; blocks: Block[] } {
  const parts: string[] = [];
  const blocks: Block[] = [];
  const sentence = () => random.pick(PROSE);
  parts.push(sentence() + ' ' + sentence());
  for (let i = random.int(1, 3); i > 0; i--) {
    const b = block(random, fence);
    blocks.push(b);
    parts.push(b.text);
    // Prose repeated around the blocks, so repeat detection has something to find.
    parts.push(sentence() + ' ' + parts[0]);
  }
  return { text: parts.join(random.pick(['\n', '\n\n', '\n\n\n\n'])), blocks };
}

function pythonFile(system: string): string {
  return `from openai import OpenAI

client = OpenAI()

SYSTEM = """${system}
"""


def answer(question: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=300,
        messages=[
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": question},
        ],
    )
    return response.choices[0].message.content
`;
}

function typeScriptFile(system: string): string {
  return `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

const SYSTEM = \`${system}
\`;

export async function answer(question: string) {
  const message = await client.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 300,
    system: SYSTEM,
    messages: [{ role: 'user', content: question }],
  });
  return message.content;
}
`;
}

/** Why a block did not survive `fixed`, or null when it did. */
function blockProblem(b: Block, fixed: string, rules: readonly string[]): string | null {
  if (fixed.includes(b.text)) return null;
  if (b.json && rules.some((rule) => FORMAT_RULES.has(rule))) {
    const compact = compactJson(b.text);
    if (fixed.includes(compact) && JSON.stringify(JSON.parse(compact)) === JSON.stringify(JSON.parse(b.text))) return null;
    return `${b.kind} block rewritten by ${rules.join(', ')} to something other than the same value`;
  }
  return `${b.kind} block changed by ${rules.join(', ')}`;
}

function nonOverlapping(fixes: readonly { rule: string; fix: Fix }[]): { rules: string[]; edits: TextEdit[] } {
  const edits: TextEdit[] = [];
  const rules: string[] = [];
  for (const { rule, fix } of fixes) {
    if (fix.edits.some((edit) => edits.some((other) => edit.start < other.end && other.start < edit.end))) continue;
    edits.push(...fix.edits);
    rules.push(rule);
  }
  return { rules, edits };
}

before(ready);

for (const language of ['python', 'typescript'] as const) {
  test(`no fix changes a structured block of a prompt (${language}, seed ${SEED}, ${CASES} prompts)`, () => {
    const random = new Random(SEED + (language === 'python' ? 0 : 1));
    let fixesChecked = 0;
    const rulesSeen = new Set<string>();
    for (let index = 0; index < CASES; index++) {
      const { text, blocks } = prompt(random, language === 'python' ? '```' : '~~~');
      const code = language === 'python' ? pythonFile(text) : typeScriptFile(text);
      const where = `seed ${SEED}, ${language} case ${index} (rerun with PROMPT_DATA_SEED=${SEED})`;
      const analysis = analyzeCase({ code, language });
      assert.deepEqual(analysis.errors, [], `${where}: the generated file must parse`);
      const fixes = analysis.findings.flatMap((finding) => finding.fixes.map((fix) => ({ rule: finding.rule, fix })));
      for (const { rule, fix } of fixes) {
        rulesSeen.add(rule);
        const fixed = applyEdits(code, fix.edits);
        for (const b of blocks) {
          const problem = blockProblem(b, fixed, [rule]);
          assert.equal(problem, null, `${where}: fix "${fix.title}": ${problem}\n--- block ---\n${b.text}\n--- fixed ---\n${fixed}`);
        }
        fixesChecked++;
      }
      const all = nonOverlapping(fixes);
      const fixed = applyEdits(code, all.edits);
      for (const b of blocks) {
        const problem = blockProblem(b, fixed, all.rules);
        assert.equal(problem, null, `${where}: all fixes together: ${problem}\n--- block ---\n${b.text}\n--- fixed ---\n${fixed}`);
      }
    }
    // The property means something only when fixes were offered, text fixes among them.
    assert.ok(fixesChecked >= CASES, `only ${fixesChecked} fixes were checked`);
    assert.ok(rulesSeen.has('verbose-phrasing'), `rules with fixes: ${[...rulesSeen].join(', ')}`);
  });
}
