/**
 * Where the tree-sitter runtime and the Python grammar (both WASM) come from under Node: files next to the
 * bundle (dist/*.wasm), else in node_modules for compiled and test runs. The web worker's build swaps this module
 * for grammar-files.browser.ts, which carries the bytes inside the bundle.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The first existing file among the candidates; candidates that throw (unresolvable modules) are skipped. */
function firstExisting(candidates: (() => string)[]): string | undefined {
  for (const candidate of candidates) {
    try {
      const file = candidate();
      if (existsSync(file)) return file;
    } catch {
      // Module not installed in this layout: try the next place.
    }
  }
  return undefined;
}

/** The options of `Parser.init`: where the runtime's WASM file is. */
export function treeSitterRuntime(): { locateFile: () => string } {
  const found = firstExisting([() => path.join(__dirname, 'tree-sitter.wasm'), () => require.resolve('web-tree-sitter/tree-sitter.wasm')]);
  if (!found) throw new Error('tree-sitter.wasm not found next to the program or in web-tree-sitter');
  return { locateFile: () => found };
}

/** What `Language.load` takes for the Python grammar: its file. */
export function pythonGrammar(): string {
  const found = firstExisting([
    () => path.join(__dirname, 'tree-sitter-python.wasm'),
    () => path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
  ]);
  if (!found) throw new Error('tree-sitter-python.wasm not found next to the program or in tree-sitter-python');
  return found;
}
