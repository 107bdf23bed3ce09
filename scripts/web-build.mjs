// The esbuild options of the web extension's two bundles (VS Code in a browser: vscode.dev, github.dev): the
// client, loaded by the web extension host, and the language server, run in a web worker. build.mjs builds them;
// the guard test (test/web/bundle.test.ts) builds them again with a metafile to prove no Node module is inside.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** Node's built-in modules, for the guard: none may be bundled or left to `require` in a browser bundle. */
export const NODE_ONLY_PACKAGES = ['vscode-languageserver/node', 'vscode-languageclient/node', 'vscode-jsonrpc/node'];

/**
 * Modules that have a browser twin next to them (`host.ts` -> `host.browser.ts`) are swapped for it: the code
 * that imports them is the same in both builds.
 */
const browserTwins = (repoRoot) => ({
  name: 'browser-twins',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(repoRoot) || args.importer.includes('node_modules')) return undefined;
      const twin = resolve(dirname(args.importer), `${args.path}.browser.ts`);
      return existsSync(twin) ? { path: twin } : undefined;
    });
  },
});

/**
 * web-tree-sitter's Emscripten loader imports `fs/promises` and `module` on its Node branch only; in a worker
 * that branch never runs and the bytes come from the bundle. They resolve to empty modules, named so that
 * the guard can tell them from a real use of Node.
 */
export const EMPTY_NODE_STUBS = ['fs/promises', 'module'];
const emptyNodeStubs = {
  name: 'empty-node-stubs',
  setup(build) {
    const filter = new RegExp(`^(${EMPTY_NODE_STUBS.map((name) => name.replace('/', '\\/')).join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.importer.includes(`${'node_modules'}/web-tree-sitter/`) ? { path: args.path, namespace: 'empty-node-stub' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty-node-stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/** The options of both web bundles; `overrides` (e.g. `{ write: false, metafile: true }`) apply to each. */
export function webBundles(repoRoot, overrides = {}) {
  const requireHere = createRequire(join(repoRoot, 'package.json'));
  const common = {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: repoRoot,
    // Node's path is used as posix paths only (URI paths in the browser): path-browserify is that.
    alias: {
      'node:path': requireHere.resolve('path-browserify'),
      path: requireHere.resolve('path-browserify'),
      'vscode-languageserver/node': 'vscode-languageserver/browser',
      'vscode-languageclient/node': 'vscode-languageclient/browser',
    },
    // The tree-sitter runtime and grammar travel inside the worker's bundle (grammar-files.browser.ts).
    loader: { '.wasm': 'binary' },
    define: { 'import.meta.url': '"file:///prompt-cost-web-server.js"' },
    plugins: [browserTwins(repoRoot), emptyNodeStubs],
    ...overrides,
  };
  return [
    // A classic worker script: the client starts it with `new Worker(url)`.
    { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/web/server.js', format: 'iife' },
    // The web extension host loads the client as CommonJS and supplies `vscode`.
    { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
  ];
}
