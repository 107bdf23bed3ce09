/**
 * The server keeps each open document's parse and re-parses incrementally on every change: after a run of edits
 * (through broken and mended syntax), the diagnostics must equal those of a fresh session that opens the final text.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { EditorSession } from './editor-session';
import { MAIN_PY, PROMPTS_PY } from './fixtures';

const MAIN_TS = `import OpenAI from 'openai';

const client = new OpenAI();

export async function classify(ticket: string) {
  return client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'Please make sure to classify the ticket as billing, bug or other.' },
      { role: 'user', content: ticket },
    ],
  });
}
`;

const WORKSPACE = { 'app/__init__.py': '', 'app/prompts.py': PROMPTS_PY, 'app/main.py': MAIN_PY, 'web/main.ts': MAIN_TS };

const sessions: EditorSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.stop()));
});

async function start(): Promise<EditorSession> {
  const session = await EditorSession.start({ files: WORKSPACE });
  sessions.push(session);
  return session;
}

/** Each step replaces one piece of the text: typing in a prompt, breaking the syntax, mending it, changing the model. */
function steps(text: string, edits: [string, string][]): string[] {
  const texts: string[] = [];
  for (const [from, to] of edits) {
    assert.ok(text.includes(from), `the text has ${JSON.stringify(from)}`);
    text = text.replace(from, to);
    texts.push(text);
  }
  return texts;
}

async function diagnosticsAfterEdits(file: string, original: string, texts: string[]): Promise<{ each: Diagnostic[][]; last: string }> {
  const editor = await start();
  const uri = await editor.open(file, original);
  await editor.diagnostics(uri);
  const each: Diagnostic[][] = [];
  for (const text of texts) {
    const version = await editor.change(uri, text);
    each.push(await editor.diagnosticsAfter(0, uri, version));
  }
  return { each, last: texts[texts.length - 1] };
}

async function freshDiagnostics(file: string, text: string): Promise<Diagnostic[]> {
  const editor = await start();
  const uri = await editor.open(file, text);
  return editor.diagnostics(uri);
}

for (const [file, original, edits] of [
  [
    'app/main.py',
    MAIN_PY,
    [
      ['"content": ticket', '"content": "Please kindly answer: " + ticket'],
      ['        ],\n    )', '        ],\n    '],
      ['        ],\n    ', '        ],\n        max_tokens=5,\n    )'],
      ['model="gpt-4o"', 'model="gpt-4o-mini"'],
    ],
  ],
  [
    'web/main.ts',
    MAIN_TS,
    [
      ["content: ticket", "content: 'Please kindly answer: ' + ticket"],
      ['  });\n}', '  \n}'],
      ['  \n}', '    max_tokens: 5,\n  });\n}'],
      ["model: 'gpt-4o'", "model: 'gpt-4o-mini'"],
    ],
  ],
] as [string, string, [string, string][]][]) {
  test(`${file}: diagnostics after incremental edits equal a fresh analysis of the final text`, async () => {
    const texts = steps(original, edits);
    const { each, last } = await diagnosticsAfterEdits(file, original, texts);
    // The edits did change the findings on the way (the cap removes missing-max-tokens).
    assert.ok(each[0].some((d) => d.code === 'missing-max-tokens'));
    assert.ok(!each[each.length - 1].some((d) => d.code === 'missing-max-tokens'));
    const fresh = await freshDiagnostics(file, last);
    // Versions and workspace folders differ between the sessions; everything else must be the same.
    const comparable = (diagnostics: Diagnostic[]) =>
      JSON.parse(
        JSON.stringify(diagnostics)
          .replace(/"version":\d+/g, '"version":0')
          .replace(/prompt-cost-lsp-[A-Za-z0-9]+/g, 'workspace'),
      );
    assert.deepEqual(comparable(each[each.length - 1]), comparable(fresh));
  });
}
