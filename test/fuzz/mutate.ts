/**
 * A seeded mutation fuzzer's ingredients: a small deterministic PRNG, the seed corpus (the example apps' source
 * files) and mutation operators that produce the kinds of damage real repositories hold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** mulberry32: tiny, fast, and the same sequence for the same seed on every machine. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

export interface SeedFile {
  /** Path inside the examples folder, forward slashes. */
  path: string;
  text: string;
}

const SOURCE_EXTENSIONS = ['.py', '.ts', '.tsx', '.js', '.mjs', '.prompty'];

/** Every source file of the example apps, sorted by path so the corpus is the same on every run. */
export function loadSeeds(examplesDir: string): SeedFile[] {
  const seeds: SeedFile[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, childRel);
      else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) seeds.push({ path: childRel, text: readFileSync(full, 'utf8') });
    }
  };
  walk(examplesDir, '');
  return seeds;
}

/** Fragments that break parsers, resolvers and rules: brackets, quotes, escapes, odd characters, SDK-looking code. */
const FRAGMENTS = [
  '(', ')', '[', ']', '{', '}', '"', "'", '"""', "'''", '`', '${', '}`', '\\', '\\\n', '\n', '\r\n', '\r', '\t', '    ', ' ',
  '\u0000', '\uFEFF', '\uD800', '\uDC00', '\u2028', '\u00e9', '\u{1F600}', '\uFFFD', '#', '//', '/*', '*/', ':', ',', ';', '=',
  'await ', 'async ', 'def f(', 'class C:', 'lambda: ', 'f"{', 'r"', 'b"', 'rb"', '%s', '{0}', '.format(', '+', ' + ', '.join(',
  'client.chat.completions.create(', 'client.messages.create(', 'model=', 'model: ', 'messages=[', 'messages: [', 'max_tokens=', 'max_tokens: 0, ',
  '"role": "system", "content": ', "{ role: 'user', content: ", 'cache_control={"type": "ephemeral"}', 'system=', 'stream=True',
  '# prompt-cost: calls-per-day=5\n', '// prompt-cost: calls-per-day=1e999\n', '# prompt-cost-ignore-next-line\n', '// prompt-cost-ignore-file\n',
  'import openai\n', 'from anthropic import Anthropic\n', "import OpenAI from 'openai';\n", "const { GoogleGenAI } = require('@google/genai');\n",
  'new OpenAI()', 'OpenAI()', 'for x in range(10):\n    ', 'for (const x of xs) {\n', 'while True:\n    ', 'history.append(', 'messages.push(',
  'open("../../../etc/passwd").read()', "fs.readFileSync(path.join(__dirname, '../../x.md'), 'utf8')", 'Path(__file__).parent / "p.md"',
  'os.environ.get("M", "gpt-4o")', 'process.env.MODEL ?? "claude-sonnet-4-5"', 'textwrap.dedent(', '.strip()', '.trim()', '...', '@decorator\n',
  'Please kindly ', 'IMPORTANT!!! ', 'in great detail', 'Classify the ticket. ', '\u0000\u0001\u0002',
];

export type Mutation = (text: string, random: Random, seeds: readonly SeedFile[]) => string;

function slice(text: string, random: Random, maxLength: number): [number, number] {
  const start = random.int(0, text.length);
  return [start, Math.min(text.length, start + random.int(0, maxLength))];
}

export const MUTATIONS: Record<string, Mutation> = {
  deleteSlice(text, random) {
    const [start, end] = slice(text, random, 60);
    return text.slice(0, start) + text.slice(end);
  },
  duplicateSlice(text, random) {
    const [start, end] = slice(text, random, 200);
    return text.slice(0, end) + text.slice(start, end) + text.slice(end);
  },
  insertFragment(text, random) {
    const at = random.int(0, text.length);
    return text.slice(0, at) + random.pick(FRAGMENTS) + text.slice(at);
  },
  replaceCharacter(text, random) {
    if (text.length === 0) return text;
    const at = random.int(0, text.length - 1);
    const replacement = random.next() < 0.5 ? random.pick(FRAGMENTS) : String.fromCharCode(random.int(0, 0xffff));
    return text.slice(0, at) + replacement + text.slice(at + 1);
  },
  swapLines(text, random) {
    const lines = text.split('\n');
    if (lines.length < 2) return text;
    const a = random.int(0, lines.length - 1);
    const b = random.int(0, lines.length - 1);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  },
  truncate(text, random) {
    return text.slice(0, random.int(0, text.length));
  },
  spliceFromAnotherFile(text, random, seeds) {
    const other = random.pick(seeds).text;
    const [start, end] = slice(other, random, 400);
    const at = random.int(0, text.length);
    return text.slice(0, at) + other.slice(start, end) + text.slice(at);
  },
  repeatSlice(text, random) {
    const [start, end] = slice(text, random, 80);
    return text.slice(0, end) + text.slice(start, end).repeat(random.int(2, 300)) + text.slice(end);
  },
  deepNesting(text, random) {
    const depth = random.int(50, 3000);
    const [open, close] = random.pick([['(', ')'], ['[', ']'], ['{', '}'], ['f(', ')'], ['[{"a": ', '}]']]);
    const at = random.int(0, text.length);
    return text.slice(0, at) + open.repeat(depth) + (random.next() < 0.5 ? close.repeat(depth) : '') + text.slice(at);
  },
  longString(text, random) {
    const at = random.int(0, text.length);
    const body = random.pick(['x', ' ', 'Please kindly ', '\\n', '{', '"', 'é']).repeat(random.int(1000, 20_000));
    return text.slice(0, at) + random.pick(['"', "'", '`', '"""']) + body + random.pick(['"', "'", '`', '"""', '']) + text.slice(at);
  },
  lineEndings(text, random) {
    return random.next() < 0.5 ? text.replace(/\n/g, '\r\n') : text.replace(/ {4}/g, '\t');
  },
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

export interface MutatedFile {
  /** The seed's path, extension possibly swapped among the JS/TS family. */
  path: string;
  text: string;
  /** Mutations applied, in order (for reproducing a failure). */
  mutations: string[];
}

/** File `index` of the run with `seed`: a seed file with 1 to 8 mutations. Same inputs, same output. */
export function mutatedFile(seeds: readonly SeedFile[], seed: number, index: number): MutatedFile {
  const random = new Random(seed * 1_000_003 + index);
  const base = random.pick(seeds);
  let text = base.text;
  const applied: string[] = [];
  const count = random.int(1, 8);
  for (let i = 0; i < count; i++) {
    const name = random.pick(MUTATION_NAMES);
    text = MUTATIONS[name](text, random, seeds);
    applied.push(name);
  }
  let file = base.path;
  if (/\.(ts|tsx|js|mjs)$/.test(file) && random.next() < 0.3) file = file.replace(/\.(ts|tsx|js|mjs)$/, '.' + random.pick(['ts', 'tsx', 'js', 'mjs', 'cjs', 'jsx']));
  return { path: file, text, mutations: applied };
}
