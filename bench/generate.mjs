// Generates the benchmark trees from a fixed seed, so every run measures the same bytes:
//   (a) 10,000 source files with no LLM calls (the prefilter path),
//   (b) 2,000 files of which 300 hold 1–5 LLM calls of every supported shape, with prompt constants
//       imported across files,
//   (c) one 3,000-line Python file and one 3,000-line TypeScript file with 50 calls each.
// Usage: node bench/generate.mjs <dir> [seed]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SEED = 20251125;

/** mulberry32: a small, fast PRNG with a 32-bit state; enough for reproducible shapes. */
function randomFrom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

// Words chosen so that no file without calls contains a prefilter needle (openai, google, boto3, …).
const NOUNS = ['order', 'invoice', 'customer', 'ticket', 'report', 'account', 'session', 'payment', 'shipment', 'product', 'review', 'schedule', 'metric', 'profile', 'export', 'upload'];
const VERBS = ['load', 'save', 'parse', 'render', 'validate', 'compute', 'merge', 'filter', 'format', 'sync', 'archive', 'refresh'];
const MODELS_OPENAI = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1'];
const MODELS_ANTHROPIC = ['claude-sonnet-4-5', 'claude-3-5-haiku-latest', 'claude-haiku-4-5'];
const MODELS_GEMINI = ['gemini-2.5-flash', 'gemini-2.0-flash', 'gemini-1.5-pro'];

