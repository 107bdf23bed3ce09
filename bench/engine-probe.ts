/**
 * In-process engine figures for the bench (bundled by bench/run.mjs, one mode per process so cold starts are cold):
 *   cold <encoding>      time to build the encoder and count a first text
 *   throughput           MB/s of each encoding on the prompt corpus (encoders warm, token cache bypassed)
 *   rescan <dir>         token-cache hit rate when every file of <dir> that mentions an SDK is analysed twice
 *   frontends <dir>      analyzeFile time of each source file in <dir> (the 3,000-line files of tree c)
 *   edits <dir> [n]      engine time of one keystroke in each source file of <dir>, as the server analyses it: the
 *                        document's parse kept between edits (ParseReuse), one character typed into a prompt string
 * Prints one JSON object.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, languageOf, ParseReuse, prepareLanguages } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { frontEndModules } from '../server/src/engine/language-modules';
import { clearTokenCache, encodeCount, tokenCacheStats, type EncodingName } from '../server/src/engine/tokens';
import { createWorkspaceContext } from '../server/src/engine/workspace';
import { mentionsLlmSdk } from '../server/src/cli/files';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function sourceFiles(root: string, dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...sourceFiles(root, rel));
    else if (languageOf(rel) !== null) files.push(rel);
  }
  return files.sort();
}

function cold(encoding: EncodingName) {
  const started = performance.now();
  encodeCount('Classify this support ticket.', encoding);
  return { encoding, coldMs: performance.now() - started };
}

function throughput(repoRoot: string) {
  const corpusDir = path.join(repoRoot, 'test', 'tokens', 'fixtures', 'prompts');
  const corpus = readdirSync(corpusDir)
    .sort()
    .map((name) => readFileSync(path.join(corpusDir, name), 'utf8'))
    .join('\n\n');
  // About 1 MB of varied prompt text: prose, code, JSON, YAML, emoji, several scripts.
  const text = corpus.repeat(Math.max(1, Math.ceil(1_000_000 / corpus.length)));
  const bytes = Buffer.byteLength(text);
  const results: Record<string, number> = {};
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    encodeCount('warm up', encoding);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      encodeCount(text, encoding);
      runs.push(performance.now() - started);
    }
    results[encoding] = bytes / 1e6 / (median(runs) / 1000);
  }
  return { corpusBytes: bytes, mbPerSecond: results };
}

async function rescan(root: string) {
  const config = defaultConfig();
  const files = sourceFiles(root).filter((file) => mentionsLlmSdk(readFileSync(path.join(root, file), 'utf8')));
  const readFile = (rel: string): string | undefined => {
    try {
      return readFileSync(path.join(root, rel), 'utf8');
    } catch {
      return undefined;
    }
  };
  const source = { root, readFile };
  await prepareLanguages(new Set(files.map((f) => languageOf(f)!)));
  const pass = () => {
    // A fresh workspace context each pass, as a new scan: only the token cache carries over.
    const context = createWorkspaceContext(source, frontEndModules);
    const before = tokenCacheStats();
    const started = performance.now();
    let calls = 0;
    for (const file of files) calls += analyzeFile(file, source.readFile(file)!, context, config).callSites.length;
    const after = tokenCacheStats();
    return { ms: performance.now() - started, calls, hits: after.hits - before.hits, misses: after.misses - before.misses };
  };
  clearTokenCache();
  const first = pass();
  const second = pass();
  return { files: files.length, calls: second.calls, first, second, hitRate: second.hits / Math.max(1, second.hits + second.misses) };
}

async function frontends(root: string) {
  const config = defaultConfig();
  const files = sourceFiles(root);
  await prepareLanguages(new Set(files.map((f) => languageOf(f)!)));
  const results: Record<string, { lines: number; calls: number; firstMs: number; medianMs: number }> = {};
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const context = createWorkspaceContext({ root, readFile: () => undefined }, frontEndModules);
    let started = performance.now();
    const analysis = analyzeFile(file, text, context, config);
    const firstMs = performance.now() - started;
    const runs: number[] = [];
    for (let i = 0; i < 10; i++) {
      started = performance.now();
      analyzeFile(file, text, context, config);
      runs.push(performance.now() - started);
    }
    results[file] = { lines: text.split('\n').length - 1, calls: analysis.callSites.length, firstMs, medianMs: median(runs) };
  }
  return results;
}

/** Lines inside prompt strings, as the bench's LSP edits choose them: a typed character changes a prompt. */
function promptEditOffsets(text: string, count: number): number[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const promptLines = lines.map((line, index) => ({ line, index })).filter(({ line }) => /(system|content|instructions|contents)\W.*(["'])[A-Z]/.test(line));
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const { line, index } = promptLines[(i * 7) % promptLines.length];
    offsets.push(starts[index] + Math.max(line.search(/["'][A-Z]/) + 2, 0));
  }
  return offsets;
}

async function edits(root: string, count: number) {
  const config = defaultConfig();
  const files = sourceFiles(root);
  await prepareLanguages(new Set(files.map((f) => languageOf(f)!)));
  const results: Record<string, { edits: number; medianMs: number; p95Ms: number; cpuMedianMs: number }> = {};
  for (const file of files) {
    let text = readFileSync(path.join(root, file), 'utf8');
    const context = createWorkspaceContext({ root, readFile: () => undefined }, frontEndModules);
    const reuse = new ParseReuse();
    analyzeFile(file, text, context, config, { reuse });
    const times: number[] = [];
    const cpuTimes: number[] = [];
    const typed: number[] = [];
    for (const offset of promptEditOffsets(text, count)) {
      // Offsets are of the original text: each character typed before one moves it by one.
      const at = offset + typed.filter((earlier) => earlier <= offset).length;
      typed.push(offset);
      text = text.slice(0, at) + 'x' + text.slice(at);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      analyzeFile(file, text, context, config, { reuse });
      times.push(performance.now() - started);
      const cpu = process.cpuUsage(cpuBefore);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    reuse.dispose();
    const sorted = [...times].sort((a, b) => a - b);
    results[file] = { edits: times.length, medianMs: median(times), p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))], cpuMedianMs: median(cpuTimes) };
  }
  return results;
}

async function main(): Promise<unknown> {
  const [mode, argument, repoRoot] = process.argv.slice(2);
  switch (mode) {
    case 'cold':
      return cold(argument as EncodingName);
    case 'throughput':
      return throughput(argument);
    case 'rescan':
      return rescan(argument);
    case 'frontends':
      return frontends(argument);
    case 'edits':
      return edits(argument, Number(repoRoot ?? 50));
    default:
      throw new Error(`unknown mode ${mode} (repo ${repoRoot})`);
  }
}

main().then(
  (result) => console.log(JSON.stringify(result)),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
