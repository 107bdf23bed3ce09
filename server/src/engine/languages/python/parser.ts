/**
 * Loads web-tree-sitter and the Python grammar once, and parses Python text.
 * Node offsets are UTF-16 code units of the string passed in, the same units as Span.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Node, type ParseState, type Tree } from 'web-tree-sitter';

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

/** One parse may take this long: tree-sitter's error recovery grows faster than linearly on long broken lines. */
const PARSE_DEADLINE_MS = 3_000;
/** All recovery re-parses of one file together may take this long; the best tree so far is kept. */
const RECOVERY_BUDGET_MS = 2_000;

/**
 * Parses `text`; the caller must delete the tree. Throws when initPythonParser has not finished, and when the parse
 * is still running at `deadline` (ms since the epoch): tree-sitter checks the progress callback as it goes.
 */
export function parsePython(text: string, deadline = Date.now() + PARSE_DEADLINE_MS): Tree {
  if (!parser) throw new Error('the Python parser is not initialised: await initPythonParser() first');
  // The callback's true return cancels the parse (the typings say void; the runtime passes the value on).
  const progressCallback = (() => Date.now() > deadline) as unknown as (state: ParseState) => void;
  const tree = parser.parse(text, null, { progressCallback });
  if (!tree) {
    parser.reset();
    throw new Error(`parsing stopped after ${PARSE_DEADLINE_MS} ms`);
  }
  return tree;
}

/** The loaded parser. Throws when initPythonParser has not finished. */
export function pythonParser(): Parser {
  if (!parser) throw new Error('the Python parser is not initialised: await initPythonParser() first');
  return parser;
}

const MAX_RECOVERY_PASSES = 12;
/** Files this large are analysed as parsed: re-parsing them repeatedly would cost more than the lost calls. */
const MAX_RECOVERY_LENGTH = 1_000_000;

/** Text this broken is not Python being edited (a binary or another language): recovering it would only cost time. */
const MAX_ERRORS_TO_RECOVER = 40;

function errorCount(root: Node, limit: number): number {
  let count = 0;
  const stack: Node[] = [root];
  while (stack.length && count <= limit) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) count++;
    if (!node.hasError) continue;
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push(child);
    }
  }
  return count;
}

/** The line tree-sitter gave up on first: where the outermost error starts (a MISSING token counts from its parent). */
function firstErrorRow(root: Node): number | undefined {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.isError) return node.startPosition.row;
    if (node.isMissing) return (node.parent ?? node).startPosition.row;
    if (!node.hasError) continue;
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push(child);
    }
  }
  return undefined;
}

/**
 * Parses `text` and, when it has syntax errors, also a copy in which the broken lines are blanked
 * (spaces of the same UTF-16 length, so offsets still point into `text`). Tree-sitter's recovery can
 * fold the statements after a broken line into one error node; the blanked copy keeps them intact.
 * `recovered` is `parsed` itself when there is nothing to recover. The caller deletes both trees.
 */
export function parsePythonRecovering(text: string): { parsed: Tree; recovered: Tree } {
  const parsed = parsePython(text);
  if (!parsed.rootNode.hasError || text.length > MAX_RECOVERY_LENGTH || errorCount(parsed.rootNode, MAX_ERRORS_TO_RECOVER) > MAX_ERRORS_TO_RECOVER) {
    return { parsed, recovered: parsed };
  }
  const lines = text.split('\n');
  let recovered = parsed;
  const recoveryDeadline = Date.now() + RECOVERY_BUDGET_MS;
  for (let pass = 0; pass < MAX_RECOVERY_PASSES && recovered.rootNode.hasError && Date.now() < recoveryDeadline; pass++) {
    const row = firstErrorRow(recovered.rootNode);
    if (row === undefined || row >= lines.length || !lines[row].trim()) break;
    lines[row] = lines[row].replace(/[^\r]/g, ' ');
    let next: Tree;
    try {
      next = parsePython(lines.join('\n'), recoveryDeadline);
    } catch {
      break; // out of recovery time: keep the best tree so far
    }
    if (recovered !== parsed) recovered.delete();
    recovered = next;
  }
  return { parsed, recovered };
}
