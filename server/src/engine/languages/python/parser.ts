/**
 * Loads web-tree-sitter and the Python grammar once, and parses Python text.
 * Node offsets are UTF-16 code units of the string passed in, the same units as Span.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let loading: Promise<void> | null = null;
let parser: Parser | null = null;

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

/** The bundle (dist/*.js) has the wasm files next to it; compiled and test runs find them in node_modules. */
function runtimeWasmPath(): string {
  const found = firstExisting([() => path.join(__dirname, 'tree-sitter.wasm'), () => require.resolve('web-tree-sitter/tree-sitter.wasm')]);
  if (!found) throw new Error('tree-sitter.wasm not found next to the program or in web-tree-sitter');
  return found;
}

function pythonWasmPath(): string {
  const found = firstExisting([
    () => path.join(__dirname, 'tree-sitter-python.wasm'),
    () => path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
  ]);
  if (!found) throw new Error('tree-sitter-python.wasm not found next to the program or in tree-sitter-python');
  return found;
}

export function initPythonParser(): Promise<void> {
  if (!loading) {
    loading = (async () => {
      const runtime = runtimeWasmPath();
      await Parser.init({ locateFile: () => runtime });
      const language = await Language.load(pythonWasmPath());
      const created = new Parser();
      created.setLanguage(language);
      parser = created;
    })();
    // A failed load may be retried by a later call (for example after the files are restored).
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

export function isPythonParserReady(): boolean {
  return parser !== null;
}

/** Parses `text`; the caller must delete the tree. Throws when initPythonParser has not finished. */
export function parsePython(text: string): Tree {
  if (!parser) throw new Error('the Python parser is not initialised: await initPythonParser() first');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** The loaded parser. Throws when initPythonParser has not finished. */
export function pythonParser(): Parser {
  if (!parser) throw new Error('the Python parser is not initialised: await initPythonParser() first');
  return parser;
}
