import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lines, ready, runRuleTests } from './rule-tester';
import { analyzeFile } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { examplePolicyLines } from '../../server/src/engine/rules/uncached-static-prefix';

/** About 1,900 tokens of static instructions: above Sonnet's 1,024 minimum, below Haiku 4.5's 4,096. */
const POLICY = examplePolicyLines();

const pythonAnthropic = (model: string, systemArgument: string) =>
  lines(
    'import anthropic',
    '',
    'client = anthropic.Anthropic()',
    '',
    'SUPPORT_POLICY = """You are the support assistant of Acme Cloud. Follow these rules:',
    ...POLICY,
    '"""',
    '',
    '',
    'def answer(question: str) -> str:',
    '    message = client.messages.create(',
    `        model="${model}",`,
    '        max_tokens=1024,',
    `        ${systemArgument}`,
    '        messages=[{"role": "user", "content": question}],',
    '    )',
    '    return message.content[0].text',
  );
const CALL_LINE_PY = 5 + POLICY.length + 5;

const tsAnthropic = (systemProperty: string) =>
  lines(
    "import Anthropic from '@anthropic-ai/sdk';",
    '',
    'const anthropic = new Anthropic();',
    '',
    'export async function answer(question: string) {',
    '  return anthropic.messages.create({',
    "    model: 'claude-opus-4-1',",
    '    max_tokens: 1024,',
    `    ${systemProperty}`,
    "    messages: [{ role: 'user', content: question }],",
    '  });',
    '}',
  );
const TS_POLICY_LITERAL = `'You are the support assistant of Acme Cloud. ${POLICY.join(' ').replace(/'/g, "\\'")}'`;

const pythonLeadingMessage = (content: string) =>
  lines(
    'import anthropic',
    '',
    'client = anthropic.Anthropic()',
    '',
    'POLICY = """',
    ...POLICY,
    '"""',
    '',
    'def answer(question):',
    '    return client.messages.create(',
    '        model="claude-sonnet-4-5",',
    '        max_tokens=512,',
    '        messages=[',
    `            {"role": "user", "content": ${content}},`,
    '            {"role": "assistant", "content": "Understood."},',
    '            {"role": "user", "content": question},',
    '        ],',
    '    )',
  );
const CALL_LINE_LEADING = 5 + POLICY.length + 4;

const openAiOrder = (messages: string[]) =>
  lines(
    "import OpenAI from 'openai';",
    '',
    'const openai = new OpenAI();',
    '',
    'const SUPPORT_POLICY = `You are the support assistant of Acme Cloud. Follow these rules:',
    ...POLICY,
    '`;',
    'const EXAMPLES = `Example: "How do I reset my password?" -> link the password reset article.`;',
    '',
    'export async function answer(profile: string, question: string) {',
    '  const completion = await openai.chat.completions.create({',
    "    model: 'gpt-4.1',",
    '    max_completion_tokens: 1024,',
    '    messages: [',
    ...messages,
    '    ],',
    '  });',
    '  return completion.choices[0].message.content;',
    '}',
  );
const PROFILE = "      { role: 'user', content: profile },";
const SYSTEM = "      { role: 'system', content: SUPPORT_POLICY },";
const EXAMPLES_MESSAGE = "      { role: 'system', content: EXAMPLES },";
const QUESTION = "      { role: 'user', content: question },";

