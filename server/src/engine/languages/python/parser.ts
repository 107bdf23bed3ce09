/**
 * Loads web-tree-sitter and the Python grammar once, and parses Python text.
 * Node offsets are UTF-16 code units of the string passed in, the same units as Span.
 */
import { Language, Parser, type Edit, type Node, type ParseState, type Point, type Tree } from 'web-tree-sitter';
import { textChangeBetween, type ParseReuse, type TextChange } from '../parse-reuse';
import { pythonGrammar, treeSitterRuntime } from './grammar-files';

let loading: Promise<void> | null = null;
let parser: Parser | null = null;

export function initPythonParser(): Promise<void> {
  if (!loading) {
    loading = (async () => {
      await Parser.init(treeSitterRuntime());
      const language = await Language.load(pythonGrammar());
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
export function parsePython(text: string, deadline = Date.now() + PARSE_DEADLINE_MS, oldTree: Tree | null = null): Tree {
  if (!parser) throw new Error('the Python parser is not initialised: await initPythonParser() first');
  // The callback's true return cancels the parse (the typings say void; the runtime passes the value on).
  const progressCallback = (() => Date.now() > deadline) as unknown as (state: ParseState) => void;
  const tree = parser.parse(text, oldTree, { progressCallback });
  if (!tree) {
    parser.reset();
    throw new Error(`parsing stopped after ${PARSE_DEADLINE_MS} ms`);
  }
  return tree;
}

/** Row and column (UTF-16 units, as every index here) of `index` in `text`; tree-sitter counts rows at \n only. */
function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
    row++;
    lineStart = at + 1;
  }
  return { row, column: index - lineStart };
}

function editOf(before: string, after: string, change: TextChange): Edit {
  return {
    startIndex: change.start,
    oldEndIndex: change.oldEnd,
    newEndIndex: change.newEnd,
    startPosition: pointAt(before, change.start),
    oldEndPosition: pointAt(before, change.oldEnd),
    newEndPosition: pointAt(after, change.newEnd),
  };
}

/**
 * Parses `text`, incrementally when `reuse` holds the tree of an earlier text of the same document: that tree is
 * edited and handed to tree-sitter, which re-parses only around the change. The result is kept in `reuse` (which
 * owns it then); without `reuse` the caller deletes it.
 */
export function parsePythonReusing(text: string, reuse: ParseReuse | undefined): Tree {
  const previous = reuse?.takePython();
  if (!reuse || !previous) {
    const tree = parsePython(text);
    reuse?.keepPython(text, tree);
    return tree;
  }
  const change = textChangeBetween(previous.text, text);
  if (!change) {
    reuse.keepPython(text, previous.tree);
    return previous.tree;
  }
  let tree: Tree;
  try {
    previous.tree.edit(editOf(previous.text, text, change));
    tree = parsePython(text, undefined, previous.tree);
  } finally {
    previous.tree.delete();
  }
  reuse.keepPython(text, tree);
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
 * `recovered` is `parsed` itself when there is nothing to recover. The caller deletes both trees, except `parsed`
 * when `reuse` keeps it.
 */
export function parsePythonRecovering(text: string, reuse?: ParseReuse): { parsed: Tree; recovered: Tree } {
  const parsed = parsePythonReusing(text, reuse);
  if (!parsed.rootNode.hasError || text.length > MAX_RECOVERY_LENGTH || errorCount(parsed.rootNode, MAX_ERRORS_TO_RECOVER) > MAX_ERRORS_TO_RECOVER) {
    return { parsed, recovered: parsed };
  }
  const lines = text.split('\n');
  let recovered = parsed;
  const recoveryDeadline = Date.now() + RECOVERY_BUDGET_MS;
  // In an editor the text parsed cleanly a few keystrokes ago: what was typed since is the first suspect. Blanked
  // (line breaks kept), the text is the clean one again with spaces in it, and the rest of the file keeps its calls.
  const clean = reuse?.lastCleanPythonText;
  const change = clean !== undefined ? textChangeBetween(clean, text) : null;
  if (change && change.newEnd > change.start) {
    const typed = text.slice(change.start, change.newEnd).replace(/[^\r\n]/g, ' ');
    const blanked = text.slice(0, change.start) + typed + text.slice(change.newEnd);
    const base = parsed.copy();
    try {
      base.edit(editOf(text, blanked, { start: change.start, oldEnd: change.newEnd, newEnd: change.newEnd }));
      const next = parsePython(blanked, recoveryDeadline, base);
      if (!next.rootNode.hasError) return { parsed, recovered: next };
      next.delete();
    } catch {
      // out of recovery time: the line-by-line recovery below gets what is left
    } finally {
      base.delete();
    }
  }
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
