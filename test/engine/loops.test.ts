/**
 * What the front ends read from the loops around a request: whether a loop's condition tests for tool use,
 * whether a tool check leaves the loop, and whether the loop waits for a user turn.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzeFile, prepareLanguages } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { toolLoopBoundedByModel } from '../../server/src/engine/loops';
import type { LoopFacts } from '../../server/src/engine/model';

before(() => prepareLanguages(['python', 'typescript']));

/** The loop facts of the only request in `code`. */
function loopsOf(file: string, code: string): LoopFacts[] {
  const analysis = analyzeFile(file, code, isolatedContext, defaultConfig());
  assert.equal(analysis.callSites.length, 1, `one call site in ${file}`);
  return analysis.callSites[0].site.call.loops ?? [];
}

const PY_HEAD = 'from openai import OpenAI\nclient = OpenAI()\n';
const TS_HEAD = "import OpenAI from 'openai';\nconst client = new OpenAI();\n";
const none: LoopFacts = { conditionTestsToolUse: false, exitsOnToolCheck: false, readsUserTurn: false };

describe('loop facts, Python', () => {
  test('a call outside any loop has none; the iterable of a for loop runs once', () => {
    assert.deepEqual(loopsOf('a.py', `${PY_HEAD}r = client.chat.completions.create(model="gpt-4o", messages=[])\n`), []);
    assert.deepEqual(loopsOf('b.py', `${PY_HEAD}for chunk in client.chat.completions.create(model="gpt-4o", messages=[], stream=True):\n    print(chunk)\n`), []);
  });

  test('a while condition on stop_reason; loops outside the function are not counted', () => {
    const code = `${PY_HEAD}for job in jobs:\n    def step(messages):\n        while response.stop_reason == "tool_use":\n            response = client.chat.completions.create(model="gpt-4o", messages=messages)\n`;
    assert.deepEqual(loopsOf('c.py', code), [{ ...none, conditionTestsToolUse: true }]);
  });

  test('a tool check that returns, and a stdin read, innermost loop first', () => {
    const code = `${PY_HEAD}import sys\nwhile True:\n    line = sys.stdin.readline()\n    for attempt in range(3):\n        r = client.chat.completions.create(model="gpt-4o", messages=[])\n        if not r.choices[0].message.tool_calls:\n            return r\n`;
    const loops = loopsOf('d.py', code);
    assert.deepEqual(loops, [{ ...none, exitsOnToolCheck: true }, { ...none, exitsOnToolCheck: true, readsUserTurn: true }]);
    assert.equal(toolLoopBoundedByModel(loops), true, 'the innermost loop ends on the tool check and reads no user turn');
  });

  test('a break that leaves a nested loop does not leave the outer one', () => {
    const code = `${PY_HEAD}while True:\n    r = client.chat.completions.create(model="gpt-4o", messages=[])\n    for block in r.content:\n        if block.type == "tool_use":\n            break\n`;
    const loops = loopsOf('e.py', code);
    assert.deepEqual(loops, [none]);
    assert.equal(toolLoopBoundedByModel(loops), false);
  });

  test('an elif on finish_reason followed by a break', () => {
    const code = `${PY_HEAD}while True:\n    r = client.chat.completions.create(model="gpt-4o", messages=[])\n    if r.usage is None:\n        pass\n    elif r.choices[0].finish_reason == "tool_calls":\n        continue\n    break\n`;
    assert.deepEqual(loopsOf('f.py', code), [{ ...none, exitsOnToolCheck: true }]);
  });
});

describe('loop facts, TypeScript', () => {
  test('a do-while on toolCalls, and a readline question inside another loop', () => {
    const code = `${TS_HEAD}export async function main(rl: any) {\n  while (true) {\n    const q = await rl.question('> ');\n    do {\n      var r = await client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n    } while (r.choices[0].message.tool_calls?.length);\n  }\n}\n`;
    const loops = loopsOf('a.ts', code);
    assert.deepEqual(loops, [{ ...none, conditionTestsToolUse: true }, { ...none, readsUserTurn: true }]);
    assert.equal(toolLoopBoundedByModel(loops), true);
  });

  test('an array callback is a loop with no exit; a nested function stops the walk', () => {
    const code = `${TS_HEAD}for (const x of xs) {\n  const handler = async () => Promise.all(items.map((item) => client.chat.completions.create({ model: 'gpt-4o', messages: [] })));\n}\n`;
    assert.deepEqual(loopsOf('b.ts', code), [none]);
  });

  test('a break inside a switch leaves the switch, not the loop', () => {
    const code = `${TS_HEAD}export async function main() {\n  for (;;) {\n    const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n    switch (r.choices[0].finish_reason) {\n      case 'tool_calls': break;\n    }\n    if (r.choices[0].finish_reason === 'stop') { console.log('done'); }\n  }\n}\n`;
    assert.deepEqual(loopsOf('c.ts', code), [none]);
  });
});
