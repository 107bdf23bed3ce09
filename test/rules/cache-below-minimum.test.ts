import { lines, runRuleTests } from './rule-tester';
import { examplePolicyLines } from '../../server/src/engine/rules/uncached-static-prefix';

/** About 1,900 tokens: above Sonnet's 1,024-token minimum, below Haiku 4.5's 4,096. */
const POLICY = examplePolicyLines();
const SHORT = 'You are a support assistant. Answer in two sentences and link the help-center article that fits.';

const python = (model: string, system: string, constant = `SYSTEM = "${SHORT}"`, extra: string[] = []) =>
  lines(
    'import anthropic',
    '',
    'client = anthropic.Anthropic()',
    '',
    constant,
    '',
    'def answer(question, document):',
    '    return client.messages.create(',
    `        model="${model}",`,
    '        max_tokens=512,',
    ...extra,
    `        system=${system},`,
    '        messages=[{"role": "user", "content": question}],',
    '    )',
  );

const typescript = (model: string, messages: string[]) =>
  lines(
    "import Anthropic from '@anthropic-ai/sdk';",
    '',
    'const anthropic = new Anthropic();',
    `const SYSTEM = '${SHORT}';`,
    '',
    'export async function answer(question: string) {',
    '  return anthropic.messages.create({',
    `    model: '${model}',`,
    '    max_tokens: 512,',
    '    messages: [',
    ...messages,
    '    ],',
    '  });',
    '}',
  );

const vercel = (model: string) =>
  lines(
    "import { generateText } from 'ai';",
    "import { anthropic } from '@ai-sdk/anthropic';",
    `const SYSTEM = '${SHORT}';`,
    'export const answer = (question: string) =>',
    '  generateText({',
    `    model: anthropic('${model}'),`,
    '    maxOutputTokens: 512,',
    '    messages: [',
    "      { role: 'system', content: SYSTEM, providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } },",
    "      { role: 'user', content: question },",
    '    ],',
    '  });',
  );

const CACHED_SYSTEM = '[{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}]';

runRuleTests('cache-below-minimum', {
  valid: [
    { name: 'no cache marker', language: 'python', code: python('claude-sonnet-4-5', 'SYSTEM') },
    {
      name: 'a long policy above the Sonnet minimum',
      language: 'python',
      code: python('claude-sonnet-4-5', CACHED_SYSTEM, ['SYSTEM = """', ...POLICY, '"""'].join('\n')),
    },
    {
      name: 'a dynamic document inside the prefix may be long: not reported',
      language: 'python',
      code: python('claude-sonnet-4-5', '[{"type": "text", "text": SYSTEM}, {"type": "text", "text": document, "cache_control": {"type": "ephemeral"}}]'),
    },
    {
      name: 'an Anthropic-defined tool (text editor) adds a system prompt the code does not show: length unknown',
      language: 'python',
      code: python('claude-sonnet-4-5', CACHED_SYSTEM, `SYSTEM = "${SHORT}"`, ['        tools=[{"type": "text_editor_20250124", "name": "str_replace_editor"}],']),
    },
    {
      name: 'TS: an Anthropic-defined tool from the Vercel AI provider (anthropic.tools.textEditor_…)',
      language: 'typescript',
      code: lines(
        "import { generateText } from 'ai';",
        "import { anthropic } from '@ai-sdk/anthropic';",
        'export const edit = (request: string) =>',
        '  generateText({',
        "    model: anthropic('claude-sonnet-4-5'),",
        '    maxOutputTokens: 512,',
        "    tools: { str_replace_editor: anthropic.tools.textEditor_20250124({ execute: async () => 'done' }) },",
        '    messages: [',
        "      { role: 'user', content: 'Update my README file.', providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } },",
        '    ],',
        '  });',
      ),
    },
    {
      name: 'test code calls mocked clients',
      language: 'python',
      file: 'tests/test_messages.py',
      code: python('claude-sonnet-4-5', CACHED_SYSTEM),
    },
    {
      name: 'OpenAI models cache automatically; no breakpoint to judge',
      language: 'python',
      code: lines(
        'from openai import OpenAI',
        'client = OpenAI()',
        'def answer(question):',
        '    return client.chat.completions.create(model="gpt-4o", max_completion_tokens=100, messages=[{"role": "user", "content": question}])',
      ),
    },
    {
      name: 'TS: a short prefix followed by a cached long policy message (the last breakpoint decides)',
      language: 'typescript',
      code: lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        'const anthropic = new Anthropic();',
        `const SYSTEM = '${SHORT}';`,
        'const POLICY = `',
        ...POLICY,
        '`;',
        'export async function answer(question: string) {',
        '  return anthropic.messages.create({',
        "    model: 'claude-sonnet-4-5',",
        '    max_tokens: 512,',
        "    system: [{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }],",
        '    messages: [',
        "      { role: 'user', content: [{ type: 'text', text: POLICY, cache_control: { type: 'ephemeral' } }] },",
        "      { role: 'user', content: question },",
        '    ],',
        '  });',
        '}',
      ),
    },
  ],
  invalid: [
    {
      name: 'Python: a short cached system prompt on Sonnet',
      language: 'python',
      code: python('claude-sonnet-4-5', CACHED_SYSTEM),
      errors: [
        {
          line: 8,
          messageIncludes: ['cache_control breakpoint on the system prompt', 'below the 1,024 tokens claude-sonnet-4-5 caches from', 'nothing is cached', '/month more', '1,000 calls/day, the workspace default', 'best case'],
        },
      ],
      output: null,
    },
    {
      name: 'Python: the long policy is above Sonnet\'s minimum but below Haiku 4.5\'s 4,096',
      language: 'python',
      code: python('claude-haiku-4-5', CACHED_SYSTEM, ['SYSTEM = """', ...POLICY, '"""'].join('\n')),
      errors: [{ line: 9 + POLICY.length, messageIncludes: 'below the 4,096 tokens claude-haiku-4-5 caches from' }],
    },
    {
      name: 'TS: a cached message block on Sonnet',
      language: 'typescript',
      code: typescript('claude-sonnet-4-5', [
        "      { role: 'user', content: [{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }] },",
        "      { role: 'user', content: question },",
      ]),
      errors: [{ line: 7, messageIncludes: 'breakpoint on message 1 (user)' }],
      output: null,
    },
    {
      name: 'TS: Vercel AI SDK providerOptions cacheControl on a short system message',
      language: 'typescript',
      code: vercel('claude-sonnet-4-5'),
      errors: [{ line: 5 }],
    },
  ],
});
