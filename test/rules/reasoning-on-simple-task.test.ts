import { lines, runRuleTests } from './rule-tester';

const openAiLabel = (effort: string) =>
  lines(
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    'def label(ticket: str) -> str:',
    '    response = client.chat.completions.create(',
    '        model="o4-mini",',
    `        reasoning_effort="${effort}",`,
    '        max_completion_tokens=8000,',
    '        messages=[',
    '            {"role": "system", "content": "Classify the support ticket as billing, bug or account."},',
    '            {"role": "user", "content": ticket},',
    '        ],',
    '    )',
    '    return response.choices[0].message.content',
  );

const geminiExtract = (budget: number) =>
  lines(
    'from google import genai',
    'from google.genai import types',
    '',
    'client = genai.Client()',
    '',
    'def extract(invoice: str):',
    '    return client.models.generate_content(',
    '        model="gemini-2.5-flash",',
    '        contents="Extract the vendor and the total from this invoice: " + invoice,',
    `        config=types.GenerateContentConfig(max_output_tokens=12000, thinking_config=types.ThinkingConfig(thinking_budget=${budget})),`,
    '    )',
  );

runRuleTests('reasoning-on-simple-task', {
  valid: [
    { name: 'low effort on a classification', language: 'python', code: openAiLabel('low') },
    { name: 'a Gemini extraction with thinking off', language: 'python', code: geminiExtract(0) },
    { name: 'a small budget', language: 'python', code: geminiExtract(1024) },
    {
      name: 'high effort on open-ended writing',
      language: 'typescript',
      code: lines(
        "import OpenAI from 'openai';",
        'const client = new OpenAI();',
        'export async function essay(topic: string) {',
        "  return client.responses.create({ model: 'o3', reasoning: { effort: 'high' }, max_output_tokens: 20000, input: `Write an essay on ${topic}, explain every step.` });",
        '}',
      ),
    },
    {
      name: 'a model whose default reasoning is not raised (no setting on the call)',
      language: 'python',
      code: openAiLabel('medium'),
    },
  ],
  invalid: [
    {
      name: 'reasoning_effort="high" on a classification: the fix lowers it to "low"',
      language: 'python',
      code: openAiLabel('high'),
      errors: [{ line: 8, messageIncludes: ['reasoning_effort="high" on a classification task', 'reasoning_effort="low" saves ≈ $', '/month'] }],
      output: openAiLabel('low'),
      unsafe: true,
    },
    {
      name: 'a Gemini thinking budget of 8,000 on an extraction: the fix sets it to 0',
      language: 'python',
      code: geminiExtract(8000),
      errors: [{ line: 10, messageIncludes: ['=8,000 on an extraction task', '=0 saves ≈ $'] }],
      output: geminiExtract(0),
      unsafe: true,
    },
    {
      name: 'an Anthropic thinking budget on a spam check: reported, no automatic fix',
      language: 'typescript',
      code: lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        'const client = new Anthropic();',
        'export async function isSpam(text: string) {',
        '  return client.messages.create({',
        "    model: 'claude-sonnet-4-5',",
        '    max_tokens: 16000,',
        "    thinking: { type: 'enabled', budget_tokens: 10000 },",
        "    messages: [{ role: 'user', content: `Answer yes or no: is this message spam? ${text}` }],",
        '  });',
        '}',
      ),
      errors: [{ line: 7, messageIncludes: ['thinking.budget_tokens=10,000 on a classification task', 'thinking turned off saves'] }],
      output: null,
    },
    {
      name: 'effort in the Vercel AI SDK provider options',
      language: 'typescript',
      code: lines(
        "import { generateText } from 'ai';",
        "import { openai } from '@ai-sdk/openai';",
        'export async function sentiment(review: string) {',
        '  return generateText({',
        "    model: openai('gpt-5-mini'),",
        '    maxOutputTokens: 4000,',
        "    providerOptions: { openai: { reasoningEffort: 'high' } },",
        '    prompt: `Classify the sentiment of this review as positive or negative: ${review}`,',
        '  });',
        '}',
      ),
      errors: [{ line: 7, messageIncludes: 'providerOptions.openai.reasoningEffort="high"' }],
    },
  ],
});
