import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeCase, findingsOf, lines, ready, runRuleTests } from './rule-tester';

const pyCall = (model: string) =>
  lines('from openai import OpenAI', '', 'client = OpenAI()', `r = client.chat.completions.create(model="${model}", max_tokens=60, messages=[{"role": "user", "content": "Name a colour."}])`);

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
    { name: 'pattern: a test placeholder (fake-model) is not a typo', language: 'python', code: pyCall('fake-model') },
    { name: 'pattern: a test placeholder (gpt-test) is not a typo', language: 'typescript', code: tagline('gpt-test') },
    { name: 'pattern: any model in a test file goes to a mocked client', language: 'python', file: 'tests/test_client.py', code: pyCall('gpt-4o-mnii') },
    { name: 'pattern: a deliberately broken name in an example (potato!)', language: 'typescript', code: tagline('potato!') },
    { name: 'pattern: a real model the price table lacks is not a typo (Python)', language: 'python', code: pyCall('gemma-3-12b-it') },
    { name: 'pattern: a real model the price table lacks is not a typo (TS)', language: 'typescript', code: tagline('deepseek-chat') },
    {
      name: 'pattern: an Azure router name is a deployment, not a typo',
      language: 'typescript',
      code: lines("import { generateText } from 'ai';", "import { azure } from '@ai-sdk/azure';", '', "const r = await generateText({ model: azure('model-router'), maxOutputTokens: 20, prompt: 'Say hi' });"),
    },
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
      name: 'pattern: a retired model is reported as retired, with its replacement (Python)',
      language: 'python',
      code: pyCall('gpt-4-vision-preview'),
      errors: [{ line: 4, messageIncludes: ['Retired model "gpt-4-vision-preview"', 'Use gpt-4o, which replaced it'] }],
      output: pyCall('gpt-4o'),
      unsafe: true,
    },
    {
      name: 'pattern: a retired model is reported as retired, with its replacement (TS)',
      language: 'typescript',
      code: tagline('gemini-1.5-pro-latest'),
      errors: [{ line: 7, messageIncludes: ['Retired model "gemini-1.5-pro-latest"', 'Use gemini-2.5-pro'] }],
      output: tagline('gemini-2.5-pro'),
      unsafe: true,
    },
    {
      language: 'typescript',
      code: tagline('gpt-4o-mnii'),
      errors: [{ line: 7, messageIncludes: ['Unknown model "gpt-4o-mnii"', 'close to gpt-4o-mini, so probably a typo'] }],
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

const anthropicCall = (model: string) =>
  lines('import anthropic', '', 'client = anthropic.Anthropic()', `r = client.messages.create(model="${model}", max_tokens=60, messages=[{"role": "user", "content": "Name a colour."}])`);

runRuleTests('unknown-model', {
  valid: [
    {
      name: 'pattern: a real embedding model the price table lacks is not swapped for another family',
      language: 'typescript',
      code: lines("import { GoogleGenAI } from '@google/genai';", '', 'const ai = new GoogleGenAI({ vertexai: true });', "export const r = await ai.models.embedContent({ model: 'text-embedding-005', contents: 'hello' });"),
    },
    { name: 'pattern: a real model the price table lacks is not a typo (grok-3-beta)', language: 'python', code: pyCall('grok-3-beta') },
    { name: 'pattern: a test placeholder (fake-model) in TS', language: 'typescript', code: tagline('fake-model') },
    {
      name: 'pattern: an Azure router name is a deployment, not a typo (TS)',
      language: 'typescript',
      code: lines("import { azure } from '@ai-sdk/azure';", "import { generateText } from 'ai';", '', "export const r = await generateText({ model: azure('model-router'), maxOutputTokens: 100, prompt: 'Hi' });"),
    },
  ],
  invalid: [
    {
      name: 'pattern: the fix keeps the family and generation of the misspelt model',
      language: 'python',
      code: anthropicCall('claude-3-5-sonet'),
      errors: [{ line: 4, messageIncludes: 'close to claude-3-5-sonnet' }],
      output: anthropicCall('claude-3-5-sonnet'),
      unsafe: true,
    },
  ],
});

test('pattern: a fix never swaps family or generation (claude-3-7-sonet is never "fixed" to claude-3-5-sonnet)', async () => {
  await ready();
  for (const model of ['claude-3-7-sonet', 'gemma-3-12b-it', 'text-embedding-005', 'gpt-4.5-mini']) {
    const findings = findingsOf(analyzeCase({ language: 'python', code: anthropicCall(model) }), 'unknown-model');
    for (const finding of findings) {
      for (const fix of finding.fixes) {
        const replacement = fix.edits.map((edit) => edit.newText).join('');
        assert.equal(replacement.replace(/\D+/g, ''), model.replace(/\D+/g, ''), `${model}: fix "${fix.title}" changes the generation or size`);
      }
    }
  }
});

runRuleTests('unknown-model', {
  valid: [
    {
      name: 'pattern: a name of one known family is never a typo of another family (mistral-small is not magistral-small)',
      language: 'typescript',
      code: lines("import { ChatMistralAI } from '@langchain/mistralai';", '', "export const model = new ChatMistralAI({ model: 'mistral-small', maxTokens: 100 });"),
    },
  ],
  invalid: [],
});
