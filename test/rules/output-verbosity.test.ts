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
      errors: [{ line: 6, messageIncludes: ['"as much detail as possible"', 'with no cap a reply can run to', 'output tokens ≈ $'] }],
      output: null,
    },
    {
      language: 'typescript',
      code: openAiTs('\n    max_tokens: 4000,', 'Write a long-form report of at least 1,500 words, thorough and in detail.'),
      errors: [{ line: 6, messageIncludes: ['"long-form"', '"at least 1,500 words"', '"thorough"', '"in detail"', 'max_tokens=4,000'] }],
    },
  ],
});
