import { lines, runRuleTests } from './rule-tester';

/** One paragraph of about 70 tokens. */
const GUIDE =
  'You are the release-notes writer of Acme Cloud. Write for administrators who manage teams of fifty to five hundred people. ' +
  'Lead with what changed for them, then what they must do, then what they may ignore. Keep each item to two sentences, ' +
  'name the setting or page by its exact title, and never promise a date that the engineering notes do not state.';
const SHORT = 'You are a helpful assistant. Answer briefly.';

const python = (constants: string[], messages: string[]) =>
  lines(
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    ...constants,
    '',
    'def notes(changes, question):',
    '    return client.chat.completions.create(',
    '        model="gpt-4.1",',
    '        max_completion_tokens=800,',
    '        messages=[',
    ...messages.map((message) => `            ${message},`),
    '        ],',
    '    )',
  );

const typescript = (system: string, content: string) =>
  lines(
    "import Anthropic from '@anthropic-ai/sdk';",
    '',
    'const anthropic = new Anthropic();',
    `const GUIDE = '${GUIDE}';`,
    `const SHORT = '${SHORT}';`,
    'const DATA = `[{"id": 1, "status": "ACTIVE", "plan": "team", "seats": 50, "region": "eu-west-1", "owner": "admin@acme.example", "renewal": "2026-01-01"}]`;',
    '',
    'export async function notes(changes: string) {',
    '  return anthropic.messages.create({',
    "    model: 'claude-sonnet-4-5',",
    '    max_tokens: 800,',
    `    system: ${system},`,
    `    messages: [{ role: 'user', content: ${content} }],`,
    '  });',
    '}',
  );

runRuleTests('duplicate-message-content', {
  valid: [
    {
      name: 'system prompt once, data in the user message',
      language: 'python',
      code: python([`GUIDE = "${GUIDE}"`], ['{"role": "system", "content": GUIDE}', '{"role": "user", "content": "Engineering notes:\\n" + changes}']),
    },
    {
      name: 'a short sentence repeated is phrasing, not duplicated content',
      language: 'python',
      code: python([`SHORT = "${SHORT}"`], ['{"role": "system", "content": SHORT}', '{"role": "user", "content": SHORT + "\\n" + question}']),
    },
    {
      name: 'the same dynamic value twice is not static content',
      language: 'typescript',
      code: typescript('`Notes: ${changes}`', '`Notes again: ${changes}`'),
    },
    {
      name: 'a call whose context the provider compacts (padding on purpose, summarised away)',
      language: 'typescript',
      code: lines(
        "import { generateText } from 'ai';",
        "import { openai } from '@ai-sdk/openai';",
        `const GUIDE = '${GUIDE}';`,
        'export const notes = (changes: string) =>',
        '  generateText({',
        "    model: openai.responses('gpt-4.1'),",
        "    messages: [{ role: 'user', content: `${GUIDE}\\n\\n${changes}\\n\\n${GUIDE}` }],",
        "    providerOptions: { openai: { contextManagement: [{ type: 'compaction', compactThreshold: 50000 }] } },",
        '  });',
      ),
    },
    {
      name: 'structured data repeated (JSON records) is left to the data rules',
      language: 'typescript',
      code: typescript('DATA', '`${DATA}\\n\\n${changes}`'),
    },
  ],
  invalid: [
    {
      name: 'Python: the system prompt pasted again at the top of the user message',
      language: 'python',
      code: python([`GUIDE = "${GUIDE}"`], ['{"role": "system", "content": GUIDE}', '{"role": "user", "content": GUIDE + "\\n\\nEngineering notes:\\n" + changes}']),
      errors: [
        {
          line: 7,
          messageIncludes: [
            'block "You are the release-notes writer of Acme Cloud.…" is sent in message 1 (system) and again in message 2 (user)',
            'input tokens per call',
            '/month at 1,000 calls/day, the workspace default',
          ],
        },
      ],
      output: null,
    },
    {
      name: 'Python: an instruction block repeated in every few-shot turn',
      language: 'python',
      code: python(
        [`GUIDE = "${GUIDE}"`],
        [
          '{"role": "user", "content": f"{GUIDE}\\n\\nNotes: fixed login bug"}',
          '{"role": "assistant", "content": "- Sign-in works again for SSO users."}',
          '{"role": "user", "content": f"{GUIDE}\\n\\nNotes: {changes}"}',
        ],
      ),
      errors: [{ line: 7, messageIncludes: 'in message 1 (user) and again in message 3 (user)' }],
    },
    {
      name: 'Python: one document constant placed twice in one message',
      language: 'python',
      code: python([`GUIDE = "${GUIDE}"`], ['{"role": "user", "content": GUIDE + "\\n" + changes + "\\n" + GUIDE}']),
      errors: [{ line: 7, messageIncludes: 'twice in message 1 (user)' }],
    },
    {
      name: 'TS: one constant twice in a template literal, no compaction',
      language: 'typescript',
      code: lines(
        "import { generateText } from 'ai';",
        "import { openai } from '@ai-sdk/openai';",
        `const GUIDE = '${GUIDE}';`,
        'export const notes = (changes: string) =>',
        '  generateText({',
        "    model: openai.responses('gpt-4.1'),",
        "    messages: [{ role: 'user', content: `${GUIDE}\\n\\n${changes}\\n\\n${GUIDE}` }],",
        '  });',
      ),
      errors: [{ line: 5, messageIncludes: 'twice in message 1 (user)' }],
    },
    {
      name: 'TS: the system prompt repeated in the user message (template literal)',
      language: 'typescript',
      code: typescript('GUIDE', '`${GUIDE}\\n\\nEngineering notes:\\n${changes}`'),
      errors: [{ line: 9, messageIncludes: 'sent in the system prompt and again in message 1 (user)' }],
      output: null,
    },
  ],
});