runRuleTests('uncached-static-prefix', {
  valid: [
    {
      name: 'already cached',
      language: 'python',
      code: pythonAnthropic('claude-sonnet-4-5', 'system=[{"type": "text", "text": SUPPORT_POLICY, "cache_control": {"type": "ephemeral"}}],'),
    },
    { name: "below Haiku 4.5's 4,096-token minimum", language: 'python', code: pythonAnthropic('claude-haiku-4-5', 'system=SUPPORT_POLICY,') },
    {
      name: 'a short system prompt',
      language: 'typescript',
      code: tsAnthropic("system: 'You are a concise assistant.',"),
    },
    { name: 'OpenAI: dynamic text before the static messages is cache-busting-prefix, not this rule', language: 'typescript', code: openAiOrder([PROFILE, SYSTEM, EXAMPLES_MESSAGE, QUESTION]) },
  ],
  invalid: [
    {
      name: 'Anthropic system constant: wrapped in a cached block, the name kept',
      language: 'python',
      code: pythonAnthropic('claude-sonnet-4-5', 'system=SUPPORT_POLICY,'),
      errors: [{ line: CALL_LINE_PY, messageIncludes: ['Static prefix of 1,', 'tokens (the system prompt) is sent without cache_control', 'saves up to $', 'all but the first call in each 5-minute window'] }],
      output: pythonAnthropic('claude-sonnet-4-5', 'system=[{"type": "text", "text": SUPPORT_POLICY, "cache_control": {"type": "ephemeral"}}],'),
    },
    {
      name: 'Anthropic TS: a string literal system',
      language: 'typescript',
      code: tsAnthropic(`system: ${TS_POLICY_LITERAL},`),
      errors: [{ line: 6 }],
      output: tsAnthropic(`system: [{ type: 'text', text: ${TS_POLICY_LITERAL}, cache_control: { type: 'ephemeral' } }],`),
    },
    {
      name: 'Anthropic: a block list without cache_control gets one',
      language: 'python',
      code: pythonAnthropic('claude-sonnet-4-5', 'system=[{"type": "text", "text": SUPPORT_POLICY}],'),
      errors: [{ line: CALL_LINE_PY }],
      output: pythonAnthropic('claude-sonnet-4-5', 'system=[{"type": "text", "text": SUPPORT_POLICY, "cache_control": {"type": "ephemeral"}}],'),
    },
    {
      name: 'Anthropic: leading static messages, the breakpoint on the last of them',
      language: 'python',
      code: pythonLeadingMessage('POLICY'),
      errors: [{ line: CALL_LINE_LEADING, messageIncludes: 'message 2 (assistant)' }],
      output: pythonLeadingMessage('POLICY').replace(
        '{"role": "assistant", "content": "Understood."}',
        '{"role": "assistant", "content": [{"type": "text", "text": "Understood.", "cache_control": {"type": "ephemeral"}}]}',
      ),
    },
    {
      name: 'Anthropic through LiteLLM: reported, no fix',
      language: 'python',
      code: lines(
        'import litellm',
        '',
        'POLICY = """',
        ...POLICY,
        '"""',
        '',
        'def answer(question):',
        '    return litellm.completion(',
        '        model="anthropic/claude-sonnet-4-5",',
        '        max_tokens=512,',
        '        messages=[{"role": "system", "content": POLICY}, {"role": "user", "content": question}],',
        '    )',
      ),
      errors: [{ line: 3 + POLICY.length + 4 }],
      output: null,
    },
  ],
});

const POLICY_TEXT = `You are the support assistant of Acme Cloud. Follow these rules: ${POLICY.join(' ')}`;
const tsPolicy = `const SUPPORT_POLICY = ${JSON.stringify(POLICY_TEXT)};`;
const pyPolicy = `SUPPORT_POLICY = ${JSON.stringify(POLICY_TEXT)}`;

