import { lines, runRuleTests } from './rule-tester';

const tagline = (model: string) =>
  lines(
    "import OpenAI from 'openai';",
    '',
    'const openai = new OpenAI();',
    '',
    'export async function tagline(product: string) {',
    '  const completion = await openai.chat.completions.create({',
    `    model: '${model}',`,
    '    max_completion_tokens: 60,',
    "    messages: [{ role: 'user', content: `Write a tagline for ${product}` }],",
    '  });',
    '  return completion.choices[0].message.content;',
    '}',
  );

runRuleTests('unknown-model', {
  valid: [
    { language: 'typescript', code: tagline('gpt-4o-mini') },
    {
      name: 'Azure deployment names are the user\'s own',
      language: 'python',
      code: lines(
        'from openai import AzureOpenAI',
        '',
        'client = AzureOpenAI()',
        'r = client.chat.completions.create(model="support-bot-prod", max_tokens=100, messages=[{"role": "user", "content": "hi"}])',
      ),
    },
    {
      name: 'Bedrock ARNs cannot be mapped',
      language: 'python',
      code: lines(
        'import boto3',
        '',
        'bedrock = boto3.client("bedrock-runtime")',
        'r = bedrock.converse(',
        '    modelId="arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",',
        '    messages=[{"role": "user", "content": [{"text": "hi"}]}],',
        '    inferenceConfig={"maxTokens": 100},',
        ')',
      ),
    },
    {
      name: 'a model chosen at run time',
      language: 'python',
      code: lines('import anthropic', '', 'client = anthropic.Anthropic()', '', 'def ask(model: str):', '    return client.messages.create(model=model, max_tokens=100, messages=[{"role": "user", "content": "hi"}])'),
    },
  ],
  invalid: [
    {
      language: 'typescript',
      code: tagline('gpt-4o-mnii'),
      errors: [{ line: 7, messageIncludes: ['Unknown model "gpt-4o-mnii"', 'Nearest known: gpt-4o-mini'] }],
      output: tagline('gpt-4o-mini'),
      unsafe: true,
    },
    {
      name: 'a misspelt Claude model in Python',
      language: 'python',
      code: lines(
        'import anthropic',
        '',
        'client = anthropic.Anthropic()',
        '',
        'def ask(q):',
        '    return client.messages.create(model="claude-sonet-4-5", max_tokens=100, messages=[{"role": "user", "content": q}])',
      ),
      errors: [{ line: 6, messageIncludes: 'claude-sonnet-4-5' }],
      output: lines(
        'import anthropic',
        '',
        'client = anthropic.Anthropic()',
        '',
        'def ask(q):',
        '    return client.messages.create(model="claude-sonnet-4-5", max_tokens=100, messages=[{"role": "user", "content": q}])',
      ),
      unsafe: true,
    },
    {
      name: 'LiteLLM route prefix is kept',
      language: 'python',
      code: lines('import litellm', '', 'r = litellm.completion(model="openai/gpt-4o-mnii", max_tokens=10, messages=[{"role": "user", "content": "hi"}])'),
      errors: [{ line: 3 }],
      output: lines('import litellm', '', 'r = litellm.completion(model="openai/gpt-4o-mini", max_tokens=10, messages=[{"role": "user", "content": "hi"}])'),
      unsafe: true,
    },
  ],
});
