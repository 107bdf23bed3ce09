import { lines, runRuleTests } from './rule-tester';
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
const CALL_LINE_ORDER = 5 + POLICY.length + 5;
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
    { name: 'OpenAI: static text first, dynamic last', language: 'typescript', code: openAiOrder([SYSTEM, EXAMPLES_MESSAGE, PROFILE, QUESTION]) },
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
    {
      name: 'OpenAI: a dynamic message before the static ones moves after them',
      language: 'typescript',
      code: openAiOrder([PROFILE, SYSTEM, EXAMPLES_MESSAGE, QUESTION]),
      errors: [{ line: CALL_LINE_ORDER, messageIncludes: ['Dynamic text (profile) comes before 1,', 'tokens of static text', 'at the cache-read price'] }],
      output: openAiOrder([SYSTEM, EXAMPLES_MESSAGE, PROFILE, QUESTION]),
      unsafe: true,
    },
    {
      name: 'OpenAI: dynamic text inside the static message cannot be moved',
      language: 'python',
      code: lines(
        'from datetime import date',
        'from openai import OpenAI',
        '',
        'client = OpenAI()',
        '',
        'POLICY = """',
        ...POLICY,
        '"""',
        '',
        'def answer(question):',
        '    return client.chat.completions.create(',
        '        model="gpt-4o",',
        '        max_completion_tokens=512,',
        '        messages=[',
        '            {"role": "system", "content": f"Today is {date.today()}.\\n" + POLICY},',
        '            {"role": "user", "content": question},',
        '        ],',
        '    )',
      ),
      errors: [{ line: 6 + POLICY.length + 4, messageIncludes: 'Dynamic text (date.today())' }],
      output: null,
    },
  ],
});
