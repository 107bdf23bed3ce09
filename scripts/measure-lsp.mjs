// Measures how long the bundled language server takes to publish diagnostics after an edit to a generated
// 3,000-line Python file, over stdio like an editor. Prints figures; asserts nothing.
// Usage: npm run build && node scripts/measure-lsp.mjs [edits]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const edits = Number(process.argv[2] ?? 10);
const DEBOUNCE_MS = 150;

/** 150 functions of 20 lines, each with one OpenAI call: 3,000 lines. */
function generatedFile() {
  const lines = ['from openai import OpenAI', '', 'client = OpenAI()', ''];
  for (let i = 0; lines.length < 3000; i++) {
    lines.push(
      `def task_${i}(text):`,
      `    """Handles task ${i}."""`,
      `    prefix = "Task ${i}: "`,
      `    response = client.chat.completions.create(`,
      `        model="gpt-4o-mini",`,
      `        max_completion_tokens=${100 + i},`,
      `        messages=[`,
      `            {"role": "system", "content": "You summarise support tickets for team ${i} in two sentences."},`,
      `            {"role": "user", "content": prefix + text},`,
      `        ],`,
      `    )`,
      `    result = response.choices[0].message.content`,
      `    if not result:`,
      `        return ""`,
      `    return result.strip()`,
      ``,
      `# helper ${i}`,
      `VALUE_${i} = ${i}`,
      ``,
      ``,
    );
  }
  return lines.slice(0, 3000).join('\n') + '\n';
}

const root = mkdtempSync(join(tmpdir(), 'prompt-cost-measure-'));
const file = join(root, 'generated.py');
const text = generatedFile();
writeFileSync(file, text);
const uri = pathToFileURL(file).href;

const child = spawn(process.execPath, [join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map();
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  const resolve = waiting.get(params.version);
  if (resolve) {
    waiting.delete(params.version);
    resolve(params);
  }
});
connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
connection.onRequest('window/workDoneProgress/create', () => null);
connection.onRequest('client/registerCapability', () => null);
connection.listen();

const published = (version) => new Promise((resolve) => waiting.set(version, resolve));

await connection.sendRequest('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(root).href,
  workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'measure' }],
  capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
});
await connection.sendNotification('initialized', {});

let started = performance.now();
let firstPublished = published(1);
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
await firstPublished;
const openMs = performance.now() - started;

const latencies = [];
let current = text;
for (let version = 2; version < 2 + edits; version++) {
  // Type a character inside a prompt string in the middle of the file.
  current = current.replace(`for team ${version}`, `for team ${version}x`);
  const done = published(version);
  started = performance.now();
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: current }] });
  const params = await done;
  latencies.push(performance.now() - started);
  if (version === 2) console.log(`diagnostics after the first edit: ${params.diagnostics.length}`);
}

latencies.sort((a, b) => a - b);
const median = latencies[Math.floor(latencies.length / 2)];
console.log(`3,000-line Python file, ${text.split('\n').length - 1} lines, ${(text.match(/chat\.completions\.create/g) ?? []).length} calls`);
console.log(`open -> diagnostics (parsers warm-up included): ${openMs.toFixed(0)} ms`);
console.log(`edit -> diagnostics over ${edits} edits: median ${median.toFixed(0)} ms, min ${latencies[0].toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);
console.log(`of which the debounce is ${DEBOUNCE_MS} ms: analysis and transport median ${(median - DEBOUNCE_MS).toFixed(0)} ms`);

await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();
rmSync(root, { recursive: true, force: true });
