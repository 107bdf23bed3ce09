import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { changesFor, isSentenceStart, PHRASES } from '../../server/src/engine/rules/verbose-phrasing';
import { defaultConfig } from '../../server/src/engine/config';
import { ready, runRuleTests } from './rule-tester';
import { analyzeFile } from '../../server/src/engine/analyze';
import { isolatedContext } from '../../server/src/engine/languages/context';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'prompt-data');

/** Reports every rewrite that saves a token, so small examples can show each kind of filler. */
const EVERY_SAVING = { ...defaultConfig(), minTokensSaved: 1 };

const openAiPython = (system: string) => `from openai import OpenAI

client = OpenAI()


def summarize(text: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=300,
        messages=[
            {"role": "system", "content": "${system}"},
            {"role": "user", "content": text},
        ],
    )
    return response.choices[0].message.content
`;

const openAiTs = (system: string) => `import OpenAI from 'openai';

const client = new OpenAI();

export async function extract(text: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 256,
    messages: [
      { role: 'system', content: '${system}' },
      { role: 'user', content: text },
    ],
  });
  return response.choices[0].message.content;
}
`;

const anthropicConstant = (lineBreak: string) =>
  [
    'import anthropic',
    '',
    'client = anthropic.Anthropic()',
    '',
    'SYSTEM = """You are a support assistant for Acme.',
    'Answer questions about billing and shipping only.',
    '',
    '',
    '',
    'If you do not know the answer, say so.',
    'Answer questions about billing and shipping only.',
    '"""',
    '',
    '',
    'def answer(question: str) -> str:',
    '    message = client.messages.create(',
    '        model="claude-haiku-4-5",',
    '        max_tokens=400,',
    '        system=SYSTEM,',
    '        messages=[{"role": "user", "content": question}],',
    '    )',
    '    return message.content[0].text',
    '',
  ].join(lineBreak);

const anthropicConstantFixed = (lineBreak: string) =>
  anthropicConstant(lineBreak).replace(
    ['Answer questions about billing and shipping only.', '', '', '', 'If you do not know the answer, say so.', 'Answer questions about billing and shipping only.', '"""'].join(lineBreak),
    ['Answer questions about billing and shipping only.', '', 'If you do not know the answer, say so.', '"""'].join(lineBreak),
  );

