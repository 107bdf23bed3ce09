import { runRuleTests } from './rule-tester';

runRuleTests('unbounded-history', {
  valid: [
    {
      name: 'pattern: a tool loop that continues after a tool turn and breaks otherwise (Python)',
      language: 'python',
      code: `from anthropic import Anthropic

client = Anthropic()


def run(task, tools, run_tool):
    messages = [{"role": "user", "content": task}]
    while True:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, tools=tools, messages=messages)
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason == "tool_use":
            results = [run_tool(block) for block in response.content if block.type == "tool_use"]
            messages.append({"role": "user", "content": results})
            continue
        break
    return response
`,
    },
    {
      name: 'pattern: a labelled tool loop left from a nested loop (TS)',
      language: 'typescript',
      code: `import OpenAI from 'openai';

const openai = new OpenAI();

export async function run(messages: OpenAI.Chat.ChatCompletionMessageParam[], callTool: (call: unknown) => Promise<string>) {
  turns: for (;;) {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages });
    const message = completion.choices[0]!.message;
    messages.push(message);
    for (const choice of completion.choices) {
      if (choice.finish_reason !== 'tool_calls') break turns;
    }
    for (const call of message.tool_calls ?? []) messages.push({ role: 'tool', tool_call_id: call.id, content: await callTool(call) });
  }
}
`,
    },
    {
      name: 'pattern: a tool loop that ends when the model stops calling tools (Python)',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI()


def run(question, tools, call_tool):
    messages = [{"role": "user", "content": question}]
    while True:
        response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=500, messages=messages, tools=tools)
        message = response.choices[0].message
        messages.append(message)
        if not message.tool_calls:
            return message.content
        for call in message.tool_calls:
            messages.append({"role": "tool", "tool_call_id": call.id, "content": call_tool(call)})
`,
    },
    {
      name: 'pattern: a tool loop that ends when the model stops calling tools (TS)',
      language: 'typescript',
      code: `import OpenAI from 'openai';

const openai = new OpenAI();
const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Recommend a book.' }];

export async function main(callFunction: (call: unknown) => Promise<unknown>) {
  while (true) {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages });
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (!message.tool_calls) {
      return;
    }
    for (const call of message.tool_calls) messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(await callFunction(call)) });
  }
}
`,
    },
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
    {
      name: 'pattern: a fresh list filled from the caller\'s messages on every call (format conversion, Python)',
      language: 'python',
      code: `import anthropic

client = anthropic.Anthropic()


def generate(messages):
    system_message = ""
    filtered_messages = []
    for message in messages:
        if message["role"] == "system":
            system_message = message["content"]
        else:
            filtered_messages.append(message)
    response = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=500, system=system_message, messages=filtered_messages)
    return response.content[0].text
`,
    },
    {
      name: 'pattern: a fresh list filled from the caller\'s messages on every call (format conversion, TS)',
      language: 'typescript',
      code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function complete(messages: { role: 'user' | 'assistant'; content: string }[]) {
  const out: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  for (const message of messages) out.push({ role: message.role, content: message.content.trim() });
  messages.forEach((message) => out.push({ role: message.role, content: message.content }));
  const response = await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages: out });
  return response.choices[0].message.content;
}
`,
    },
    {
      name: 'pattern: a tool loop whose condition tests stop_reason, with the first request before it (Python)',
      language: 'python',
      code: `import anthropic

client = anthropic.Anthropic()


def agent_loop(prompt, tools, run_tool):
    messages = [{"role": "user", "content": prompt}]
    response = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=1024, messages=messages, tools=tools)
    messages.append({"role": "assistant", "content": response.content})
    while response.stop_reason == "tool_use":
        for block in response.content:
            if block.type == "tool_use":
                tool_use = block
        messages.append({"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_use.id, "content": run_tool(tool_use)}]})
        response = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=1024, messages=messages, tools=tools)
        messages.append({"role": "assistant", "content": response.content})
    return response
`,
    },
    {
      name: 'pattern: a tool loop whose condition tests stop_reason, with a long body before the next request (Python)',
      language: 'python',
      code: `import anthropic

client = anthropic.Anthropic()


def agent_loop(prompt, tools, run_tool):
    messages = [{"role": "user", "content": prompt}]
    response = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=1024, messages=messages, tools=tools)
    while response.stop_reason == "tool_use":
        messages.append({"role": "assistant", "content": response.content})
${'        print(f"Logging one detail of the tool call: {response.id}")\n'.repeat(40)}        messages.append({"role": "user", "content": run_tool(response)})
        response = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=1024, messages=messages, tools=tools)
    return response
`,
    },
    {
      name: 'pattern: a tool loop whose condition tests finish_reason (Python)',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI()


def run(question, tools, call_tool):
    messages = [{"role": "user", "content": question}]
    response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=500, messages=messages, tools=tools)
    while response.choices[0].finish_reason == "tool_calls":
        message = response.choices[0].message
        messages.append(message)
        for call in message.tool_calls:
            messages.append({"role": "tool", "tool_call_id": call.id, "content": call_tool(call)})
        response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=500, messages=messages, tools=tools)
    return response.choices[0].message.content
