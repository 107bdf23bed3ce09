import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeCase, findingsOf, lines, ready, runRuleTests } from './rule-tester';

const openAiClassifier = (model: string) =>
  lines(
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    'def sentiment(review: str) -> str:',
    '    response = client.chat.completions.create(',
    `        model="${model}",`,
    '        max_completion_tokens=16,',
    '        messages=[',
    '            {"role": "system", "content": "Classify the sentiment of the review as positive, negative or neutral."},',
    '            {"role": "user", "content": review},',
    '        ],',
    '    )',
    '    return response.choices[0].message.content',
  );

runRuleTests('flagship-on-simple-task', {
  valid: [
    {
      name: 'pattern: a negated task word: "avoid yes/no questions" (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="Generate thoughtful, open-ended interview questions from the transcript. Avoid yes/no questions or those with obvious answers.", max_tokens=1000, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: a negated task word: "do not classify" (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="Read the ticket and do not classify it; draft nothing, list the open questions.", max_tokens=1000, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: a quoted task word is a mention, not the task (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="The user may type the word \\"classify\\" in their question; answer the question they ask.", max_tokens=1000, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: the task word describes what another model will do (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="Based on the question, generate a specific prompt for an LLM sub-agent to extract relevant information from a report. Output only the prompt.", max_tokens=800, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: "translate X into a research brief" is rephrasing (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="Translate the user\\\'s request into a research brief for the research team.", max_tokens=800, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: extraction that also asks for summaries is not simple (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="Analyze the transcript and extract chapters. For each chapter, provide a title and a summary.", max_tokens=800, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: extraction that also writes the answer is not simple (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="Extract the most relevant clauses and write the answer to the query.", max_tokens=800, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: extraction with an output cap of 2,000 tokens or more is a long answer (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="Analyze the organizational chart image and extract the people in it.", max_tokens=4000, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: a max_tokens=1 request with no task words is a cache warm-up (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="You are an expert systems programmer.", max_tokens=1, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: an output-format phrase alone is no task (Python)',
      language: 'python',
      code: lines('from anthropic import Anthropic', 'client = Anthropic()', 'def run(text):', '    return client.messages.create(model="claude-opus-4-5", system="Only return JSON", max_tokens=128, messages=[{"role": "user", "content": text}])'),
    },
    {
      name: 'pattern: a negated task word: "avoid yes/no questions" (TS)',
      language: 'typescript',
      code: lines("import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', "export const run = (text: string) => client.messages.create({ model: 'claude-opus-4-5', system: 'Write open-ended interview questions. Avoid yes/no questions.', max_tokens: 1000, messages: [{ role: 'user', content: text }] });"),
    },
    {
      name: 'pattern: the task word describes what the sub-agents will do (TS)',
      language: 'typescript',
      code: lines("import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', "export const run = (text: string) => client.messages.create({ model: 'claude-opus-4-5', system: 'Plan the work. The sub-agents will extract the figures from each report.', max_tokens: 800, messages: [{ role: 'user', content: text }] });"),
    },
    {
      name: 'pattern: "translate into a research question" is rephrasing (TS)',
      language: 'typescript',
      code: lines("import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', "export const run = (text: string) => client.messages.create({ model: 'claude-opus-4-5', system: 'Translate these messages into a more detailed and concrete research question.', max_tokens: 800, messages: [{ role: 'user', content: text }] });"),
    },
    {
      name: 'pattern: extraction that also asks for explanations is not simple (TS)',
      language: 'typescript',
      code: lines("import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', "export const run = (text: string) => client.messages.create({ model: 'claude-opus-4-5', system: 'Extract the claims and give an explanation for each one.', max_tokens: 800, messages: [{ role: 'user', content: text }] });"),
    },
    {
      name: 'pattern: extraction with a cap of 4,000 tokens is a long answer (TS)',
      language: 'typescript',
      code: lines("import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', "export const run = (text: string) => client.messages.create({ model: 'claude-opus-4-5', system: 'Extract the hierarchy from the org chart.', max_tokens: 4000, messages: [{ role: 'user', content: text }] });"),
    },
    {
      name: 'pattern: a max_tokens: 1 probe with no task words (TS)',
      language: 'typescript',
      code: lines("import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', "export const run = (text: string) => client.messages.create({ model: 'claude-opus-4-5', system: 'Source to analyze follows.', max_tokens: 1, messages: [{ role: 'user', content: text }] });"),
    },
    {
      name: 'pattern: a structured output schema alone is not extraction (recipe writing, Python)',
      language: 'python',
      code: lines(
        'from openai import OpenAI',
        'from pydantic import BaseModel',
        '',
        'class Recipe(BaseModel):',
        '    name: str',
        '    steps: list[str]',
        '',
        'client = OpenAI()',
        'completion = client.chat.completions.parse(',
        '    model="gpt-4o",',
        '    messages=[{"role": "user", "content": "Write a recipe for a vegan lasagne."}],',
        '    response_format=Recipe,',
        ')',
      ),
    },
    {
      name: 'pattern: a structured output schema alone is not extraction (math solving, TS)',
      language: 'typescript',
      code: lines(
        "import { generateText, Output } from 'ai';",
        "import { openai } from '@ai-sdk/openai';",
        "import { z } from 'zod';",
        '',
        'const result = await generateText({',
        "  model: openai('gpt-4o'),",
        '  output: Output.object({ schema: z.object({ steps: z.array(z.string()), answer: z.string() }) }),',
        "  prompt: 'solve 8x + 31 = 2',",
        '});',
      ),
    },
    {
      name: 'pattern: a multi-step tool loop (stopWhen) is not a simple task',
      language: 'typescript',
      code: lines(
        "import { generateText, isStepCount } from 'ai';",
        "import { anthropic } from '@ai-sdk/anthropic';",
        '',
        'const result = await generateText({',
        "  model: anthropic('claude-sonnet-4-5'),",
        '  maxOutputTokens: 16,',
        "  prompt: 'Classify each open ticket and file it with the tools.',",
        '  stopWhen: isStepCount(20),',
        '});',
      ),
    },
    {
      name: 'pattern: a multi-step tool loop (max_turns) is not a simple task, Python',
      language: 'python',
      code: lines(
        'from openai import OpenAI',
        '',
        'client = OpenAI()',
        'r = client.chat.completions.create(model="gpt-4o", max_completion_tokens=16, max_steps=10, messages=[{"role": "user", "content": "Classify the ticket."}])',
      ),
    },
    {
      name: 'pattern: a test file calls a mocked client (Python)',
      language: 'python',
      file: 'tests/test_client.py',
      code: lines('from anthropic import Anthropic', '', 'client = Anthropic()', 'client.messages.create(max_tokens=1, model="claude-opus-4-5", messages=[{"role": "user", "content": "hi"}])'),
    },
    {
      name: 'pattern: a test file calls a mocked client (TS)',
      language: 'typescript',
      file: 'src/client.test.ts',
      code: lines("import Anthropic from '@anthropic-ai/sdk';", '', 'const client = new Anthropic();', "await client.messages.create({ model: 'claude-opus-4-5', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] });"),
    },
    { name: 'the cheaper tier already', language: 'python', code: openAiClassifier('gpt-4o-mini') },
    {
      name: 'a flagship on open-ended writing',
      language: 'typescript',
      code: lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        'const anthropic = new Anthropic();',
        '',
        'export async function draft(ticket: string) {',
        '  return anthropic.messages.create({',
        "    model: 'claude-sonnet-4-5',",
        '    max_tokens: 2048,',
        "    system: 'You are a senior support engineer. Explain the root cause and write a detailed reply.',",
        "    messages: [{ role: 'user', content: ticket }],",
        '  });',
        '}',
      ),
    },
    {
      name: 'a flagship with no sign of a simple task',
      language: 'python',
      code: lines(
        'import anthropic',
        '',
        'client = anthropic.Anthropic()',
        '',
        'def chat(history):',
        '    return client.messages.create(model="claude-opus-4-1", max_tokens=4096, system="You are a helpful assistant.", messages=history)',
      ),
    },
  ],
  invalid: [
    {
      language: 'python',
      code: openAiClassifier('gpt-4o'),
      errors: [
        {
          line: 7,
          messageIncludes: ['Flagship model gpt-4o on a classification task ("Classify the sentiment of the review as positive, negative or neutral")', 'gpt-4o-mini would cost ≈ $', '/month less', 'Check quality on your eval set first.'],
        },
      ],
      output: openAiClassifier('gpt-4o-mini'),
      unsafe: true,
    },
    {
      name: 'the model in a same-file constant: the constant is fixed',
      language: 'python',
      code: lines(
        'from openai import OpenAI',
        '',
        'client = OpenAI()',
        'MODEL = "gpt-4.1"',
        '',
        'def label(review: str) -> str:',
        '    response = client.chat.completions.create(',
        '        model=MODEL,',
        '        max_completion_tokens=5,',
        '        messages=[{"role": "user", "content": f"Review: {review}"}],',
        '    )',
        '    return response.choices[0].message.content',
      ),
      errors: [{ line: 7, messageIncludes: ['gpt-4.1-mini', 'an output cap of 5 tokens'] }],
      output: lines(
        'from openai import OpenAI',
        '',
        'client = OpenAI()',
        'MODEL = "gpt-4.1-mini"',
        '',
        'def label(review: str) -> str:',
        '    response = client.chat.completions.create(',
        '        model=MODEL,',
        '        max_completion_tokens=5,',
        '        messages=[{"role": "user", "content": f"Review: {review}"}],',
        '    )',
        '    return response.choices[0].message.content',
      ),
      unsafe: true,
    },
    {
      name: 'structured output on Anthropic',
      language: 'typescript',
      code: lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        'const anthropic = new Anthropic();',
        '',
        'export async function invoice(text: string) {',
        '  return anthropic.messages.create({',
        "    model: 'claude-opus-4-1',",
        '    max_tokens: 512,',
        "    messages: [{ role: 'user', content: `Extract the invoice number, date and total from:\\n${text}` }],",
        '  });',
        '}',
      ),
      errors: [{ line: 7, messageIncludes: ['on an extraction task', 'claude-haiku-4-5'] }],
      output: lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        'const anthropic = new Anthropic();',
        '',
        'export async function invoice(text: string) {',
        '  return anthropic.messages.create({',
        "    model: 'claude-haiku-4-5',",
        '    max_tokens: 512,',
        "    messages: [{ role: 'user', content: `Extract the invoice number, date and total from:\\n${text}` }],",
        '  });',
        '}',
      ),
      unsafe: true,
    },
    {
      name: 'model from an environment default: no fix',
      language: 'python',
      code: lines(
        'import os',
        'from openai import OpenAI',
        '',
        'client = OpenAI()',
        '',
        'def is_spam(text):',
        '    r = client.chat.completions.create(',
        '        model=os.getenv("SPAM_MODEL", "gpt-4o"),',
        '        max_completion_tokens=2,',
        '        messages=[{"role": "user", "content": "Answer yes or no: is this spam?\\n" + text}],',
        '    )',
        '    return r.choices[0].message.content',
      ),
      errors: [{ line: 7, messageIncludes: 'yes/no task' }],
      output: null,
    },
  ],
});

runRuleTests('flagship-on-simple-task', {
  valid: [
    {
      name: 'pattern: a structured output schema alone is not extraction (UI generation, TS)',
      language: 'typescript',
      code: lines(
        "import { streamObject } from 'ai';",
        "import { openai } from '@ai-sdk/openai';",
        "import { z } from 'zod';",
        '',
        'export const ui = (idea: string) =>',
        '  streamObject({',
        "    model: openai('gpt-4.1'),",
        '    schema: z.object({ components: z.array(z.object({ type: z.string(), props: z.record(z.string()) })) }),',
        '    prompt: `Generate a user interface for: ${idea}`,',
        '  });',
      ),
    },
    {
      name: 'pattern: a structured output schema alone is not extraction (recipe writing, TS generateObject)',
      language: 'typescript',
      code: lines(
        "import { generateObject } from 'ai';",
        "import { anthropic } from '@ai-sdk/anthropic';",
        "import { z } from 'zod';",
        '',
        'const { object } = await generateObject({',
        "  model: anthropic('claude-sonnet-4-5'),",
        '  schema: z.object({ recipe: z.object({ name: z.string(), ingredients: z.array(z.string()), steps: z.array(z.string()) }) }),',
        "  prompt: 'Generate a lasagna recipe.',",
        '});',
      ),
    },
    {
      name: 'pattern: a structured output schema alone is not extraction (math solving, Python)',
      language: 'python',
      code: lines(
        'from openai import OpenAI',
        'from pydantic import BaseModel',
        '',
        'class MathResponse(BaseModel):',
        '    steps: list[str]',
        '    final_answer: str',
        '',
        'client = OpenAI()',
        'completion = client.chat.completions.parse(',
        '    model="gpt-4o",',
        '    messages=[',
        '        {"role": "system", "content": "You are a helpful math tutor."},',
        '        {"role": "user", "content": "solve 8x + 31 = 2"},',
        '    ],',
        '    response_format=MathResponse,',
        ')',
      ),
    },
    {
      name: 'pattern: a multi-step tool loop (maxSteps) is not a simple task',
      language: 'typescript',
      code: lines(
        "import { generateText } from 'ai';",
        "import { openai } from '@ai-sdk/openai';",
        '',
        'export const triage = (tools: any) =>',
        "  generateText({ model: openai('gpt-4o'), maxOutputTokens: 16, maxSteps: 10, tools, prompt: 'Classify the ticket and label it with the tools.' });",
      ),
    },
    {
      name: 'pattern: a tool runner is an agent loop, not a simple task (Python)',
      language: 'python',
      code: lines(
        'import anthropic',
        '',
        'client = anthropic.Anthropic()',
        'runner = client.beta.messages.tool_runner(',
        '    model="claude-opus-4-1",',
        '    max_tokens=16,',
        '    tools=[],',
        '    messages=[{"role": "user", "content": "Classify the ticket and file it."}],',
        ')',
      ),
    },
  ],
  invalid: [
    {
      name: 'pattern: a schema beside a classifying instruction: the evidence is the instruction, not the schema',
      language: 'python',
      code: lines(
        'from openai import OpenAI',
        'from pydantic import BaseModel',
        '',
        'class Sentiment(BaseModel):',
        '    label: str',
        '',
        'client = OpenAI()',
        'def label(review: str):',
        '    return client.chat.completions.parse(',
        '        model="gpt-4o",',
        '        response_format=Sentiment,',
        '        messages=[{"role": "system", "content": "Classify the sentiment of the review as positive, negative or neutral."}, {"role": "user", "content": review}],',
        '    )',
      ),
      errors: [{ line: 10, messageIncludes: ['a classification task ("Classify the sentiment', 'at 1,000 calls/day, the workspace default)'] }],
    },
    {
      name: 'pattern: messages use the right article and quote the short-answer phrase',
      language: 'python',
      code: lines(
        'from openai import OpenAI',
        '',
        'client = OpenAI()',
        'def legs(statement):',
        '    return client.chat.completions.create(model="gpt-4o", max_completion_tokens=5, messages=[{"role": "user", "content": f"{statement} How many legs does the animal have? Return just the number of legs as an integer and nothing else."}])',
      ),
      errors: [{ line: 5, messageIncludes: ['on a classification task ("Return just the number of legs as an integer and nothing else")'] }],
    },
    {
      name: 'pattern: extraction of a few fields from a short message stays reported (TS)',
      language: 'typescript',
      code: lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        'const client = new Anthropic();',
        'export async function order(message: string) {',
        "  return client.messages.create({ model: 'claude-opus-4-5', max_tokens: 1024, messages: [{ role: 'user', content: `Extract the product name, price and quantity from this customer message: ${message}` }] });",
        '}',
      ),
      errors: [{ line: 4, messageIncludes: ['an extraction task ("Extract the product name, price and quantity'] }],
    },
  ],
});

test('pattern: the saving between models comes from the exact rows of both models', async () => {
  await ready();
  const flagship = analyzeCase({ language: 'python', code: openAiClassifier('gpt-4o') });
  const cheaper = analyzeCase({ language: 'python', code: openAiClassifier('gpt-4o-mini') });
  const [finding] = findingsOf(flagship, 'flagship-on-simple-task');
  assert.equal(flagship.callSites[0].cost?.price.model, 'gpt-4o');
  assert.equal(cheaper.callSites[0].cost?.price.model, 'gpt-4o-mini');
  const expected = flagship.callSites[0].cost!.perMonth - cheaper.callSites[0].cost!.perMonth;
  assert.ok(Math.abs(finding.savingPerMonth! - expected) < 1e-9, `${finding.savingPerMonth} vs ${expected}`);
});

test('pattern: a model the table knows is priced when a provider wrapper carries it (bedrockAnthropic)', async () => {
  await ready();
  const analysis = analyzeCase({
    language: 'typescript',
    code: lines(
      "import { bedrockAnthropic } from '@ai-sdk/amazon-bedrock/anthropic';",
      "import { generateText } from 'ai';",
      '',
      "export const a = await generateText({ model: bedrockAnthropic('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), maxOutputTokens: 100, prompt: 'Hi' });",
      "export const b = await generateText({ model: bedrockAnthropic('claude-sonnet-4-5'), maxOutputTokens: 100, prompt: 'Hi' });",
    ),
  });
  assert.deepEqual(
    analysis.callSites.map((site) => site.cost?.price.model),
    ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
  );
});