runRuleTests('verbose-phrasing', {
  valid: [
    {
      name: 'pattern: a rewrite saving a few tokens per call is not reported by default',
      language: 'python',
      code: openAiPython('Please summarize the article in three bullet points.'),
    },
    {
      name: 'pattern: a rewrite saving a few tokens per call is not reported by default (TS)',
      language: 'typescript',
      code: openAiTs('Please extract every date in the text. Thank you!'),
    },
    {
      name: 'pattern: "Hello!" as the whole user turn is a real chat turn',
      language: 'python',
      config: EVERY_SAVING,
      code: openAiPython('Hello!'),
    },
    {
      name: 'pattern: "Hello!" as the whole user turn is a real chat turn (TS)',
      language: 'typescript',
      config: EVERY_SAVING,
      code: openAiTs('Hello!'),
    },
    {
      name: 'pattern: "Think carefully." is a meaningful instruction',
      language: 'python',
      config: EVERY_SAVING,
      code: openAiPython('Think carefully. Then answer with one word.'),
    },
    { language: 'python', code: openAiPython('Summarize the article in three short bullet points.') },
    { language: 'typescript', code: openAiTs('Extract every date in the text as ISO 8601.') },
    // "pleased" is not "please"; short repeated labels are few-shot structure, not repetition.
    { language: 'python', code: openAiPython('Say whether the customer is pleased or upset. Answer: pleased. Answer: upset.') },
    { name: 'an extra blank line alone saves no token', language: 'typescript', code: openAiTs('Extract every date.\\n\\n\\nUse ISO 8601.') },
    {
      name: 'filler in an assistant turn is an example, not an instruction',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI()
reply = client.chat.completions.create(
    model="gpt-4o-mini",
    max_tokens=50,
    messages=[
        {"role": "user", "content": "Greet the customer."},
        {"role": "assistant", "content": "Hello! Please let me know how I can help. Thank you!"},
        {"role": "user", "content": "Greet the customer again."},
    ],
)
`,
    },
    {
      name: 'data: pretty-printed JSON records sharing lines are not repeated sentences (the data-loss regression)',
      language: 'python',
      config: EVERY_SAVING,
      code: readFileSync(path.join(FIXTURES, 'billing_records.py'), 'utf8'),
    },
    {
      name: 'data: a number with a decimal point does not end a sentence',
      language: 'python',
      config: EVERY_SAVING,
      code: openAiPython('The plan costs 129.99 per month for each seat. The add-on costs 129.99 per month for each seat too.'),
    },
    {
      name: 'data: CSV rows repeat values on purpose',
      language: 'typescript',
      config: EVERY_SAVING,
      code: openAiTs('Answer from these rows.\\nsku,status,note\\n1,ACTIVE,paid in full and shipped today\\n2,ACTIVE,paid in full and shipped today\\n3,ACTIVE,paid in full and shipped today'),
    },
    {
      name: 'conversation: "thanks" in a user turn of a history with assistant replies is what a person wrote',
      language: 'python',
      config: EVERY_SAVING,
      code: `from openai import OpenAI

client = OpenAI()
reply = client.chat.completions.create(
    model="gpt-4o-mini",
    max_tokens=50,
    messages=[
        {"role": "system", "content": "You are a travel agent."},
        {"role": "user", "content": "Could you please find me a flight to Lisbon on Friday?"},
        {"role": "assistant", "content": "There is one at 9:40 for 129.99 EUR."},
        {"role": "user", "content": "Thanks, that works. Please book it, if it's not too much trouble."},
    ],
)
`,
    },
    {
      name: 'embeddings are not prompts',
      language: 'typescript',
      code: `import OpenAI from 'openai';

const client = new OpenAI();
export const vector = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'Please make sure to embed this.' });
`,
    },
  ],
  invalid: [
    {
      language: 'python',
      code: openAiPython('Please summarize the article in three bullet points. Make sure to keep each bullet short.'),
      errors: [{ line: 11, messageIncludes: ['"Please"', '"Make sure to"', 'tokens per call', '/month at 1,000 calls/day, the workspace default'] }],
      output: openAiPython('Summarize the article in three bullet points. Keep each bullet short.'),
      unsafe: true,
      config: EVERY_SAVING,
    },
    {
      language: 'typescript',
      code: openAiTs('I would like you to extract every date in the text. It is very important that you answer in ISO format.'),
      errors: [{ line: 10, messageIncludes: ['"I would like you to"', '"It is very important that you"'] }],
      output: openAiTs('Extract every date in the text. Answer in ISO format.'),
      unsafe: true,
      config: EVERY_SAVING,
    },
    {
      name: 'data: prose around an HTML table is still checked, the rows are not',
      language: 'typescript',
      code: readFileSync(path.join(FIXTURES, 'order_table.ts'), 'utf8'),
      errors: [{ line: 6, messageIncludes: 'repeated sentence "Answer in one short sentence and never guess' }],
      output: readFileSync(path.join(FIXTURES, 'order_table.ts'), 'utf8').replace(
        '129.99 means one hundred twenty-nine dollars. Answer in one short sentence and never guess an order number that is not in the table.`',
        '129.99 means one hundred twenty-nine dollars.`',
      ),
      unsafe: true,
    },
    {
      name: 'abbreviations do not split a sentence: the repeat is found whole',
      language: 'python',
      code: openAiPython('List the fees, e.g. the setup fee and the monthly fee, in a table. Then list the fees, e.g. the setup fee and the monthly fee, in a table.'),
      errors: [{ line: 11, messageIncludes: 'repeated sentence "Then list the fees, e.g. the setup fee' }],
      config: EVERY_SAVING,
    },
    {
      name: 'filler: "I was wondering if you could", "it would be great if you could", "sorry to bother you"',
      language: 'python',
      code: openAiPython("Sorry to bother you, but summarize the article. I was wondering if you could list its dates. It would be great if you could keep it short."),
      errors: [{ line: 11, messageIncludes: ['"Sorry to bother you, but"', '"I was wondering if you could"', '"It would be great if you could"'] }],
      output: openAiPython('Summarize the article. List its dates. Keep it short.'),
      unsafe: true,
      config: EVERY_SAVING,
    },
    {
      name: 'filler: "if it\'s not too much trouble" and "if you don\'t mind" (TS)',
      language: 'typescript',
      code: openAiTs("Extract every date, if it\\'s not too much trouble. If you don\\'t mind, use ISO format."),
      errors: [{ line: 10, messageIncludes: ["if it's not too much trouble", "If you don't mind"] }],
      config: EVERY_SAVING,
    },
    {
      name: 'mid-sentence filler goes with one of its spaces',
      language: 'python',
      code: openAiPython('Read the ticket and kindly reply in one sentence, please.'),
      errors: [{ line: 11, messageIncludes: ['"kindly"', '"please"'] }],
      output: openAiPython('Read the ticket and reply in one sentence.'),
      unsafe: true,
      config: EVERY_SAVING,
    },
    {
      name: 'edits only the literal text around an interpolation',
      language: 'typescript',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function sentiment(review: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 16,
    messages: [{ role: 'user', content: \`Please classify the sentiment of this review: \${review}. Thank you!\` }],
  });
  return response.choices[0].message.content;
}
`,
      errors: [{ line: 9, messageIncludes: ['"Please"', '"Thank you"'] }],
      output: `import OpenAI from 'openai';

const client = new OpenAI();

export async function sentiment(review: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 16,
    messages: [{ role: 'user', content: \`Classify the sentiment of this review: \${review}.\` }],
  });
  return response.choices[0].message.content;
}
`,
      unsafe: true,
      config: EVERY_SAVING,
    },
    {
      name: 'runs of spaces between words',
      language: 'python',
      code: openAiPython('Answer  in  French.  Use  short  words  only.'),
      errors: [{ line: 11, messageIncludes: 'runs of whitespace' }],
      output: openAiPython('Answer in French. Use short words only.'),
      unsafe: true,
      config: EVERY_SAVING,
    },
    {
      name: 'repeated sentence and blank lines in a constant (LF)',
      language: 'python',
      code: anthropicConstant('\n'),
      errors: [{ line: 5, messageIncludes: ['repeated sentence "Answer questions about billing and shipping only."', 'runs of whitespace'] }],
      output: anthropicConstantFixed('\n'),
      unsafe: true,
      config: EVERY_SAVING,
    },
    {
      name: 'repeated sentence and blank lines in a constant keep CRLF line endings',
      language: 'python',
      code: anthropicConstant('\r\n'),
      errors: [{ line: 5 }],
      output: anthropicConstantFixed('\r\n'),
      unsafe: true,
      config: EVERY_SAVING,
    },
  ],
});