`,
    },
    {
      name: 'pattern: a tool loop whose condition tests stop_reason (TS)',
      language: 'typescript',
      code: `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

export async function agent(prompt: string, runTool: (block: unknown) => string) {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: prompt }];
  let response = await client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 1024, messages });
  while (response.stop_reason === 'tool_use') {
    messages.push({ role: 'assistant', content: response.content });
    for (const block of response.content) {
      if (block.type === 'tool_use') messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: block.id, content: runTool(block) }] });
    }
    response = await client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 1024, messages });
  }
  return response;
}
`,
    },
    {
      name: 'pattern: a chat whose requests have the server trim old context (context_management, Python)',
      language: 'python',
      code: `import anthropic

client = anthropic.Anthropic()
messages = []


def chat_loop():
    while True:
        messages.append({"role": "user", "content": input("> ")})
        response = client.beta.messages.create(
            model="claude-sonnet-4-5",
            max_tokens=1024,
            messages=messages,
            betas=["context-management-2025-06-27"],
            context_management={"edits": [{"type": "clear_tool_uses_20250919"}]},
        )
        messages.append({"role": "assistant", "content": response.content})
`,
    },
    {
      name: 'pattern: a chat whose requests have the server trim old context (contextManagement, TS)',
      language: 'typescript',
      code: `import { generateText, type ModelMessage } from 'ai';
import { openai } from '@ai-sdk/openai';

const messages: ModelMessage[] = [];

export async function reply(question: string) {
  messages.push({ role: 'user', content: question });
  const result = await generateText({
    model: openai('gpt-4o-mini'),
    maxOutputTokens: 500,
    messages,
    providerOptions: { openai: { contextManagement: [{ type: 'compaction', compactThreshold: 100000 }] } },
  });
  messages.push(...result.response.messages);
  return result.text;
}
`,
    },
  ],
  invalid: [
    {
      name: 'pattern: a tool check whose break leaves an inner loop, not the conversation loop',
      language: 'python',
      code: `from anthropic import Anthropic

client = Anthropic()
messages = []


def serve(inbox):
    while True:
        messages.append({"role": "user", "content": inbox.get()})
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        for block in response.content:
            if block.type == "tool_use":
                break
        messages.append({"role": "assistant", "content": response.content})
`,
      errors: [{ line: 10, messageIncludes: '`messages` grows by 2 appends inside a loop' }],
      output: null,
    },
    {
      name: 'pattern: a chat loop with tools still grows with every user turn',
      language: 'typescript',
      code: `import OpenAI from 'openai';
import * as readline from 'node:readline/promises';

const openai = new OpenAI();
const terminal = readline.createInterface({ input: process.stdin, output: process.stdout });
const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];

export async function main() {
  while (true) {
    messages.push({ role: 'user', content: await terminal.question('You: ') });
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages });
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (message.tool_calls) break;
  }
}
`,
      errors: [{ line: 11, messageIncludes: '`messages` grows by 2 appends inside a loop' }],
      output: null,
    },
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

runRuleTests('unbounded-history', {
  valid: [
    {
      name: 'pattern: a tool loop that breaks when the model stops calling tools (Python, for with break)',
      language: 'python',
      code: `import anthropic

client = anthropic.Anthropic()


def run(question, tools, call_tool):
    messages = [{"role": "user", "content": question}]
    while True:
        response = client.messages.create(model="claude-haiku-4-5", max_tokens=500, messages=messages, tools=tools)
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            break
        messages.append({"role": "user", "content": [call_tool(block) for block in response.content if block.type == "tool_use"]})
    return response
`,
    },
  ],
  invalid: [
    {
      name: 'pattern: a history that grows with user turns is flagged, with a web link to the docs',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI()
messages = []

while True:
    messages.append({"role": "user", "content": input("> ")})
    reply = client.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=messages)
    messages.append({"role": "assistant", "content": reply.choices[0].message.content})
`,
      errors: [{ line: 8, messageIncludes: ['https://', 'docs/rules/unbounded-history.md#how-to-fix'] }],
    },
    {
      name: 'pattern: a history that grows over unbounded iterations is flagged (TS)',
      language: 'typescript',
      code: `import OpenAI from 'openai';

const client = new OpenAI();
const history: OpenAI.Chat.ChatCompletionMessageParam[] = [];

export async function watch(events: AsyncIterable<string>) {
  for await (const event of events) {
    history.push({ role: 'user', content: event });
    const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 300, messages: history });
    history.push({ role: 'assistant', content: reply.choices[0].message.content ?? '' });
  }
}
`,
      errors: [{ line: 9 }],
    },
  ],
});
