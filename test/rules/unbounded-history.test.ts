import { runRuleTests } from './rule-tester';

runRuleTests('unbounded-history', {
  valid: [
    {
      name: 'a fresh list per call',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI()


def ask(question: str) -> str:
    messages = [{"role": "system", "content": "You are a support assistant."}]
    messages.append({"role": "user", "content": question})
    response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=500, messages=messages)
    return response.choices[0].message.content
`,
    },
    {
      name: 'a history trimmed by reassignment',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI()
messages = [{"role": "system", "content": "You are a support assistant."}]


def chat_loop():
    global messages
    while True:
        messages.append({"role": "user", "content": input("> ")})
        messages = messages[:1] + messages[-10:]
        response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=500, messages=messages)
        messages.append({"role": "assistant", "content": response.choices[0].message.content})
`,
    },
    {
      name: 'a history trimmed with splice',
      language: 'typescript',
      code: `import OpenAI from 'openai';

const client = new OpenAI();
const history: { role: 'user' | 'assistant'; content: string }[] = [];

export async function reply(question: string) {
  history.push({ role: 'user', content: question });
  if (history.length > 20) history.splice(0, history.length - 20);
  const response = await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages: history });
  return response.choices[0].message.content;
}
`,
    },
  ],
  invalid: [
    {
      name: 'appended in a loop',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI()
messages = [{"role": "system", "content": "You are a support assistant."}]


def chat_loop():
    while True:
        messages.append({"role": "user", "content": input("> ")})
        response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=500, messages=messages)
        messages.append({"role": "assistant", "content": response.choices[0].message.content})
`,
      errors: [{ line: 10, messageIncludes: ['`messages` grows by 2 appends inside a loop', 'every call re-sends the whole history', 'docs/rules/unbounded-history.md'] }],
      output: null,
    },
    {
      name: 'a module-level history across requests',
      language: 'typescript',
      code: `import OpenAI from 'openai';

const client = new OpenAI();
const history: { role: 'user' | 'assistant'; content: string }[] = [];

export async function reply(question: string) {
  history.push({ role: 'user', content: question });
  const response = await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages: history });
  history.push({ role: 'assistant', content: response.choices[0].message.content ?? '' });
  return response.choices[0].message.content;
}
`,
      errors: [{ line: 8, messageIncludes: ['`history` grows by 2 appends across calls'] }],
      output: null,
    },
  ],
});