function write(root, rel, text) {
  const full = join(root, ...rel.split('/'));
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

// ------------------------------------------------------------------ files without calls

function plainPython(rng, lines) {
  const out = ['"""Helpers for the back office."""', 'import json', 'import os', 'from dataclasses import dataclass', ''];
  let i = 0;
  for (;;) {
    const noun = rng.pick(NOUNS);
    const verb = rng.pick(VERBS);
    const shape = rng.int(0, 2);
    const block = [];
    if (shape === 0) {
      block.push(
        `def ${verb}_${noun}_${i}(records, limit=${rng.int(5, 500)}):`,
        `    """${verb.charAt(0).toUpperCase() + verb.slice(1)}s ${noun} records up to the limit."""`,
        `    result = []`,
        `    for record in records[:limit]:`,
        `        if record.get("${noun}_id") is None:`,
        `            continue`,
        `        result.append({"id": record["${noun}_id"], "total": record.get("total", 0) * ${rng.int(1, 9)}})`,
        `    return result`,
        '',
      );
    } else if (shape === 1) {
      block.push(
        '@dataclass',
        `class ${noun.charAt(0).toUpperCase() + noun.slice(1)}${i}:`,
        `    name: str`,
        `    count: int = ${rng.int(0, 99)}`,
        '',
        `    def ${verb}(self, path):`,
        `        with open(os.path.join(path, "${noun}-${i}.json"), "w", encoding="utf-8") as handle:`,
        `            json.dump({"name": self.name, "count": self.count}, handle)`,
        '',
      );
    } else {
      block.push(`${noun.toUpperCase()}_${verb.toUpperCase()}_LIMIT_${i} = ${rng.int(1, 10000)}`, `# ${verb} ${noun} batches of this size`, '');
    }
    // Whole blocks only, so the file stays valid Python; comment lines make up the exact count.
    if (out.length + block.length > lines) break;
    out.push(...block);
    i++;
  }
  while (out.length < lines) out.push(`# ${rng.pick(NOUNS)} notes`);
  return out.join('\n') + '\n';
}

function plainTypeScript(rng, lines, javascript = false) {
  const t = (type) => (javascript ? '' : type);
  const out = [`import { readFile } from 'node:fs/promises';`, `import * as path from 'node:path';`, ''];
  let i = 0;
  for (;;) {
    const noun = rng.pick(NOUNS);
    const verb = rng.pick(VERBS);
    const shape = rng.int(0, 2);
    const block = [];
    if (shape === 0) {
      block.push(
        `/** ${verb} ${noun} rows, keeping the first ${rng.int(5, 500)}. */`,
        `export function ${verb}${noun.charAt(0).toUpperCase() + noun.slice(1)}${i}(rows${t(': Array<Record<string, number>>')})${t(': number[]')} {`,
        `  const result${t(': number[]')} = [];`,
        `  for (const row of rows) {`,
        `    if (row.${noun}Id === undefined) continue;`,
        `    result.push(row.total * ${rng.int(1, 9)});`,
        `  }`,
        `  return result;`,
        `}`,
        '',
      );
    } else if (shape === 1) {
      block.push(
        `export async function read${noun.charAt(0).toUpperCase() + noun.slice(1)}${i}(dir${t(': string')})${t(': Promise<unknown>')} {`,
        `  const text = await readFile(path.join(dir, '${noun}-${i}.json'), 'utf8');`,
        `  return JSON.parse(text);`,
        `}`,
        '',
      );
    } else {
      block.push(`export const ${noun.toUpperCase()}_${verb.toUpperCase()}_LIMIT_${i} = ${rng.int(1, 10000)};`, '');
    }
    if (out.length + block.length > lines) break;
    out.push(...block);
    i++;
  }
  while (out.length < lines) out.push(`// ${rng.pick(NOUNS)} notes`);
  return out.join('\n') + '\n';
}

/** `lines` lines of plain Python code (no header), whole blocks only. */
function pythonFiller(rng, lines) {
  return plainPython(rng, lines + 5).split('\n').slice(5, 5 + lines);
}

function typeScriptFiller(rng, lines) {
  return plainTypeScript(rng, lines + 3).split('\n').slice(3, 3 + lines);
}

/** A plain file of a random language: 50% Python, 35% TypeScript, 15% JavaScript. */
function plainFile(rng, dir, index) {
  const roll = rng.next();
  const lines = rng.int(30, 160);
  if (roll < 0.5) return { rel: `${dir}/module_${index}.py`, text: plainPython(rng, lines) };
  if (roll < 0.85) return { rel: `${dir}/module-${index}.ts`, text: plainTypeScript(rng, lines) };
  return { rel: `${dir}/module-${index}.js`, text: plainTypeScript(rng, lines, true) };
}

// ------------------------------------------------------------------ calls of every supported shape

/** Python call shapes: imports, then a body using client/model objects named per shape. */
const PYTHON_SHAPES = [
  {
    imports: ['from openai import OpenAI'],
    setup: ['openai_client = OpenAI()'],
    call: (rng, c, i) => [
      `    response = openai_client.chat.completions.create(`,
      `        model="${rng.pick(MODELS_OPENAI)}",`,
      ...(rng.next() < 0.5 ? [`        max_tokens=${rng.int(50, 800)},`] : []),
      `        messages=[`,
      `            {"role": "system", "content": ${c}},`,
      `            {"role": "user", "content": f"Ticket ${i}: {text}"},`,
      `        ],`,
      `    )`,
      `    return response.choices[0].message.content`,
    ],
  },
  {
    imports: ['from openai import OpenAI'],
    setup: ['responses_client = OpenAI()'],
    call: (rng, c, i) => [
      `    response = responses_client.responses.create(`,
      `        model="${rng.pick(MODELS_OPENAI)}",`,
      `        instructions=${c},`,
      `        input="Please could you kindly summarise request ${i}: " + text,`,
      `        max_output_tokens=${rng.int(100, 900)},`,
      `    )`,
      `    return response.output_text`,
    ],
  },
  {
    imports: ['import anthropic'],
    setup: ['claude = anthropic.Anthropic()'],
    call: (rng, c, i) => [
      `    message = claude.messages.create(`,
      `        model="${rng.pick(MODELS_ANTHROPIC)}",`,
      `        max_tokens=${rng.int(100, 2000)},`,
      `        system=${c},`,
      `        messages=[{"role": "user", "content": "Classify item ${i}: " + text}],`,
      `    )`,
      `    return message.content[0].text`,
    ],
  },
  {
    imports: ['from google import genai'],
    setup: ['gemini = genai.Client()'],
    call: (rng, c, i) => [
      `    response = gemini.models.generate_content(`,
      `        model="${rng.pick(MODELS_GEMINI)}",`,
      `        contents=${c} + "\\n" + text,`,
      `    )`,
      `    return response.text`,
    ],
  },
  {
    imports: ['import litellm'],
    setup: [],
    call: (rng, c, i) => [
      `    response = litellm.completion(`,
      `        model="${rng.pick(MODELS_OPENAI)}",`,
      `        messages=[{"role": "system", "content": ${c}}, {"role": "user", "content": text}],`,
      `        max_tokens=${rng.int(20, 400)},`,
      `    )`,
      `    return response.choices[0].message.content`,
    ],
  },
  {
    imports: ['from langchain_openai import ChatOpenAI'],
    setup: [],
    call: (rng, c, i) => [`    chat = ChatOpenAI(model="${rng.pick(MODELS_OPENAI)}", max_tokens=${rng.int(50, 500)})`, `    return chat.invoke(${c} + text).content`],
  },
  {
    imports: ['import boto3'],
    setup: ['bedrock = boto3.client("bedrock-runtime")'],
    call: (rng, c, i) => [
      `    response = bedrock.converse(`,
      `        modelId="anthropic.claude-3-5-haiku-20241022-v1:0",`,
      `        system=[{"text": ${c}}],`,
      `        messages=[{"role": "user", "content": [{"text": text}]}],`,
      `        inferenceConfig={"maxTokens": ${rng.int(50, 600)}},`,
      `    )`,
      `    return response["output"]["message"]["content"][0]["text"]`,
    ],
  },
  {
    imports: ['from openai import OpenAI'],
    setup: ['loop_client = OpenAI()'],
    call: (rng, c, i) => [
      `    answers = []`,
      `    for row in text.splitlines():`,
      `        reply = loop_client.chat.completions.create(`,
      `            model="${rng.pick(MODELS_OPENAI)}",`,
      `            messages=[{"role": "system", "content": ${c}}, {"role": "user", "content": row}],`,
      `        )`,
      `        answers.append(reply.choices[0].message.content)`,
      `    return answers`,
    ],
  },
];

const TS_SHAPES = [
  {
    imports: [`import OpenAI from 'openai';`],
    setup: ['const openaiClient = new OpenAI();'],
    call: (rng, c, i) => [
      `  const response = await openaiClient.chat.completions.create({`,
      `    model: '${rng.pick(MODELS_OPENAI)}',`,
      ...(rng.next() < 0.5 ? [`    max_tokens: ${rng.int(50, 800)},`] : []),
      `    messages: [`,
      `      { role: 'system', content: ${c} },`,
      `      { role: 'user', content: \`Ticket ${i}: \${text}\` },`,
      `    ],`,
      `  });`,
      `  return response.choices[0].message.content ?? '';`,
    ],
  },
  {
    imports: [`import OpenAI from 'openai';`],
    setup: ['const responsesClient = new OpenAI();'],
    call: (rng, c, i) => [
      `  const response = await responsesClient.responses.create({`,
      `    model: '${rng.pick(MODELS_OPENAI)}',`,
      `    instructions: ${c},`,
      `    input: 'Please could you kindly summarise request ${i}: ' + text,`,
      `    max_output_tokens: ${rng.int(100, 900)},`,
      `  });`,
      `  return response.output_text;`,
    ],
  },
  {
    imports: [`import Anthropic from '@anthropic-ai/sdk';`],
    setup: ['const claude = new Anthropic();'],
    call: (rng, c, i) => [
      `  const message = await claude.messages.create({`,
      `    model: '${rng.pick(MODELS_ANTHROPIC)}',`,
      `    max_tokens: ${rng.int(100, 2000)},`,
      `    system: ${c},`,
      `    messages: [{ role: 'user', content: 'Classify item ${i}: ' + text }],`,
      `  });`,
      `  return message.content;`,
    ],
  },
  {
    imports: [`import { GoogleGenAI } from '@google/genai';`],
    setup: ['const gemini = new GoogleGenAI({});'],
    call: (rng, c, i) => [
      `  const response = await gemini.models.generateContent({`,
      `    model: '${rng.pick(MODELS_GEMINI)}',`,
      `    contents: ${c} + '\\n' + text,`,
      `    config: { maxOutputTokens: ${rng.int(50, 900)} },`,
      `  });`,
      `  return response.text ?? '';`,
    ],
  },
  {
    imports: [`import { generateText } from 'ai';`, `import { openai } from '@ai-sdk/openai';`],
    setup: [],
    call: (rng, c, i) => [
      `  const { text: answer } = await generateText({`,
      `    model: openai('${rng.pick(MODELS_OPENAI)}'),`,
      `    system: ${c},`,
      `    prompt: text,`,
      `    maxOutputTokens: ${rng.int(30, 600)},`,
      `  });`,
      `  return answer;`,
    ],
  },
  {
    imports: [`import { ChatOpenAI } from '@langchain/openai';`],
    setup: [],
    call: (rng, c, i) => [`  const chat = new ChatOpenAI({ model: '${rng.pick(MODELS_OPENAI)}', maxTokens: ${rng.int(50, 500)} });`, `  return chat.invoke(${c} + text);`],
  },
  {
    imports: [`import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';`],
    setup: ['const bedrock = new BedrockRuntimeClient({});'],
    call: (rng, c, i) => [
      `  const response = await bedrock.send(`,
      `    new ConverseCommand({`,
      `      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',`,
      `      system: [{ text: ${c} }],`,
      `      messages: [{ role: 'user', content: [{ text }] }],`,
      `      inferenceConfig: { maxTokens: ${rng.int(50, 600)} },`,
      `    }),`,
      `  );`,
      `  return response.output;`,
    ],
  },
];

const PROMPT_SENTENCES = [
  'You are a helpful assistant for the support team.',
  'Please make sure to answer politely and in a detailed and comprehensive manner.',
  'Reply with one word: sales, support or billing.',
  'Extract the order number, the customer name and the amount as JSON.',
  'Summarise the conversation in two sentences for the next agent.',
  'Always keep the customer’s language and never invent order details.',
  'It is very important that you follow the policy below exactly.',
];

function promptText(rng, sentences) {
  const parts = [];
  for (let i = 0; i < sentences; i++) parts.push(rng.pick(PROMPT_SENTENCES));
  return parts.join(' ');
}

function pythonPromptModule(rng, count) {
  const out = ['"""Prompt texts shared by the services."""', ''];
  for (let i = 0; i < count; i++) out.push(`PROMPT_${i} = (`, `    "${promptText(rng, rng.int(2, 6))} "`, `    "${promptText(rng, rng.int(1, 4))}"`, `)`, '');
  return out.join('\n');
}

function tsPromptModule(rng, count) {
  const out = ['/** Prompt texts shared by the services. */', ''];
  for (let i = 0; i < count; i++) out.push(`export const PROMPT_${i} =`, `  '${promptText(rng, rng.int(2, 6))} ' +`, `  '${promptText(rng, rng.int(1, 4))}';`, '');
  return out.join('\n');
}

/**
 * A source file with `calls` calls mixed into plain code. `constantOf(i)` gives the expression used as the
 * system prompt of call i (a literal or an imported constant); `importLines` are extra imports for those.
 */
function pythonWithCalls(rng, calls, fillerLines, constantOf, importLines) {
  const shapes = Array.from({ length: calls }, () => rng.pick(PYTHON_SHAPES));
  const imports = [...new Set(shapes.flatMap((s) => s.imports))];
  const setup = [...new Set(shapes.flatMap((s) => s.setup))];
  const out = ['"""Service code that talks to language models."""', 'import json', 'import os', 'from dataclasses import dataclass', ...imports, ...importLines, '', ...setup, ''];
  const fillerPerGap = Math.max(0, Math.floor(fillerLines / (calls + 1)));
  for (let i = 0; i < calls; i++) {
    out.push(...pythonFiller(rng, fillerPerGap));
    out.push(`def ask_${rng.pick(NOUNS)}_${i}(text):`, ...shapes[i].call(rng, constantOf(i), i), '', '');
  }
  out.push(...pythonFiller(rng, fillerPerGap));
  return out.join('\n');
}

function typeScriptWithCalls(rng, calls, fillerLines, constantOf, importLines) {
  const shapes = Array.from({ length: calls }, () => rng.pick(TS_SHAPES));
  const imports = [...new Set(shapes.flatMap((s) => s.imports))];
  const setup = [...new Set(shapes.flatMap((s) => s.setup))];
  const out = [...imports, ...importLines, `import { readFile } from 'node:fs/promises';`, `import * as path from 'node:path';`, '', ...setup, ''];
  const fillerPerGap = Math.max(0, Math.floor(fillerLines / (calls + 1)));
  for (let i = 0; i < calls; i++) {
    out.push(...typeScriptFiller(rng, fillerPerGap));
    out.push(`export async function ask${rng.pick(VERBS)}${i}(text: string) {`, ...shapes[i].call(rng, constantOf(i), i), '}', '');
  }
  out.push(...typeScriptFiller(rng, fillerPerGap));
  return out.join('\n');
}

// ------------------------------------------------------------------ the trees

function treeA(root, rng) {
  const files = [];
  for (let i = 0; i < 10_000; i++) {
    const dir = `pkg_${Math.floor(i / 400)}/part_${Math.floor(i / 40) % 10}`;
    const file = plainFile(rng, dir, i);
    write(root, file.rel, file.text);
    files.push(file.rel);
  }
  return files.length;
}

function treeB(root, rng) {
  let written = 0;
  let callFiles = 0;
  let calls = 0;
  const CONSTANTS_PER_MODULE = 12;
  // 20 services; each has a prompts module (Python or TypeScript) its call files import from.
  for (let service = 0; service < 20; service++) {
    const python = service % 2 === 0;
    const base = python ? `services/svc_${service}` : `web/app-${service}/src`;
    write(root, python ? `${base}/__init__.py` : `${base}/index.ts`, python ? '' : 'export {};\n');
    write(root, python ? `${base}/prompts.py` : `${base}/prompts.ts`, python ? pythonPromptModule(rng, CONSTANTS_PER_MODULE) : tsPromptModule(rng, CONSTANTS_PER_MODULE));
    written += 2;
    // 15 files with calls per service: 300 in all.
    for (let f = 0; f < 15; f++) {
      const count = rng.int(1, 5);
      const imported = new Set();
      const constantOf = (i) => {
        if (rng.next() < 0.6) {
          const name = `PROMPT_${rng.int(0, CONSTANTS_PER_MODULE - 1)}`;
          imported.add(name);
          return name;
        }
        return python ? `"${promptText(rng, rng.int(1, 3))}"` : `'${promptText(rng, rng.int(1, 3))}'`;
      };
      // Constants are chosen while the body is built; the import line is patched in afterwards.
      const marker = '__IMPORTS__';
      let text = python
        ? pythonWithCalls(rng, count, rng.int(20, 120), constantOf, [marker])
        : typeScriptWithCalls(rng, count, rng.int(20, 120), constantOf, [marker]);
      const names = [...imported].sort();
      const importLine = names.length === 0 ? '' : python ? `from .prompts import ${names.join(', ')}` : `import { ${names.join(', ')} } from './prompts';`;
      text = text.replace(marker, importLine);
      write(root, python ? `${base}/calls_${f}.py` : `${base}/calls-${f}.ts`, text);
      written++;
      callFiles++;
      calls += count;
    }
    // Plain files fill the service up to 100.
    for (let f = 0; written < (service + 1) * 100; f++) {
      const file = plainFile(rng, `${base}/lib`, f);
      write(root, file.rel, file.text);
      written++;
    }
  }
  return { files: written, callFiles, calls };
}

function treeC(root, rng) {
  const literal = (python) => () => (python ? `"${promptText(rng, rng.int(2, 5))}"` : `'${promptText(rng, rng.int(2, 5))}'`);
  const LINES = 3000;
  const CALLS = 50;
  /** Filler sized below the target, then comment lines up to exactly LINES. */
  const sized = (make, comment) => {
    const lines = make(LINES - CALLS * 12).replace(/\n+$/, '').split('\n');
    if (lines.length > LINES) throw new Error(`generated ${lines.length} lines, more than ${LINES}`);
    while (lines.length < LINES) lines.push(`${comment} end of module notes ${lines.length}`);
    return lines.join('\n') + '\n';
  };
  write(root, 'big_module.py', sized((filler) => pythonWithCalls(rng, CALLS, filler, literal(true), []), '#'));
  write(root, 'big-module.ts', sized((filler) => typeScriptWithCalls(rng, CALLS, filler, literal(false), []), '//'));
  return { python: 'big_module.py', typescript: 'big-module.ts', calls: CALLS };
}

/** Writes a/, b/ and c/ under `dir` and returns what was written. */
export function generateTrees(dir, seed = DEFAULT_SEED) {
  const a = treeA(join(dir, 'a'), randomFrom(seed));
  const b = treeB(join(dir, 'b'), randomFrom(seed + 1));
  const c = treeC(join(dir, 'c'), randomFrom(seed + 2));
  return { a: { dir: join(dir, 'a'), files: a }, b: { dir: join(dir, 'b'), ...b }, c: { dir: join(dir, 'c'), ...c } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node bench/generate.mjs <dir> [seed]');
    process.exit(2);
  }
  console.log(JSON.stringify(generateTrees(dir, Number(process.argv[3] ?? DEFAULT_SEED)), null, 2));
}