runRuleTests('uncached-static-prefix', {
  valid: [
    {
      name: 'pattern: providerOptions.anthropic.cacheControl on a message is caching (Vercel AI SDK)',
      language: 'typescript',
      code: lines(
        "import { generateText } from 'ai';",
        "import { anthropic } from '@ai-sdk/anthropic';",
        tsPolicy,
        'export const answer = (question: string) =>',
        '  generateText({',
        "    model: anthropic('claude-sonnet-4-5'),",
        '    maxOutputTokens: 512,',
        '    messages: [',
        "      { role: 'system', content: SUPPORT_POLICY, providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } },",
        "      { role: 'user', content: question },",
        '    ],',
        '  });',
      ),
    },
    {
      name: 'pattern: providerOptions.anthropic.cacheControl on a content part is caching (Vercel AI SDK)',
      language: 'typescript',
      code: lines(
        "import { generateText } from 'ai';",
        "import { anthropic } from '@ai-sdk/anthropic';",
        tsPolicy,
        'export const answer = (question: string) =>',
        '  generateText({',
        "    model: anthropic('claude-sonnet-4-5'),",
        '    maxOutputTokens: 512,',
        '    messages: [',
        "      { role: 'user', content: [{ type: 'text', text: SUPPORT_POLICY, providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } }] },",
        "      { role: 'assistant', content: 'Understood.' },",
        "      { role: 'user', content: question },",
        '    ],',
        '  });',
      ),
    },
    {
      name: 'pattern: cache_control on a content block of a message is caching (Python)',
      language: 'python',
      code: lines(
        'import anthropic',
        '',
        'client = anthropic.Anthropic()',
        pyPolicy,
        '',
        'def answer(question):',
        '    return client.messages.create(',
        '        model="claude-sonnet-4-5",',
        '        max_tokens=512,',
        '        messages=[',
        '            {"role": "user", "content": [{"type": "text", "text": SUPPORT_POLICY, "cache_control": {"type": "ephemeral"}}]},',
        '            {"role": "assistant", "content": "Understood."},',
        '            {"role": "user", "content": question},',
        '        ],',
        '    )',
      ),
    },
    {
      name: 'pattern: a Bedrock cachePoint block is caching (Python converse)',
      language: 'python',
      code: lines(
        'import boto3',
        '',
        'client = boto3.client("bedrock-runtime")',
        pyPolicy,
        '',
        'def answer(question):',
        '    return client.converse(',
        '        modelId="anthropic.claude-3-7-sonnet-20250219-v1:0",',
        '        inferenceConfig={"maxTokens": 512},',
        '        system=[{"text": SUPPORT_POLICY}, {"cachePoint": {"type": "default"}}],',
        '        messages=[{"role": "user", "content": [{"text": question}]}],',
        '    )',
      ),
    },
    {
      name: 'pattern: a history the provider compacts later is not a static prefix (OpenAI contextManagement)',
      language: 'typescript',
      code: lines(
        "import { generateText } from 'ai';",
        "import { openai } from '@ai-sdk/openai';",
        tsPolicy,
        'export const answer = (question: string) =>',
        '  generateText({',
        "    model: openai.responses('gpt-4o'),",
        '    maxOutputTokens: 512,',
        '    messages: [',
        "      { role: 'user', content: question },",
        "      { role: 'user', content: SUPPORT_POLICY },",
        '    ],',
        "    providerOptions: { openai: { contextManagement: [{ type: 'compaction', compactThreshold: 50000 }] } },",
        '  });',
      ),
    },
    {
      name: 'pattern: a history the provider compacts later is not a static prefix (Anthropic context_management)',
      language: 'python',
      code: lines(
        'import anthropic',
        '',
        'client = anthropic.Anthropic()',
        pyPolicy,
        '',
        'def answer(question):',
        '    return client.beta.messages.create(',
        '        model="claude-sonnet-4-5",',
        '        max_tokens=512,',
        '        system=SUPPORT_POLICY,',
        '        context_management={"edits": [{"type": "compact_20260112"}]},',
        '        messages=[{"role": "user", "content": question}],',
        '    )',
      ),
    },
  ],
  invalid: [
    {
      name: 'pattern: the monthly saving says the volume it assumes and where it came from',
      language: 'python',
      code: lines(
        'import anthropic',
        '',
        'client = anthropic.Anthropic()',
        pyPolicy,
        '',
        'def answer(question):',
        '    return client.messages.create(',
        '        model="claude-sonnet-4-5",',
        '        max_tokens=512,',
        '        system=SUPPORT_POLICY,',
        '        messages=[{"role": "user", "content": question}],',
        '    )',
      ),
      errors: [{ line: 7, messageIncludes: ['/month at 1,000 calls/day, the workspace default'] }],
    },
  ],
});

test('pattern: cached blocks are priced at the cache-read rate', async () => {
  await ready();
  const call = (system: string) =>
    lines('import boto3', '', 'client = boto3.client("bedrock-runtime")', pyPolicy, '', 'def answer(question):', `    return client.converse(modelId="anthropic.claude-3-7-sonnet-20250219-v1:0", inferenceConfig={"maxTokens": 512}, system=${system}, messages=[{"role": "user", "content": [{"text": question}]}])`);
  const plain = analyzeFile('app.py', call('[{"text": SUPPORT_POLICY}]'), isolatedContext, defaultConfig()).callSites[0].cost!;
  const cached = analyzeFile('app.py', call('[{"text": SUPPORT_POLICY}, {"cachePoint": {"type": "default"}}]'), isolatedContext, defaultConfig()).callSites[0].cost!;
  assert.equal(plain.cachedInputTokens, 0);
  assert.ok(cached.cachedInputTokens > 1000, `cached tokens: ${cached.cachedInputTokens}`);
  assert.equal(cached.inputTokens, plain.inputTokens, 'the cache point adds no text');
  assert.ok(cached.perCall < plain.perCall);

  const anthropicCall = (block: string) =>
    lines('import anthropic', '', 'client = anthropic.Anthropic()', pyPolicy, '', 'def answer(question):', `    return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, system=[${block}], messages=[{"role": "user", "content": question}])`);
  const uncachedAnthropic = analyzeFile('app.py', anthropicCall('{"type": "text", "text": SUPPORT_POLICY}'), isolatedContext, defaultConfig()).callSites[0].cost!;
  const cachedAnthropic = analyzeFile('app.py', anthropicCall('{"type": "text", "text": SUPPORT_POLICY, "cache_control": {"type": "ephemeral"}}'), isolatedContext, defaultConfig()).callSites[0].cost!;
  const price = cachedAnthropic.price;
  assert.ok(price.cacheReadPerMTok !== undefined);
  const expectedDifference = (cachedAnthropic.cachedInputTokens * (price.inputPerMTok - price.cacheReadPerMTok!)) / 1_000_000;
  assert.ok(Math.abs(uncachedAnthropic.perCall - cachedAnthropic.perCall - expectedDifference) < 1e-9, `${uncachedAnthropic.perCall} - ${cachedAnthropic.perCall} vs ${expectedDifference}`);
});
