import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileFactsOf, offlineReason } from '../../server/src/engine/rules/batch-eligible';
import { runRuleTests } from './rule-tester';

const loopPython = (functionName: string) => `from openai import OpenAI

client = OpenAI()


def ${functionName}(articles):
    for article in articles:
        response = client.chat.completions.create(
            model="gpt-4o-mini",
            max_tokens=32,
            messages=[{"role": "user", "content": "Write a title for this article: " + article.body}],
        )
        article.title = response.choices[0].message.content
`;

const anthropicTs = (functionName: string) => `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

export async function ${functionName}(tickets: { id: string; body: string }[]) {
  for (const ticket of tickets) {
    await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: \`Tag this ticket: \${ticket.body}\` }],
    });
  }
}
`;

runRuleTests('batch-eligible', {
  valid: [
    { name: 'a loop in application code', language: 'python', code: loopPython('retitle') },
    { name: 'a request handler in a scripts folder', language: 'python', file: 'scripts/server.py', code: loopPython('handle_titles') },
    { name: 'a route file', language: 'typescript', file: 'app/api/tags/route.ts', code: anthropicTs('tagAll') },
    {
      name: 'a file declaring web routes',
      language: 'python',
      file: 'jobs/app.py',
      code: `from fastapi import FastAPI
from openai import OpenAI

app = FastAPI()
client = OpenAI()


@app.post("/titles")
def titles(articles: list[str]):
    return [
        client.chat.completions.create(model="gpt-4o-mini", max_tokens=32, messages=[{"role": "user", "content": a}])
        for a in articles
    ]
`,
    },
    {
      name: 'no loop',
      language: 'python',
      file: 'scripts/one_title.py',
      code: `from openai import OpenAI

client = OpenAI()
response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=32, messages=[{"role": "user", "content": "Title?"}])
`,
    },
    {
      name: 'embeddings in a loop',
      language: 'python',
      file: 'scripts/embed.py',
      code: `from openai import OpenAI

client = OpenAI()
for doc in ["a", "b"]:
    client.embeddings.create(model="text-embedding-3-small", input=doc)
`,
    },
  ],
  invalid: [
    {
      name: 'a loop in a scripts folder',
      language: 'python',
      file: 'scripts/retitle.py',
      code: loopPython('retitle'),
      errors: [{ line: 8, messageIncludes: ['scripts/retitle.py looks like offline code', 'the OpenAI Batch API', '50% cheaper', 'saves ≈ $', '/month'] }],
      output: null,
    },
    {
      name: 'a backfill function',
      language: 'python',
      code: loopPython('backfill_titles'),
      errors: [{ line: 8, messageIncludes: 'backfill_titles() looks like offline code' }],
    },
    {
      name: 'a nightly job in TypeScript',
      language: 'typescript',
      code: anthropicTs('nightlyTagging'),
      errors: [{ line: 7, messageIncludes: ['nightlyTagging() looks like offline code', 'the Anthropic Message Batches API'] }],
      output: null,
    },
    {
      name: 'a file run as a script',
      language: 'python',
      code: `from openai import OpenAI

client = OpenAI()

if __name__ == "__main__":
    for line in open("questions.txt"):
        client.chat.completions.create(model="gpt-4o-mini", max_tokens=100, messages=[{"role": "user", "content": line}])
`,
      errors: [{ line: 7, messageIncludes: 'the file runs as a script' }],
    },
  ],
});

test('offline code: paths, function names, handlers', () => {
  assert.equal(offlineReason('jobs/nightly_digest.py', fileFactsOf(''), null), 'jobs/nightly_digest.py looks like offline code');
  assert.equal(offlineReason('src/backfillTitles.ts', fileFactsOf(''), null), 'src/backfillTitles.ts looks like offline code');
  assert.equal(offlineReason('src/app.ts', fileFactsOf(''), 'runEtl'), 'runEtl() looks like offline code');
  assert.equal(offlineReason('src/describe.ts', fileFactsOf(''), 'transcript'), null);
  assert.equal(offlineReason('scripts/app.py', fileFactsOf(''), 'handle_request'), null);
  assert.equal(offlineReason('src/routes/batch.ts', fileFactsOf(''), null), null);
});

runRuleTests('batch-eligible', {
  valid: [
    {
      name: 'pattern: a sequential tool loop (each request needs the previous answer) is not batchable (TS)',
      language: 'typescript',
      file: 'scripts/function-call.ts',
      code: `import OpenAI from 'openai';

const openai = new OpenAI();

async function main(callFunction: (call: unknown) => Promise<string>) {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Find a book and summarize it.' }];
  while (true) {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages });
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (!message.tool_calls) return message.content;
    for (const call of message.tool_calls) messages.push({ role: 'tool', tool_call_id: call.id, content: await callFunction(call) });
  }
}

main(async () => '');
`,
    },
    {
      name: 'pattern: a sequential agent loop (each request needs the previous answer) is not batchable (Python)',
      language: 'python',
      file: 'scripts/agent.py',
      code: `from openai import OpenAI

client = OpenAI()


def main(question, run_tool):
    messages = [{"role": "user", "content": question}]
    for step in range(10):
        response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=500, messages=messages)
        message = response.choices[0].message
        messages.append(message)
        if not message.tool_calls:
            break
        messages.append({"role": "tool", "tool_call_id": message.tool_calls[0].id, "content": run_tool(message.tool_calls[0])})
`,
    },
    {
      name: 'pattern: iterating the chunks of one streamed reply is one request, not one per item',
      language: 'python',
      file: 'scripts/stream.py',
      code: `from google import genai

client = genai.Client()

for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents="Why is the sky blue?", config={"max_output_tokens": 200}):
    print(chunk.text)
`,
    },
  ],
  invalid: [
    {
      name: 'pattern: a loop over independent items qualifies',
      language: 'python',
      file: 'scripts/summaries.py',
      code: `from openai import OpenAI

client = OpenAI()


def main(documents):
    for document in documents:
        messages = [{"role": "user", "content": "Summarize: " + document}]
        client.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=messages)
`,
      errors: [{ line: 9, messageIncludes: ['looks like offline code', 'at 1,000 calls/day, the workspace default'] }],
    },
  ],
});
