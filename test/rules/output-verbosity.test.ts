import { runRuleTests } from './rule-tester';

const anthropicPython = (cap: string, prompt: string) => `import anthropic

client = anthropic.Anthropic()


def explain(topic: str) -> str:
    message = client.messages.create(
        model="claude-sonnet-4-5",${cap}
        messages=[{"role": "user", "content": f"${prompt}"}],
    )
    return message.content[0].text
`;

const openAiTs = (cap: string, system: string) => `import OpenAI from 'openai';

const client = new OpenAI();

export async function report(data: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o',${cap}
    messages: [
      { role: 'system', content: '${system}' },
      { role: 'user', content: data },
    ],
  });
  return response.choices[0].message.content;
}
`;

runRuleTests('output-verbosity', {
  valid: [
    { language: 'python', code: anthropicPython('\n        max_tokens=600,', 'Write a detailed explanation of {topic} in at most 300 words.') },
    { language: 'python', code: anthropicPython('\n        max_tokens=1999,', 'Write a comprehensive explanation of {topic}.') },
    { language: 'typescript', code: openAiTs('', 'Summarize the sales data in three bullet points.') },
    { name: 'a negated request asks for the opposite', language: 'typescript', code: openAiTs('', 'Do not give a detailed answer; one sentence is enough.') },
    {
      name: 'parameters built at run time may hold a cap',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI()


def explain(topic: str, **options):
    return client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Explain this in detail: " + topic}],
        **options,
    )
`,
    },
  ],
  invalid: [
    {
      language: 'python',
      code: anthropicPython('\n        max_tokens=8192,', 'Write a detailed, comprehensive explanation of {topic}.'),
      errors: [{ line: 7, messageIncludes: ['"detailed", "comprehensive"', 'max_tokens=8,192', '$'] }],
      output: null,
    },
    {
      language: 'typescript',
      code: openAiTs('', 'Analyse the sales data in as much detail as possible.'),
      errors: [{ line: 6, messageIncludes: ['"as much detail as possible"', 'with no cap a reply can run to', 'output tokens, worst case ≈ $'] }],
      output: null,
    },
    {
      language: 'typescript',
      code: openAiTs('\n    max_tokens: 4000,', 'Write a long-form report of at least 1,500 words, thorough and in detail.'),
      errors: [{ line: 6, messageIncludes: ['"long-form"', '"at least 1,500 words"', '"thorough"', '"in detail"', 'max_tokens=4,000'] }],
    },
  ],
});

runRuleTests('output-verbosity', {
  valid: [
    {
      name: 'pattern: a length word in interpolated data (a file read at run time) is not an instruction (Python)',
      language: 'python',
      files: { 'data/guide.txt': 'A comprehensive, detailed reference guide to state management.' },
      code: `import anthropic

client = anthropic.Anthropic()
GUIDE = open("data/guide.txt").read()


def ask(question: str) -> str:
    message = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=4000,
        messages=[{"role": "user", "content": f"Here is a guide:\\n{GUIDE}\\n\\n{question}"}],
    )
    return message.content[0].text
`,
    },
    {
      name: 'pattern: a length word in an assistant turn is not an instruction (TS)',
      language: 'typescript',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export const ask = (q: string) =>
  client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'user', content: 'Explain React state.' },
      { role: 'assistant', content: 'Based on the comprehensive documentation, here is a detailed answer.' },
      { role: 'user', content: q },
    ],
  });
`,
    },
    {
      name: 'pattern: a length word in a file read at run time is not an instruction (TS)',
      language: 'typescript',
      files: { 'data/guide.txt': 'A comprehensive guide. Write detailed answers.' },
      code: `import OpenAI from 'openai';
import { readFileSync } from 'fs';

const client = new OpenAI();
const guide = readFileSync('data/guide.txt', 'utf-8');

export const ask = (q: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: \`\${guide}\\n\\n\${q}\` }] });
`,
    },
  ],
  invalid: [
    {
      name: 'pattern: a length word in an instruction written in code counts',
      language: 'typescript',
      code: openAiTs('', 'Write a detailed report of the data.'),
      errors: [{ line: 6, messageIncludes: '"detailed"' }],
    },
    {
      name: 'pattern: a prompt file that is the whole system prompt is an instruction',
      language: 'python',
      files: { 'prompts/system.txt': 'Write a detailed report of the data.' },
      code: `import anthropic

client = anthropic.Anthropic()
SYSTEM = open("prompts/system.txt").read()


def report(data: str) -> str:
    return client.messages.create(model="claude-sonnet-4-5", max_tokens=4000, system=SYSTEM, messages=[{"role": "user", "content": data}])
`,
      errors: [{ line: 8, messageIncludes: '"detailed"' }],
    },
  ],
});

runRuleTests('output-verbosity', {
  valid: [
    {
      name: 'pattern: a length word in a user turn the conversation already answered is history, not this call\'s request',
      language: 'typescript',
      code: `import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

export const followUp = (guide: string) =>
  generateText({
    model: openai('gpt-4o'),
    messages: [
      { role: 'user', content: \`Here's a comprehensive reference guide I've been studying:\\n\${guide}\\nWhat are the key differences?\` },
      { role: 'assistant', content: 'The key differences are in state handling.' },
      { role: 'user', content: 'Can you explain the Docker section?' },
    ],
  });
`,
    },
    {
      name: 'pattern: calls in test files go to mocked clients',
      language: 'python',
      file: 'tests/test_report.py',
      code: anthropicPython('\n        max_tokens=8192,', 'Write a detailed, comprehensive explanation of {topic}.'),
    },
  ],
  invalid: [
    {
      name: 'pattern: a length word in the last user turn is this call\'s request',
      language: 'typescript',
      code: `import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

export const followUp = () =>
  generateText({
    model: openai('gpt-4o'),
    messages: [
      { role: 'user', content: 'What is Docker?' },
      { role: 'assistant', content: 'A container runtime.' },
      { role: 'user', content: 'Explain the Docker section in detail.' },
    ],
  });
`,
      errors: [{ line: 5, messageIncludes: '"in detail"' }],
    },
  ],
});
