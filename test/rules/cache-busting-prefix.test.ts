import { lines, runRuleTests } from './rule-tester';
import { examplePolicyLines } from '../../server/src/engine/rules/uncached-static-prefix';

/** About 1,900 tokens of static instructions: above the 1,024-token minimum of OpenAI and Claude Sonnet. */
const POLICY = examplePolicyLines();

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
const CALL_LINE_ORDER = 5 + POLICY.length + 5;
const PROFILE = "      { role: 'user', content: profile },";
const SYSTEM = "      { role: 'system', content: SUPPORT_POLICY },";
const EXAMPLES_MESSAGE = "      { role: 'system', content: EXAMPLES },";
const QUESTION = "      { role: 'user', content: question },";

const pythonOpenAi = (systemContent: string, model = 'gpt-4o') =>
  lines(
    'from datetime import date',
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    'POLICY = """',
    ...POLICY,
    '"""',
    '',
    'def answer(question, document):',
    '    return client.chat.completions.create(',
    `        model="${model}",`,
    '        max_completion_tokens=512,',
    '        messages=[',
    `            {"role": "system", "content": ${systemContent}},`,
    '            {"role": "user", "content": question},',
    '        ],',
    '    )',
  );
const CALL_LINE_PY = 6 + POLICY.length + 4;

const pythonAnthropic = (systemBlocks: string, messages = '[{"role": "user", "content": question}]') =>
  lines(
    'import time',
    'import anthropic',
    '',
    'client = anthropic.Anthropic()',
    '',
    'POLICY = """',
    ...POLICY,
    '"""',
    '',
    'def answer(question, request_id):',
    '    return client.messages.create(',
    '        model="claude-sonnet-4-5",',
    '        max_tokens=512,',
    `        system=${systemBlocks},`,
    `        messages=${messages},`,
    '    )',
  );
const CALL_LINE_ANTHROPIC = 6 + POLICY.length + 4;

const geminiPython = (contents: string) =>
  lines(
    'from google import genai',
    '',
    'client = genai.Client()',
    '',
    'POLICY = """',
    ...POLICY,
    ...POLICY,
    '"""',
    '',
    'def answer(question, user_id):',
    '    return client.models.generate_content(',
    '        model="gemini-2.5-flash",',
    `        contents=${contents},`,
    '    )',
  );
const CALL_LINE_GEMINI = 5 + 2 * POLICY.length + 4;

runRuleTests('cache-busting-prefix', {
  valid: [
    { name: 'OpenAI: static text first, dynamic last', language: 'typescript', code: openAiOrder([SYSTEM, EXAMPLES_MESSAGE, PROFILE, QUESTION]) },
    {
      name: 'OpenAI: a document placed first is likely the same on the next call (a stable value)',
      language: 'python',
      code: pythonOpenAi('f"Document:\\n{document}\\n\\n" + POLICY'),
    },
    {
      name: 'OpenAI: a date after the static policy',
      language: 'python',
      code: pythonOpenAi('POLICY + f"\\nToday is {date.today()}."'),
    },
    {
      name: 'OpenAI: gpt-3.5 has no prompt caching',
      language: 'python',
      code: pythonOpenAi('f"Today is {date.today()}.\\n" + POLICY', 'gpt-3.5-turbo'),
    },
    {
      name: 'Anthropic: no cache_control breakpoint (uncached-static-prefix reports the missing marker)',
      language: 'python',
      code: pythonAnthropic('[{"type": "text", "text": f"Request {request_id}\\n" + POLICY}]'),
    },
    {
      name: 'Anthropic: the changing value after the breakpoint',
      language: 'python',
      code: pythonAnthropic(
        '[{"type": "text", "text": POLICY, "cache_control": {"type": "ephemeral"}}, {"type": "text", "text": f"Request {request_id}"}]',
      ),
    },
    {
      name: 'Anthropic: a short static part after the changing value',
      language: 'python',
      code: pythonAnthropic('[{"type": "text", "text": f"Request {request_id}. Answer briefly.", "cache_control": {"type": "ephemeral"}}]'),
    },
  ],
  invalid: [
    {
      name: 'OpenAI: a dynamic message before the static ones moves after them',
      language: 'typescript',
      code: openAiOrder([PROFILE, SYSTEM, EXAMPLES_MESSAGE, QUESTION]),
      errors: [
        {
          line: CALL_LINE_ORDER,
          messageIncludes: ['Changing text (profile) comes before 1,', 'tokens of static text', 'at the cache-read price', '1,000 calls/day, the workspace default', 'all but the first call in each 5-minute window'],
        },
      ],
      output: openAiOrder([SYSTEM, EXAMPLES_MESSAGE, PROFILE, QUESTION]),
      unsafe: true,
    },
    {
      name: 'OpenAI: a date inside the system message cannot be moved by a fix',
      language: 'python',
      code: pythonOpenAi('f"Today is {date.today()}.\\n" + POLICY'),
      errors: [{ line: CALL_LINE_PY, messageIncludes: 'Changing text (date.today())' }],
      output: null,
    },
    {
      name: 'Gemini: a user id before a long static prompt (implicit caching from 2,048 tokens on 2.5 Flash)',
      language: 'python',
      code: geminiPython('[f"User {user_id}", POLICY, question]'),
      errors: [{ line: CALL_LINE_GEMINI, messageIncludes: 'Changing text (user_id)' }],
    },
    {
      name: 'Anthropic: a timestamp before the breakpoint writes a new cache entry on every call',
      language: 'python',
      code: pythonAnthropic('[{"type": "text", "text": f"Now: {time.time()}\\n" + POLICY, "cache_control": {"type": "ephemeral"}}]'),
      errors: [{ line: CALL_LINE_ANTHROPIC, messageIncludes: ['Changing text (time.time())', 'inside the cache_control prefix', 'instead of written at the cache-write price'] }],
      output: null,
    },
    {
      name: 'Anthropic TS: a per-request message before the cached static messages moves after them',
      language: 'typescript',
      code: lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        'const anthropic = new Anthropic();',
        'const POLICY = `',
        ...POLICY,
        '`;',
        'export async function answer(requestId: string, question: string) {',
        '  return anthropic.messages.create({',
        "    model: 'claude-sonnet-4-5',",
        '    max_tokens: 512,',
        '    messages: [',
        "      { role: 'user', content: requestId },",
        "      { role: 'user', content: [{ type: 'text', text: POLICY, cache_control: { type: 'ephemeral' } }] },",
        "      { role: 'user', content: question },",
        '    ],',
        '  });',
        '}',
      ),
      errors: [{ line: 4 + POLICY.length + 3, messageIncludes: 'Changing text (requestId)' }],
      output: lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        'const anthropic = new Anthropic();',
        'const POLICY = `',
        ...POLICY,
        '`;',
        'export async function answer(requestId: string, question: string) {',
        '  return anthropic.messages.create({',
        "    model: 'claude-sonnet-4-5',",
        '    max_tokens: 512,',
        '    messages: [',
        "      { role: 'user', content: [{ type: 'text', text: POLICY, cache_control: { type: 'ephemeral' } }] },",
        "      { role: 'user', content: requestId },",
        "      { role: 'user', content: question },",
        '    ],',
        '  });',
        '}',
      ),
      unsafe: true,
    },
  ],
});
