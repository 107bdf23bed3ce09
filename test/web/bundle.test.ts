/**
 * The guard of the web extension's bundles: built as scripts/build.mjs builds them (esbuild, platform browser),
 * their metafiles must show no Node built-in module bundled or left to `require`, and no Node-only entry point of
 * the LSP libraries; the tree-sitter WASM files and the tokenizer ranks must be inside the worker's bundle.
 */
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

interface WebBuild {
  webBundles(repoRoot: string, overrides?: BuildOptions): (BuildOptions & { outfile: string })[];
  NODE_ONLY_PACKAGES: string[];
  EMPTY_NODE_STUBS: string[];
}

async function webBuild(): Promise<WebBuild> {
  // The build script is an ES module of its own (scripts/web-build.mjs): the test builds with its very options.
  return (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'web-build.mjs')).href)) as WebBuild;
}

/** What in a bundle needs Node: Node built-ins bundled or imported, Node-only library files, `require("fs")`-like calls. */
export function nodeOnlyUses(metafile: Metafile, outputText: string, emptyStubs: readonly string[]): string[] {
  const uses: string[] = [];
  for (const [input, info] of Object.entries(metafile.inputs)) {
    if (input.startsWith('empty-node-stub:')) {
      const name = input.slice('empty-node-stub:'.length);
      if (!emptyStubs.includes(name)) uses.push(`unexpected stub ${name}`);
      continue;
    }
    if (/node_modules\/vscode-(languageserver|languageclient|jsonrpc)\/lib\/node\//.test(input)) uses.push(`Node-only library file ${input}`);
    for (const imported of info.imports) {
      if (imported.external && NODE_BUILTINS.has(imported.path)) uses.push(`${input} imports ${imported.path}`);
      // A built-in's name may only lead to an empty module (a package's `browser` field, our stubs) or to path-browserify.
      const replaced = imported.path.startsWith('(disabled):') || imported.path.startsWith('empty-node-stub:') || imported.path.includes('node_modules/path-browserify/');
      if (!imported.external && NODE_BUILTINS.has(imported.original ?? '') && !replaced) uses.push(`${input} bundles ${imported.original} as ${imported.path}`);
    }
  }
  // esbuild marks each module's code with a `// <input path>` line.
  const sections = outputText.split(/^[ \t]*\/\/ (\S+\.(?:[cm]?[jt]sx?|wasm|json))$/m);
  if (sections.length < 3) uses.push('no module markers in the output: the require check would see nothing');
  for (let i = 1; i < sections.length; i += 2) {
    const [input, code] = [sections[i], sections[i + 1]];
    // web-tree-sitter's Node branch calls a local `require` made by createRequire (never run in a worker).
    if (input.includes('node_modules/web-tree-sitter/') && code.includes('var require = createRequire(')) continue;
    for (const found of code.matchAll(/\brequire\("([^"]+)"\)/g)) {
      if (NODE_BUILTINS.has(found[1])) uses.push(`require("${found[1]}") in ${input}`);
    }
  }
  return uses;
}

async function buildWithMetafile(outfile: string): Promise<{ metafile: Metafile; text: string; inputs: string[] }> {
  const { build } = await import('esbuild');
  const { webBundles } = await webBuild();
  const options = webBundles(REPO_ROOT, { write: false, metafile: true, sourcemap: false, logLevel: 'silent' }).find((bundle) => bundle.outfile === outfile);
  assert.ok(options, `${outfile} is one of the web bundles`);
  const result = await build(options);
  const text = result.outputFiles!.map((file) => file.text).join('\n');
  return { metafile: result.metafile!, text, inputs: Object.keys(result.metafile!.inputs) };
}

test('web bundles: the web-worker language server needs nothing from Node, and carries the WASM files and the tokenizer ranks', async () => {
  const { EMPTY_NODE_STUBS } = await webBuild();
  const { metafile, text, inputs } = await buildWithMetafile('dist/web/server.js');
  assert.deepEqual(nodeOnlyUses(metafile, text, EMPTY_NODE_STUBS), []);
  for (const needed of [
    'node_modules/web-tree-sitter/tree-sitter.wasm',
    'node_modules/tree-sitter-python/tree-sitter-python.wasm',
    'node_modules/js-tiktoken/dist/ranks/o200k_base.cjs',
    'node_modules/typescript/lib/typescript.js',
    'server/src/platform/host.browser.ts',
    'server/src/platform/disk.browser.ts',
  ]) {
    assert.ok(inputs.some((input) => input.startsWith(needed.replace(/\.cjs$/, ''))), `${needed} is in the worker's bundle`);
  }
  for (const nodeTwin of ['server/src/platform/host.ts', 'server/src/platform/disk.ts', 'server/src/lsp/ripgrep.ts', 'server/src/cli/files.ts']) {
    assert.ok(!inputs.includes(nodeTwin), `${nodeTwin} stays out of the worker's bundle`);
  }
});

test('web bundles: the web client needs nothing from Node and starts the worker', async () => {
  const { EMPTY_NODE_STUBS } = await webBuild();
  const { metafile, text, inputs } = await buildWithMetafile('dist/web/extension.js');
  assert.deepEqual(nodeOnlyUses(metafile, text, EMPTY_NODE_STUBS), []);
  assert.ok(inputs.includes('client/src/server-start.browser.ts'));
  assert.ok(!inputs.includes('client/src/bundled-ripgrep.ts'));
  assert.ok(text.includes('dist/web/server.js'));
});

test('web bundles: the guard finds Node in a bundle built for Node', async () => {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, 'server/src/platform/disk.ts')],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const uses = nodeOnlyUses(result.metafile, result.outputFiles.map((file) => file.text).join('\n'), []);
  assert.ok(uses.some((use) => use.includes('node:fs')), uses.join('; '));
});

test('web bundles: the guard finds a require of a Node module in the code of a bundled module', () => {
  const output = ['(() => {', '  // server/src/reads-config.ts', '  const fs = require("fs");', '  // server/src/other.ts', '  const x = 1;', '})();'].join('\n');
  assert.deepEqual(nodeOnlyUses({ inputs: {}, outputs: {} }, output, []), ['require("fs") in server/src/reads-config.ts']);
});
