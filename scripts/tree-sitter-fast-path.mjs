// An esbuild plugin for the bundles: web-tree-sitter passes every node between JavaScript and WASM through
// Emscripten's generic `setValue` / `getValue` (five 32-bit fields a node), which test the type name with
// `endsWith` on every call. Profiles of a keystroke in a 3,000-line Python file put ~15% of the analysis there.
// The plugin adds a first line to each that stores or loads an "i32" directly, as the generic path does for it.
import { readFile } from 'node:fs/promises';

const FAST_PATHS = [
  ['function setValue(ptr, value, type = "i8") {', 'if (type === "i32") { LE_HEAP_STORE_I32((ptr >> 2) * 4, value); return; }'],
  ['function getValue(ptr, type = "i8") {', 'if (type === "i32") return LE_HEAP_LOAD_I32((ptr >> 2) * 4);'],
];

/** The source with the fast paths, or the problems found (a new web-tree-sitter that no longer has these shapes). */
export function withTreeSitterFastPaths(source) {
  const problems = [];
  let patched = source;
  for (const [header, fastPath] of FAST_PATHS) {
    const count = patched.split(header).length - 1;
    const helper = /LE_HEAP_(?:STORE|LOAD)_I32/.exec(fastPath)[0];
    if (count !== 1 || !patched.includes(`var ${helper} =`)) {
      problems.push(`expected one \`${header}\` and a \`${helper}\` helper, found ${count}`);
      continue;
    }
    patched = patched.replace(header, `${header}\n${fastPath}`);
  }
  return { patched: problems.length === 0 ? patched : source, problems };
}

export const treeSitterFastPath = {
  name: 'tree-sitter-fast-path',
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]tree-sitter\.c?js$/ }, async (args) => {
      const { patched, problems } = withTreeSitterFastPaths(await readFile(args.path, 'utf8'));
      // Without the fast paths the bundle is slower, not wrong: a warning, and the file as published.
      const warnings = problems.map((text) => ({ text: `tree-sitter fast path not applied to ${args.path}: ${text}` }));
      return { contents: patched, loader: 'js', warnings };
    });
  },
};