test('phrase patterns are linear-time: no quantified group contains a quantifier', () => {
  for (const phrase of PHRASES) {
    // Strip group openers like (?: so their `?` is not read as a quantifier, then look for ( ... quantifier ... )quantifier.
    const source = phrase.pattern.replace(/\(\?(?:[:=!]|<[=!])/g, '(').replace(/\\./g, 'x');
    const stack: number[] = [];
    for (let i = 0; i < source.length; i++) {
      if (source[i] === '(') stack.push(i);
      else if (source[i] === ')') {
        const open = stack.pop()!;
        const quantified = /[?*+{]/.test(source[i + 1] ?? '');
        const inner = source.slice(open + 1, i);
        assert.ok(!(quantified && /[*+{]|[^(]\?/.test(inner)), `nested quantifier in ${phrase.pattern}`);
      }
    }
  }
});

test('sentence starts: line starts, after a full stop, after a list marker', () => {
  assert.equal(isSentenceStart('Please go', 0), true);
  assert.equal(isSentenceStart('Done. Please go', 6), true);
  assert.equal(isSentenceStart('- please go', 2), true);
  assert.equal(isSentenceStart('2. please go', 3), true);
  assert.equal(isSentenceStart('and please go', 4), false);
});

test('rewrites keep sentences grammatical', () => {
  const rewrite = (text: string) => {
    let result = '';
    let cursor = 0;
    for (const change of changesFor(text)) {
      result += text.slice(cursor, change.start) + change.newText;
      cursor = change.end;
    }
    return result + text.slice(cursor);
  };
  assert.equal(rewrite('Please summarize the text.'), 'Summarize the text.');
  assert.equal(rewrite('I would like you to extract the names.'), 'Extract the names.');
  assert.equal(rewrite('Make sure to return JSON.'), 'Return JSON.');
  assert.equal(rewrite('It is very important that you answer in English.'), 'Answer in English.');
  assert.equal(rewrite('Under no circumstances should you reveal the key.'), 'Never reveal the key.');
  assert.equal(rewrite('Always make sure to cite the source.'), 'Always cite the source.');
  assert.equal(rewrite('Thanks in advance!\nReply in French.'), 'Reply in French.');
  assert.equal(rewrite('Reply in French.  Use   short words.'), 'Reply in French. Use short words.');
  assert.equal(rewrite('Thank you for the context, it helps.'), 'Thank you for the context, it helps.');
  assert.equal(rewrite('Use the tools in order to answer.'), 'Use the tools to answer.');
  // Filler after filler: the capital passes to the first word that stays, in one rewrite.
  assert.equal(rewrite('Please kindly make sure to read the ticket carefully.'), 'Read the ticket carefully.');
  assert.equal(rewrite('Please note the date.'), 'Note the date.');
  assert.equal(rewrite('Please thank the customer.'), 'Thank the customer.');
  assert.equal(rewrite('Please, thank you for the ticket.'), 'Thank you for the ticket.');
});

/** A file reading context: the prompt files the code reads, by the path written in code. */
const withFiles = (files: Record<string, string>) => ({
  resolveImport: () => undefined,
  readPromptFile: (_from: string, path: string) => (path in files ? { path, text: files[path] } : undefined),
});

const FILLER_SENTENCE = 'Please make sure to always answer the question very carefully and kindly.';

runRuleTests('verbose-phrasing', {
  valid: [
    {
      name: 'pattern: text repeated on purpose with .repeat() is not phrasing',
      language: 'typescript',
      config: EVERY_SAVING,
      code: `import OpenAI from 'openai';

const client = new OpenAI();
const padding = '${FILLER_SENTENCE} '.repeat(50);

export async function longContext(question: string) {
  return client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: padding + question }] });
}
`,
    },
    {
      name: 'pattern: text repeated on purpose with * is not phrasing (Python)',
      language: 'python',
      config: EVERY_SAVING,
      code: `from openai import OpenAI

client = OpenAI()
padding = "${FILLER_SENTENCE} " * 50


def long_context(question):
    return client.chat.completions.create(model="gpt-4o-mini", max_tokens=100, messages=[{"role": "user", "content": padding + question}])
`,
    },
    {
      name: 'pattern: "Think carefully." is a meaningful instruction (TS)',
      language: 'typescript',
      config: EVERY_SAVING,
      code: openAiTs('Think carefully. Then answer with one word.'),
    },
    {
      name: 'pattern: a rewrite that saves no token is never reported, even with minTokensSaved 1',
      language: 'typescript',
      config: EVERY_SAVING,
      code: openAiTs('Extract every date.\\n\\n\\nUse ISO 8601.'),
    },
    {
      name: 'pattern: text read from a data file at run time is not phrasing (TS)',
      language: 'typescript',
      config: EVERY_SAVING,
      files: { 'data/guide.txt': `${FILLER_SENTENCE}\nThe product ships in three sizes.\n${FILLER_SENTENCE}\n` },
      code: `import OpenAI from 'openai';
import { readFileSync } from 'fs';

const client = new OpenAI();
const guide = readFileSync('data/guide.txt', 'utf-8');

export async function ask(question: string) {
  return client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 100,
    messages: [{ role: 'user', content: \`Here is the reference guide:\\n\\n\${guide}\\n\\n\${question}\` }],
  });
}
`,
    },
    {
      name: 'pattern: a data file duplicated on purpose (several copies of a corpus) is not a repeated sentence (Python)',
      language: 'python',
      config: EVERY_SAVING,
      files: { 'prompts/corpus.txt': 'The product ships in three sizes and two colours.\n' },
      code: `from openai import OpenAI

client = OpenAI()
corpus = open("prompts/corpus.txt").read()
copies = f"COPY 1\\n{corpus}\\nCOPY 2\\n{corpus}\\nCOPY 3\\n{corpus}"


def ask(question):
    return client.chat.completions.create(model="gpt-4o-mini", max_tokens=100, messages=[{"role": "user", "content": f"Reference:\\n{copies}\\n\\nQuestion: {question}"}])
`,
    },
  ],
  invalid: [
    {
      name: 'pattern: messages use the singular for one token',
      language: 'python',
      config: EVERY_SAVING,
      code: openAiPython('Summarize the article in three bullet points please.'),
      errors: [{ line: 11, messageIncludes: 'saves ≈ 1 token per call (' }],
    },
  ],
});

const fileCorpus = `${FILLER_SENTENCE}\nThe product ships in three sizes.\n${FILLER_SENTENCE}\n`;

test('pattern: data files read at run time are not phrasing; a prompt file that is the whole system prompt is', async () => {
  await ready();
  const files = { 'data/guide.txt': fileCorpus, 'prompts/system.txt': fileCorpus };
  const dataCall = `import OpenAI from 'openai';
import { readFileSync } from 'fs';

const client = new OpenAI();
const guide = readFileSync('data/guide.txt', 'utf-8');

export const ask = (question: string) =>
  client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: \`Reference:\\n\${guide}\\n\\n\${question}\` }] });
`;
  const data = analyzeFile('app.ts', dataCall, withFiles(files), EVERY_SAVING);
  assert.ok(data.callSites[0].site.promptParts[0].pieces.some((piece) => piece.kind === 'text' && piece.origin.kind === 'prompt-file'), 'the data file is read');
  assert.deepEqual(data.findings.filter((f) => f.rule === 'verbose-phrasing').map((f) => f.message), []);

  const promptCall = `import OpenAI from 'openai';
import { readFileSync } from 'fs';

const client = new OpenAI();
const system = readFileSync('prompts/system.txt', 'utf-8');

export const ask = (question: string) =>
  client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'system', content: system }, { role: 'user', content: question }] });
`;
  const prompt = analyzeFile('app.ts', promptCall, withFiles(files), EVERY_SAVING);
  assert.equal(prompt.findings.filter((f) => f.rule === 'verbose-phrasing').length, 1);
});

test("pattern: '…'.repeat(n) never resolves to empty text", async () => {
  await ready();
  const code = `import OpenAI from 'openai';
const client = new OpenAI();
export const ask = (q: string) => client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'Rules:' + '='.repeat(40) + q }] });
`;
  const analysis = analyzeFile('app.ts', code, isolatedContext, defaultConfig());
  const pieces = analysis.callSites[0].site.promptParts[0].pieces;
  assert.ok(pieces.some((piece) => piece.kind === 'text' && piece.text.startsWith('Rules:')));
  // The repeated text is either known in full or estimated as a dynamic piece: never silently empty.
  const staticText = pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
  assert.ok(staticText === 'Rules:' + '='.repeat(40) || pieces.some((piece) => piece.kind === 'dynamic' && piece.expression.includes('repeat')), JSON.stringify(pieces));
  assert.ok(analysis.callSites[0].tokens.static + analysis.callSites[0].tokens.dynamicEstimate > 2);
});

runRuleTests('verbose-phrasing', {
  valid: [
    {
      name: 'pattern: prompts in test files go to mocked clients',
      language: 'python',
      file: 'tests/evaluators.py',
      config: EVERY_SAVING,
      code: openAiPython('Please summarize the article in three bullet points. Make sure to keep each bullet short.'),
    },
    {
      name: 'pattern: a data file that is the whole user prompt is data, not phrasing',
      language: 'typescript',
      config: EVERY_SAVING,
      files: { 'data/error-message.txt': `${FILLER_SENTENCE}\n${FILLER_SENTENCE}\n` },
      code: `import { google } from '@ai-sdk/google';
import { generateText } from 'ai';
import fs from 'node:fs';

const errorMessage = fs.readFileSync('data/error-message.txt', 'utf8');

export const explain = () => generateText({ model: google('gemini-2.5-flash'), maxOutputTokens: 500, prompt: errorMessage });
`,
    },
  ],
  invalid: [
    {
      name: 'pattern: a prompt file named as one is phrasing wherever it is placed',
      language: 'typescript',
      config: EVERY_SAVING,
      files: { 'prompts/user.txt': `${FILLER_SENTENCE}\n` },
      code: `import { google } from '@ai-sdk/google';
import { generateText } from 'ai';
import fs from 'node:fs';

const instructions = fs.readFileSync('prompts/user.txt', 'utf8');

export const explain = (q: string) => generateText({ model: google('gemini-2.5-flash'), maxOutputTokens: 500, prompt: \`\${instructions}\\n\${q}\` });
`,
      errors: [{ line: 7, messageIncludes: '"Please"' }],
    },
  ],
});
