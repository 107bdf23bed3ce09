/**
 * Python source -> neutral view: SDK calls with statically resolved arguments.
 * Works on the tree-sitter syntax tree only; never runs or imports user code.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Args, Instance, ListGrowth, LoopFacts, NeutralCall, ObjectEntry, Origin, SourceView, Span, StringPiece, Value } from '../../model';
import type { AnalyzeContext } from '../context';
import type { ParseReuse } from '../parse-reuse';
import type { ClientWrapper } from '../../sdks/types';
import { jsonAsValue, ModelSchemaReader } from './model-schema';
import { argumentBindingOf, clientOf, clientWrapperOf, instanceFromValue, invocationOf, keepsShape, modelClassOf, requestOf } from '../../sdks';
import { isPythonSdkSymbol } from '../sdk-modules';
import { parsePythonRecovering } from './parser';
import { pythonRuntimeSource } from './runtime-source';
import { cleandoc, decodePythonEscapes, dedent, splitFormatTemplate, splitPercentTemplate, transformPieces } from './strings';
import { appendAll, OVERSIZED_TEXT_REASON, oversizedPieces } from '../../limits';
import { isToolUseWord, isUserTurnCall, STDIN_NAME } from '../../loops';

const MAX_DEPTH = 20;
/** Keyword names a wrapper's client argument goes by when it is not passed by position. */
const CLIENT_KEYWORDS = new Set(['client', 'model', 'llm', 'agent']);
const MAX_ERRORS = 20;
const LOOP_TYPES = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const INDEXED_TYPES = [
  'lambda',
  'import_statement',
  'import_from_statement',
  'assignment',
  'augmented_assignment',
  'with_item',
  'for_statement',
  'for_in_clause',
  'function_definition',
  'class_definition',
  'call',
  'delete_statement',
  'comment',
];
const SCOPE_TYPES = new Set(['function_definition', 'module']);

function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isNamePart(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57);
}

/**
 * The first name of a callee written as `name(` or `name.attr.attr(` (ASCII names, spaces and tabs between)
 * starting at `at`; undefined for any other shape. A scanner rather than a regex: one pass, no backtracking.
 */
function dottedCalleeBase(text: string, at: number): string | undefined {
  let i = at;
  let base: string | undefined;
  for (;;) {
    if (!isNameStart(text.charCodeAt(i))) return undefined;
    const start = i;
    while (isNamePart(text.charCodeAt(i))) i++;
    base ??= text.slice(start, i);
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '(') return base;
    if (text[i] !== '.') return undefined;
    i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
  }
}

type Binding =
  | { kind: 'module'; path: string }
  | { kind: 'symbol'; path: string }
  /** `from pkg.mod import NAME` of a non-SDK module: a possible workspace constant. */
  | { kind: 'import-name'; module: string; name: string };

/** A change to a dict variable after it is made: `d["k"] = v`, `d.update({...})`, `d.update(k=v)`. */
interface DictUpdate {
  at: number;
  /** `d["k"] = v`: the key and the value node. */
  key?: string;
  keyNode?: Node;
  value?: Node;
  /** `d.update(...)` / `d.setdefault(...)`: the call. */
  call?: Node;
}

/** Calls whose value is a field's declared default: `Field(default=...)`, `dataclasses.field(default=...)`. */
const FIELD_DECLARATIONS = new Set(['Field', 'pydantic.Field', 'pydantic.fields.Field', 'field', 'dataclasses.field', 'attr.ib', 'attrs.field']);

interface Assignment {
  /** The right-hand side, or the `with` item's value. */
  value: Node;
  /** Offset from which the name holds this value: after the whole statement, so `x = x[-10:]` reads the earlier `x`. */
  boundAt: number;
  scope: Node;
  name: string;
  /** Set for `for x in …` targets and other bindings whose value is not the node itself. */
  opaque?: string;
}

/** A function or class definition's extent, with the index of the innermost definition of its kind around it. */
interface EnclosingRange {
  node: Node;
  start: number;
  end: number;
  name: string | undefined;
  outer: number;
}

/**
 * The innermost range in `ranges` (file order) that is a proper ancestor of `node`. Syntax ranges nest, so the
 * answer is on the chain of `outer` links from the last range starting at or before the node. A range equal to the
 * node's is not around it: a definition's descendants all start after its keyword, so an equal range is an ancestor
 * of the definition (a block holding only it), or the definition itself.
 */
function innermostRange(ranges: readonly EnclosingRange[], node: Node): EnclosingRange | undefined {
  const at = innermostRangeIndex(ranges, node);
  return at === -1 ? undefined : ranges[at];
}

function innermostRangeIndex(ranges: readonly EnclosingRange[], node: Node): number {
  const start = node.startIndex;
  const end = node.endIndex;
  let low = 0;
  let high = ranges.length - 1;
  let at = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (ranges[mid].start <= start) {
      at = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  for (let i = at; i !== -1; i = ranges[i].outer) {
    const range = ranges[i];
    if (range.start <= start && end <= range.end && !(range.start === start && range.end === end)) return i;
  }
  return -1;
}

/** Appends a definition met in pre-order (after every definition around it). */
function addEnclosingRange(ranges: EnclosingRange[], node: Node, name: () => string | undefined): void {
  ranges.push({ node, start: node.startIndex, end: node.endIndex, name: name(), outer: innermostRangeIndex(ranges, node) });
}

/** `self.config.model` -> `config.model`; undefined unless the chain of plain attributes starts at `self`. */
function selfPath(node: Node): string | undefined {
  const names: string[] = [];
  let current: Node | null = node;
  while (current?.type === 'attribute') {
    const attr = current.childForFieldName('attribute')?.text;
    if (!attr) return undefined;
    names.unshift(attr);
    current = current.childForFieldName('object');
  }
  return current?.type === 'identifier' && current.text === 'self' && names.length ? names.join('.') : undefined;
}

/** Marks the literal text of a string or number as a default the code falls back to. */
function withDefaultOrigin(value: Value, of: string): Value {
  const origin: Origin = { kind: 'default', of };
  if (value.kind === 'string') return { ...value, pieces: value.pieces.map((piece) => (piece.kind === 'text' && piece.origin.kind === 'literal' ? { ...piece, origin } : piece)) };
  if (value.kind === 'number' && value.origin.kind === 'literal') return { ...value, origin };
  return value;
}

/** A string of literal text only, or a number: a value worth reporting as a default. */
function isStatic(value: Value): boolean {
  return (value.kind === 'string' && value.pieces.length > 0 && value.pieces.every((piece) => piece.kind === 'text')) || value.kind === 'number';
}

/** A client as a call value another module can turn back into the instance (`instanceFromValue`). */
function instanceAsValue(instance: Instance): Value {
  const made: Value = { kind: 'call', symbol: instance.symbol, calleeText: instance.symbol, args: instance.ctorArgs, span: instance.span };
  const wrapper = instance.via ? clientWrapperOf(instance.via) : undefined;
  if (!instance.via || !wrapper) return made;
  // Kept as the wrapper call around the client (`instructor.from_openai(OpenAI())`): the wrapper adds request methods.
  const argument = wrapper.argument;
  const args: Args = {
    positional: typeof argument === 'number' ? new Array<Value>(argument + 1).fill(made) : [],
    named: typeof argument === 'string' ? [{ key: argument, keySpan: instance.span, value: made, span: instance.span }] : [],
    span: instance.ctorArgs.span,
  };
  return { kind: 'call', symbol: instance.via, calleeText: instance.via, args, span: instance.span };
}

/** An instance a constructor made (not a chat session a method made), which another module can rebuild from its symbol. */
function isClientInstance(instance: Instance): boolean {
  return !!clientOf(instance.symbol) || !!modelClassOf(instance.symbol);
}

function commentOf(node: Node): { line: number; text: string } {
  return { line: node.startPosition.row, text: node.text.replace(/^#+/, '').trim() };
}

export class PythonFileAnalyzer {
  /** The tree of `text` as written: the source of syntax errors and comments. */
  private readonly parsed: Tree;
  /** The tree with broken lines blanked (same offsets): the source of calls and values. */
  private readonly tree: Tree;
  private readonly root: Node;
  private readonly imports = new Map<string, Binding>();
  /** name -> assignments in file order, across scopes. */
  private readonly assignments = new Map<string, Assignment[]>();
  /** `Class.attr` -> assignments to `self.attr` or class attributes. */
  private readonly attributes = new Map<string, Assignment[]>();
  private readonly functions = new Map<string, Node>();
  /** Names of parameters with a type annotation or a default value, anywhere in the file. */
  private readonly typedParameters = new Set<string>();
  /** Names whose attributes this file assigns (`Settings` of `Settings.llm = OpenAI(...)`). */
  private readonly attributeOwners = new Set<string>();
  /** Names of every function parameter in the file: a plain parameter may receive a client from a caller. */
  private readonly parameterNames = new Set<string>();
  /** Parameter node id -> the instance callers in this file pass for it. */
  private readonly passedInstances = new Map<number, Instance | null>();
  private readonly listMutations: { key: string; node: Node; kind: 'append' | 'trim' }[] = [];
  /** `<scope start>:<name>` -> changes to that dict variable, in file order. */
  private readonly dictUpdates = new Map<string, DictUpdate[]>();
  /** Class name -> its definition, for base classes and field defaults. */
  private readonly classes = new Map<string, Node>();
  private modelSchemas: ModelSchemaReader | undefined;
  private readonly evaluating = new Set<number>();
  /** Every call expression, in file order. */
  private readonly callNodes: Node[] = [];
  /** Calls by how the callee is written (`name(...)` / `x.name(...)`), built on first use: each tree step costs a call into WASM. */
  private callsByCallee: { plain: Map<string, Node[]>; attribute: Map<string, Node[]> } | undefined;
  /** Function and class definitions in file order, for finding the one around a node without walking parents. */
  private readonly functionRanges: EnclosingRange[] = [];
  private readonly classRanges: EnclosingRange[] = [];
  private readonly lambdaRanges: EnclosingRange[] = [];
  /** Definition node id -> its parameters by name, read once (`parameterOf` runs for every name looked up). */
  private readonly parametersByDefinition = new Map<number, Map<string, Node>>();
  /** Comments of the tree as written, collected by the index walk when that tree is the one indexed. */
  private indexedComments: { line: number; text: string }[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
    private readonly ctx: AnalyzeContext,
    private readonly reuse?: ParseReuse,
  ) {
    const { parsed, recovered } = parsePythonRecovering(text, reuse);
    this.parsed = parsed;
    this.tree = recovered;
    this.root = this.tree.rootNode;
    this.index();
  }

  dispose(): void {
    if (this.tree !== this.parsed) this.tree.delete();
    // A kept tree is the starting point of the next parse of this document.
    if (!this.reuse?.ownsPython(this.parsed)) this.parsed.delete();
  }

  // ---------- indexing ----------

  private index(): void {
    const comments: { line: number; text: string }[] | undefined = this.tree === this.parsed ? [] : undefined;
    this.indexedComments = comments;
    // One native traversal: walking node by node through the wasm boundary costs far more.
    for (const node of this.root.descendantsOfType(INDEXED_TYPES)) {
      if (!node) continue;
      switch (node.type) {
        case 'comment':
          comments?.push(commentOf(node));
          break;
        case 'class_definition': {
          addEnclosingRange(this.classRanges, node, () => node.childForFieldName('name')?.text);
          const name = node.childForFieldName('name')?.text;
          if (name && !this.classes.has(name)) this.classes.set(name, node);
          break;
        }
        case 'import_statement':
          this.indexImport(node);
          break;
        case 'import_from_statement':
          this.indexImportFrom(node);
          break;
        case 'assignment':
        case 'augmented_assignment':
          this.indexAssignment(node);
          break;
        case 'with_item':
          this.indexWithItem(node);
          break;
        case 'for_statement':
        case 'for_in_clause': {
          const left = node.childForFieldName('left');
          if (left?.type === 'identifier') this.addAssignment(left.text, { value: left, boundAt: left.startIndex, scope: this.scopeOf(node), name: left.text, opaque: 'loop variable' });
          break;
        }
        case 'lambda':
          addEnclosingRange(this.lambdaRanges, node, () => undefined);
          break;
        case 'function_definition': {
          addEnclosingRange(this.functionRanges, node, () => undefined);
          const name = node.childForFieldName('name')?.text;
          if (name) this.functions.set(this.qualifiedName(node, name), node);
          // Only parameters with a type or a default can name a client (`client: OpenAI`, `llm=ChatOpenAI()`).
          for (const param of node.childForFieldName('parameters')?.namedChildren ?? []) {
            if (param && param.type !== 'identifier') {
              const id = param.childForFieldName('name') ?? param.namedChild(0);
              if (id?.type === 'identifier') this.typedParameters.add(id.text);
            } else if (param) this.parameterNames.add(param.text);
          }
          break;
        }
        case 'call':
          this.callNodes.push(node);
          this.indexListMutation(node);
          break;
        case 'delete_statement':
          for (const target of node.namedChildren) {
            if (target?.type === 'subscript') {
              const key = this.listKey(target.childForFieldName('value'));
              if (key) this.listMutations.push({ key, node, kind: 'trim' });
            }
          }
          break;
      }
    }
  }

  private indexImport(node: Node): void {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'dotted_name') {
        const top = child.text.split('.')[0];
        this.imports.set(top, { kind: 'module', path: top });
      } else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text;
        const alias = child.childForFieldName('alias')?.text;
        if (name && alias) this.imports.set(alias, { kind: 'module', path: name });
      }
    }
  }

  private indexImportFrom(node: Node): void {
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) return;
    const module = moduleNode.text.replace(/\s+/g, '');
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      let name: string | undefined;
      let alias: string | undefined;
      if (child.type === 'dotted_name') name = alias = child.text;
      else if (child.type === 'aliased_import') {
        name = child.childForFieldName('name')?.text;
        alias = child.childForFieldName('alias')?.text;
      }
      if (!name || !alias) continue;
      const full = `${module}.${name}`;
      if (!module.startsWith('.') && isPythonSdkSymbol(full)) this.imports.set(alias, { kind: 'symbol', path: full });
      else this.imports.set(alias, { kind: 'import-name', module, name });
    }
  }

  private indexAssignment(node: Node): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    const scope = this.scopeOf(node);
    if (node.type === 'augmented_assignment') {
      const key = this.listKey(left);
      if (key && node.child(1)?.type === '+=') this.listMutations.push({ key, node, kind: 'append' });
      return;
    }
    // Class attributes: `client = OpenAI()` directly in a class body. They are not names the class's methods (or
    // the module) see. Parent steps are costly in tree-sitter (each searches down from the root): only inside a
    // class are they needed.
    if (left.type === 'identifier' && this.enclosingClass(node) !== undefined && node.parent?.parent?.type === 'block' && node.parent.parent.parent?.type === 'class_definition') {
      const className = node.parent.parent.parent.childForFieldName('name')?.text;
      if (className) {
        const key = `${className}.${left.text}`;
        const list = this.attributes.get(key) ?? [];
        list.push({ value: right, boundAt: node.endIndex, scope, name: key });
        this.attributes.set(key, list);
        return;
      }
    }
    if (left.type === 'identifier') {
      this.addAssignment(left.text, { value: right, boundAt: node.endIndex, scope, name: left.text });
      if (right.type === 'subscript' && right.childForFieldName('value')?.text === left.text) {
        const key = this.listKey(left);
        if (key) this.listMutations.push({ key, node, kind: 'trim' });
      }
    } else if (left.type === 'attribute') {
      const attr = selfPath(left);
      const owner = this.enclosingClass(node);
      if (attr && owner) {
        const key = `${owner}.${attr}`;
        const list = this.attributes.get(key) ?? [];
        list.push({ value: right, boundAt: node.endIndex, scope, name: key });
        this.attributes.set(key, list);
        if (right.type === 'subscript' && right.childForFieldName('value')?.text === left.text) this.listMutations.push({ key: `self:${key}`, node, kind: 'trim' });
      } else {
        // `Settings.llm = OpenAI(...)`: state of a module-level object, seen from every function of the file.
        const object = left.childForFieldName('object');
        const attribute = left.childForFieldName('attribute');
        if (object?.type === 'identifier' && object.text !== 'self' && object.text !== 'cls' && attribute) {
          this.addAssignment(`${object.text}.${attribute.text}`, { value: right, boundAt: node.endIndex, scope: this.root, name: `${object.text}.${attribute.text}` });
          this.attributeOwners.add(object.text);
        }
      }
    } else if (left.type === 'subscript') {
      // `history[:] = history[-10:]`
      const target = left.childForFieldName('value');
      const key = this.listKey(target);
      if (key) this.listMutations.push({ key, node, kind: 'trim' });
      // `params["max_tokens"] = 500`
      const index = left.childForFieldName('subscript');
      if (target?.type === 'identifier' && index?.type === 'string') {
        const keyValue = this.value(index);
        const keyText = keyValue.kind === 'string' && keyValue.pieces.length === 1 && keyValue.pieces[0].kind === 'text' ? keyValue.pieces[0].text : undefined;
        if (keyText !== undefined) this.addDictUpdate(target.text, node, { at: node.startIndex, key: keyText, keyNode: index, value: right });
      }
    }
  }

  private indexWithItem(node: Node): void {
    const value = node.childForFieldName('value');
    if (value?.type !== 'as_pattern') return;
    const expression = value.namedChild(0);
    const target = value.childForFieldName('alias') ?? value.namedChild(1);
    const name = target?.type === 'as_pattern_target' ? target.namedChild(0) : target;
    if (expression && name?.type === 'identifier') this.addAssignment(name.text, { value: expression, boundAt: node.endIndex, scope: this.scopeOf(node), name: name.text });
  }

  private addDictUpdate(name: string, node: Node, update: DictUpdate): void {
    const key = `${this.scopeOf(node).startIndex}:${name}`;
    const list = this.dictUpdates.get(key) ?? [];
    list.push(update);
    this.dictUpdates.set(key, list);
  }

  private indexListMutation(node: Node): void {
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'attribute') return;
    const method = fn.childForFieldName('attribute')?.text;
    const object = fn.childForFieldName('object');
    if ((method === 'update' || method === 'setdefault') && object?.type === 'identifier') this.addDictUpdate(object.text, node, { at: node.startIndex, call: node });
    const kind = method === 'append' || method === 'extend' || method === 'insert' ? 'append' : method === 'pop' || method === 'clear' || method === 'remove' ? 'trim' : undefined;
    if (!kind) return;
    const key = this.listKey(fn.childForFieldName('object'));
    if (key) this.listMutations.push({ key, node, kind });
  }

  /** A key naming a list variable: `<scope start>:<name>` for names, `self:<Class.attr>` for instance attributes. */
  private listKey(node: Node | null): string | undefined {
    if (!node) return undefined;
    if (node.type === 'identifier') {
      const assignment = this.lookupAssignment(node.text, node);
      return assignment ? `${assignment.scope.startIndex}:${node.text}` : undefined;
    }
    if (node.type === 'attribute' && node.childForFieldName('object')?.text === 'self') {
      const owner = this.enclosingClass(node);
      const attr = node.childForFieldName('attribute')?.text;
      return owner && attr ? `self:${owner}.${attr}` : undefined;
    }
    return undefined;
  }

  private addAssignment(name: string, assignment: Assignment): void {
    const list = this.assignments.get(name) ?? [];
    list.push(assignment);
    this.assignments.set(name, list);
  }

  /** The innermost function around `node`, else the module. */
  private scopeOf(node: Node): Node {
    return innermostRange(this.functionRanges, node)?.node ?? this.root;
  }

  private enclosingClass(node: Node): string | undefined {
    return innermostRange(this.classRanges, node)?.name;
  }

  private qualifiedName(fn: Node, name: string): string {
    // `@staticmethod def make(): ...` sits in a decorated definition inside the class body.
    const statement = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
    const owner = statement.parent?.parent?.type === 'class_definition' ? statement.parent.parent.childForFieldName('name')?.text : undefined;
    return owner ? `${owner}.${name}` : name;
  }

  /** The assignment a name refers to at `use`: innermost scope first, the last one before the use. */
  private lookupAssignment(name: string, use: Node): Assignment | undefined {
    const list = this.assignments.get(name);
    if (!list) return undefined;
    const useScope = this.scopeOf(use);
    const useStart = use.startIndex;
    for (let scope: Node | null = useScope; scope; scope = scope === this.root ? null : this.scopeOf(scope)) {
      const scopeId = scope.id;
      const inScope = list.filter((a) => a.scope.id === scopeId);
      if (!inScope.length) continue;
      const live = inScope.length > 1 ? this.withoutDeadBranches(inScope) : inScope;
      const before = live.filter((a) => a.boundAt <= useStart);
      // Module-level names used inside functions may be assigned later in the file.
      return before.length ? before[before.length - 1] : scope === this.root || scopeId !== useScope.id ? live[live.length - 1] : undefined;
    }
    return undefined;
  }

  private readonly deadBranch = new Map<number, boolean>();

  /**
   * Assignments in branches a module constant rules out (`PROVIDER = "ollama"`, then `if PROVIDER == "ollama": llm = ...
   * elif PROVIDER == "together": llm = ...`): the live branch decides. All of them when none is live.
   */
  private withoutDeadBranches(assignments: Assignment[]): Assignment[] {
    const live = assignments.filter((assignment) => !this.inDeadBranch(assignment.value));
    return live.length ? live : assignments;
  }

  private inDeadBranch(node: Node): boolean {
    const known = this.deadBranch.get(node.id);
    if (known !== undefined) return known;
    // Live until shown dead: a condition that reads the name being looked up comes back here.
    this.deadBranch.set(node.id, false);
    let dead = false;
    for (let current = node.parent; current && !dead; current = current.parent) {
      if (current.type === 'function_definition' || current.type === 'class_definition') break;
      if (current.type !== 'block') continue;
      const owner = current.parent;
      if (owner?.type === 'if_statement' && owner.childForFieldName('consequence')?.id === current.id) dead = this.conditionValue(owner.childForFieldName('condition')) === false;
      else if (owner?.type === 'elif_clause' || owner?.type === 'else_clause') {
        const statement = owner.parent;
        if (!statement) continue;
        const earlier = [statement.childForFieldName('condition'), ...statement.namedChildren.filter((clause) => clause?.type === 'elif_clause' && clause.startIndex < owner.startIndex).map((clause) => clause!.childForFieldName('condition'))];
        dead = earlier.some((condition) => this.conditionValue(condition) === true) || (owner.type === 'elif_clause' && this.conditionValue(owner.childForFieldName('condition')) === false);
      }
    }
    this.deadBranch.set(node.id, dead);
    return dead;
  }

  /** `NAME == "literal"` / `!=` over constants, `True`, `False`: its truth when the code fixes it, else undefined. */
  private conditionValue(condition: Node | null): boolean | undefined {
    if (!condition) return undefined;
    if (condition.type === 'true') return true;
    if (condition.type === 'false') return false;
    if (condition.type !== 'comparison_operator' || condition.namedChildCount !== 2) return undefined;
    const operator = condition.child(1)?.type;
    if (operator !== '==' && operator !== '!=') return undefined;
    const [left, right] = [condition.namedChild(0), condition.namedChild(1)].map((side) => (side ? staticScalar(this.value(side, 1)) : undefined));
    if (left === undefined || right === undefined) return undefined;
    return operator === '==' ? left === right : left !== right;
  }

  /** True when the function declaring `parameter` is nested inside `scope` (so the parameter hides names bound there). */
  private isInnerTo(parameter: Node, scope: Node): boolean {
    const declaring = this.scopeOf(parameter);
    return declaring.id !== scope.id && (scope.id === this.root.id || (declaring.startIndex > scope.startIndex && declaring.endIndex <= scope.endIndex));
  }

  private isParameter(name: string, use: Node): boolean {
    for (let current = use.parent; current; current = current.parent) {
      if (current.type !== 'function_definition' && current.type !== 'lambda') continue;
      const params = current.childForFieldName('parameters');
      if (!params) continue;
      for (const param of params.namedChildren) {
        if (!param) continue;
        const id = param.type === 'identifier' ? param : (param.childForFieldName('name') ?? param.namedChild(0));
        if (id?.text === name) return true;
      }
    }
    return false;
  }

  // ---------- spans ----------

  private span(node: Node): Span {
    return { file: this.file, start: node.startIndex, end: node.endIndex };
  }

  // ---------- symbols and instances ----------

  /** The dotted SDK symbol an expression names (`openai.OpenAI`, `litellm.completion`), if any. */
  private symbolOf(node: Node): string | undefined {
    if (node.type === 'identifier') {
      const binding = this.imports.get(node.text);
      if (!binding || binding.kind === 'import-name') return undefined;
      if (this.lookupAssignment(node.text, node)) return undefined; // shadowed by a local assignment
      return binding.path;
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute')?.text;
      if (!object || !attr) return undefined;
      const base = this.symbolOf(object);
      return base ? `${base}.${attr}` : undefined;
    }
    if (node.type === 'subscript') {
      // `Agent[None, Answer]`: a generic class given its type parameters is still the class.
      const base = this.symbolOf(node.childForFieldName('value')!);
      return base && /^[A-Z]/.test(base.slice(base.lastIndexOf('.') + 1)) ? base : undefined;
    }
    return undefined;
  }

  private sdkSymbolOf(node: Node): string | undefined {
    const symbol = this.symbolOf(node);
    return symbol && isPythonSdkSymbol(symbol) ? symbol : undefined;
  }

  /** The client/model instance an expression evaluates to, following assignments, self attributes and wrappers. */
  instanceOf(node: Node | null, depth = 0): Instance | null {
    if (!node || depth > MAX_DEPTH) return null;
    switch (node.type) {
      case 'parenthesized_expression':
      case 'await':
        return this.instanceOf(node.namedChild(0), depth + 1);
      case 'call': {
        const fn = node.childForFieldName('function');
        if (!fn) return null;
        const symbol = this.sdkSymbolOf(fn);
        if (symbol) {
          const wrapper = clientWrapperOf(symbol);
          if (wrapper) return this.wrappedClient(node, symbol, wrapper, depth + 1);
          return { symbol, ctorArgs: this.args(node, depth + 1), span: this.span(node) };
        }
        if (fn.type === 'attribute') {
          const based = this.instanceOnChain(fn, depth + 1);
          if (based) {
            if (based.path.length === 1 && keepsShape(based.path[0])) return this.withBoundArguments(based.instance, based.path[0], node, depth + 1);
            // An object a method of the instance makes (a chat session): it keeps its maker as parent.
            return { symbol: `${based.instance.symbol}#${based.path.join('.')}`, ctorArgs: this.args(node, depth + 1), span: this.span(node), parent: based.instance };
          }
        }
        return this.instanceFromWrapper(fn, depth + 1);
      }
      case 'boolean_operator':
        // `client or OpenAI()`: a passed client, else the default made here.
        return this.instanceOf(node.childForFieldName('left'), depth + 1) ?? this.instanceOf(node.childForFieldName('right'), depth + 1);
      case 'conditional_expression': {
        // `AsyncOpenAI() if use_async else OpenAI()`: either, the first written as the main one.
        const found: Instance[] = [];
        for (const branch of [node.namedChild(0), node.namedChild(2)]) {
          const instance = this.instanceOf(branch, depth + 1);
          if (instance && !found.some((known) => known.symbol === instance.symbol)) found.push(instance);
        }
        if (!found.length) return null;
        return found.length === 1 ? found[0] : { ...found[0], alternatives: found.slice(1) };
      }
      case 'binary_operator': {
        // `prompt | llm | parser`: a chain holding a model sends what the model sends.
        if (node.child(1)?.type !== '|') return null;
        return this.instanceOf(node.childForFieldName('left'), depth + 1) ?? this.instanceOf(node.childForFieldName('right'), depth + 1);
      }
      case 'identifier': {
        if (this.guard(node)) return null;
        try {
          const assignment = this.lookupAssignment(node.text, node);
          const parameter = this.parameterOf(node.text, node);
          // A parameter shadows a module-level (or outer function's) name: `client = OpenAI()` / `def f(client: Anthropic)`.
          // Defaults are evaluated where the function is defined: `def main(agent: Agent = agent)` names the outer `agent`.
          const inOwnDefault = !!parameter && isWithin(node, parameter.parent);
          if (parameter && !inOwnDefault && (!assignment || this.isInnerTo(parameter, assignment.scope))) return this.parameterInstance(parameter, depth + 1);
          if (assignment) return assignment.opaque ? null : this.instanceOf(assignment.value, depth + 1);
          const binding = this.imports.get(node.text);
          if (binding?.kind === 'import-name') {
            const imported = this.ctx.resolveImport(this.file, binding.module, binding.name);
            return imported ? instanceFromValue(imported) : null;
          }
          return null;
        } finally {
          this.evaluating.delete(node.id);
        }
      }
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute')?.text;
        if (object?.text === 'self' && attr) {
          const owner = this.enclosingClass(node);
          if (!owner || this.guard(node)) return null;
          try {
            return this.attributeInstance(owner, attr, depth + 1, new Set());
          } finally {
            this.evaluating.delete(node.id);
          }
        }
        // `Settings.llm = OpenAI(...)` somewhere in the file: an attribute of a shared object holds the instance.
        const assignment = object?.type === 'identifier' && attr ? this.lookupAssignment(`${object.text}.${attr}`, node) : undefined;
        if (!assignment || assignment.opaque || this.guard(node)) return null;
        try {
          return this.instanceOf(assignment.value, depth + 1);
        } finally {
          this.evaluating.delete(node.id);
        }
      }
      default:
        return null;
    }
  }

  /** The instance `self.<attr>` holds in class `owner`: set in its own methods, else in a base class (here or imported). */
  private attributeInstance(owner: string, attr: string, depth: number, visited: Set<string>): Instance | null {
    if (visited.has(owner) || depth > MAX_DEPTH) return null;
    visited.add(owner);
    const list = this.attributes.get(`${owner}.${attr}`);
    if (list) {
      for (const assignment of list) {
        const instance = this.instanceOf(assignment.value, depth + 1);
        if (instance) return instance;
      }
      return null;
    }
    for (const base of this.classes.get(owner)?.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (base?.type !== 'identifier') continue;
      if (this.classes.has(base.text)) {
        const inherited = this.attributeInstance(base.text, attr, depth + 1, visited);
        if (inherited) return inherited;
        continue;
      }
      const binding = this.imports.get(base.text);
      if (binding?.kind === 'import-name') {
        const imported = this.importedInstance(binding.module, `${binding.name}.${attr}`);
        if (imported) return imported;
      }
    }
    return null;
  }

  /** `llm.bind(max_tokens=256)`, `model.with_config({"model": …})`: the instance with those arguments set as if made with them. */
  private withBoundArguments(instance: Instance, method: string, call: Node, depth: number): Instance {
    const binding = argumentBindingOf(method);
    if (!binding) return instance;
    const args = this.args(call, depth);
    let bound: ObjectEntry[] = args.named;
    if (binding === 'tools' || binding === 'schema') {
      // `llm.bind_tools([...])`, `llm.with_structured_output(Invoice)`: later invocations send these tools / this schema.
      const given = args.positional[0] ?? args.named.find((entry) => entry.key === binding)?.value;
      bound = given ? [{ key: binding, keySpan: given.span, value: given, span: given.span }] : [];
    } else if (binding === 'config') {
      const config = args.positional[0]?.kind === 'object' ? args.positional[0].entries : [];
      const configurable = [...config, ...args.named].find((entry) => entry.key === 'configurable')?.value;
      bound = [...config.filter((entry) => entry.key !== 'configurable'), ...(configurable?.kind === 'object' ? configurable.entries : [])];
    }
    if (!bound.length) return instance;
    const named = [...instance.ctorArgs.named.filter((entry) => !bound.some((item) => item.key === entry.key)), ...bound];
    return { ...instance, ctorArgs: { ...instance.ctorArgs, named } };
  }

  /** The innermost instance along an attribute chain (`client.chats.create` -> client, path `chats.create`). */
  private instanceOnChain(fn: Node, depth: number): { instance: Instance; path: string[] } | null {
    const path: string[] = [];
    let current: Node | null = fn;
    while (current && current.type === 'attribute') {
      path.unshift(current.childForFieldName('attribute')?.text ?? '');
      const object: Node | null = current.childForFieldName('object');
      const instance = object && object.type !== 'attribute' ? this.instanceOf(object, depth) : object ? this.instanceOfAttributeBase(object) : null;
      if (instance) return { instance, path };
      current = object;
    }
    return null;
  }

  /** The client a wrapper call returns (`instructor.from_openai(OpenAI())`), marked with the wrapper. */
  private wrappedClient(call: Node, wrapperSymbol: string, wrapper: ClientWrapper, depth: number): Instance | null {
    const argument = wrapper.argument;
    const list = call.childForFieldName('arguments');
    if (!list) return null;
    let positional = 0;
    let client: Node | null = null;
    let clientKeyword: string | undefined;
    for (const child of list.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'keyword_argument') {
        const name = child.childForFieldName('name')?.text ?? '';
        if (name === String(argument) || (typeof argument === 'number' && CLIENT_KEYWORDS.has(name))) {
          client = child.childForFieldName('value');
          clientKeyword = name;
        }
      } else if (typeof argument === 'number' && positional++ === argument) client = child;
      if (client) break;
    }
    const inner = this.instanceOf(client, depth);
    if (!inner) return null;
    const defaults = wrapper.requestDefaults;
    const bound = defaults ? this.args(call, depth).named.filter((entry) => !defaults.except.includes(entry.key) && entry.key !== clientKeyword) : [];
    return bound.length ? { ...inner, via: wrapperSymbol, boundArgs: [...(inner.boundArgs ?? []), ...bound] } : { ...inner, via: wrapperSymbol };
  }

  /** The parameter node named `name` of the innermost function around `use` that has one. */
  private parameterOf(name: string, use: Node): Node | undefined {
    // Definitions around `use`, innermost first, from the indexed ranges (walking parents costs a WASM call a step).
    const around: EnclosingRange[] = [];
    for (const ranges of [this.functionRanges, this.lambdaRanges]) {
      for (let i = innermostRangeIndex(ranges, use); i !== -1; i = ranges[i].outer) around.push(ranges[i]);
    }
    if (this.lambdaRanges.length) around.sort((a, b) => b.start - a.start);
    for (const range of around) {
      const param = this.parametersOf(range.node).get(name);
      if (param) return param;
    }
    return undefined;
  }

  private parametersOf(definition: Node): Map<string, Node> {
    let params = this.parametersByDefinition.get(definition.id);
    if (params) return params;
    params = new Map();
    for (const param of definition.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!param) continue;
      const id = param.type === 'identifier' ? param : (param.childForFieldName('name') ?? param.namedChild(0));
      if (id && !params.has(id.text)) params.set(id.text, param);
    }
    this.parametersByDefinition.set(definition.id, params);
    return params;
  }

  /** `client: OpenAI`, `llm: ChatOpenAI | None`, `client=OpenAI()`: the instance a parameter's type or default names. */
  private parameterInstance(param: Node, depth: number): Instance | null {
    const defaultValue = param.childForFieldName('value');
    if (defaultValue) {
      const instance = this.instanceOf(defaultValue, depth);
      if (instance) return instance;
    }
    return this.annotatedInstance(param.childForFieldName('type'), param) ?? this.passedInstance(param, depth);
  }

  /** The SDK symbol a quoted annotation names (`"OpenAI"`, `"openai.AsyncOpenAI"`), through this file's imports. */
  private annotationSymbol(node: Node): string | undefined {
    const text = node.text.replace(/^[rbuRBU]*(['"]{1,3})([\s\S]*)\1$/, '$2').trim();
    const [head, ...rest] = text.split('.');
    const binding = this.imports.get(head);
    if (!binding || binding.kind === 'import-name' || !rest.every((part) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(part))) return undefined;
    const symbol = [binding.path, ...rest].join('.');
    return isPythonSdkSymbol(symbol) ? symbol : undefined;
  }

  /** `OpenAI`, `Optional[OpenAI]`, `openai.AsyncOpenAI | None`: the client (or model) class a type annotation names. */
  private annotatedInstance(type: Node | null, at: Node): Instance | null {
    if (!type) return null;
    const candidates = [type, ...type.descendantsOfType(['identifier', 'attribute', 'string'])];
    for (const candidate of candidates) {
      const inner = candidate?.type === 'type' ? candidate.namedChild(0) : candidate;
      if (!inner) continue;
      // A forward reference: `client: "OpenAI"`, `-> "anthropic.Anthropic"`.
      const symbol = inner.type === 'string' ? this.annotationSymbol(inner) : inner.type === 'identifier' || inner.type === 'attribute' ? this.sdkSymbolOf(inner) : undefined;
      if (symbol && (clientOf(symbol) || modelClassOf(symbol))) return { symbol, ctorArgs: { positional: [], named: [], span: this.span(at) }, span: this.span(at) };
    }
    return null;
  }

  /**
   * `def answer(question, client): client.models.generate_content(...)` called in this file as `answer(q, gemini)`:
   * the instance a caller passes for the parameter (the first caller that passes one).
   */
  private passedInstance(param: Node, depth: number): Instance | null {
    const known = this.passedInstances.get(param.id);
    if (known !== undefined) return known;
    if (this.guard(param)) return null;
    let found: Instance | null = null;
    try {
      const definition = param.parent?.parent;
      const name = definition?.type === 'function_definition' ? definition.childForFieldName('name')?.text : undefined;
      const params = (definition?.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => !!p && p.type !== 'comment');
      const paramName = (param.type === 'identifier' ? param : (param.childForFieldName('name') ?? param.namedChild(0)))?.text;
      let position = params.findIndex((p) => p.id === param.id);
      if (!name || !paramName || position === -1) return null;
      const holder = definition?.parent?.type === 'decorated_definition' ? definition.parent : definition;
      const method = holder?.parent?.parent?.type === 'class_definition';
      if (method && (params[0]?.text === 'self' || params[0]?.text === 'cls')) position--;
      const byCallee = this.callsByCalleeName();
      for (const call of (method ? byCallee.attribute : byCallee.plain).get(name) ?? []) {
        let argument: Node | null = null;
        let index = 0;
        for (const child of call.childForFieldName('arguments')?.namedChildren ?? []) {
          if (!child || child.type === 'comment') continue;
          if (child.type === 'keyword_argument') {
            if (child.childForFieldName('name')?.text === paramName) argument = child.childForFieldName('value');
          } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') break;
          else if (index++ === position) argument = child;
          if (argument) break;
        }
        found = this.instanceOf(argument, depth + 1);
        if (found) break;
      }
      return found;
    } finally {
      this.evaluating.delete(param.id);
      this.passedInstances.set(param.id, found);
    }
  }

  /**
   * The client a factory call returns: `get_client()`, `self._get_client()`, `Service.make()` (a method of this
   * class, a base class or an imported one), or a function imported from a workspace module. When branches return
   * clients of different classes (`if provider == "anthropic": return Anthropic()`), the later ones are alternatives.
   */
  private instanceFromWrapper(fn: Node, depth: number): Instance | null {
    const definition = this.factoryDefinition(fn);
    return definition ? this.factoryInstance(definition, depth) : this.importedFactory(fn);
  }

  /** The client(s) a function's `return` statements give. */
  private factoryInstance(definition: Node, depth = 1): Instance | null {
    if (this.guard(definition)) return null;
    try {
      const found: Instance[] = [];
      const stack: Node[] = [definition.childForFieldName('body')!].filter(Boolean);
      while (stack.length) {
        const node = stack.pop()!;
        if (node.type === 'return_statement') {
          const instance = this.instanceOf(node.namedChild(0), depth + 1);
          if (instance && !found.some((known) => known.symbol === instance.symbol)) found.push(instance);
        }
        if (node.type === 'function_definition' || node.type === 'class_definition') continue;
        // Source order: the first return written is the main instance.
        for (let i = node.namedChildCount - 1; i >= 0; i--) {
          const child = node.namedChild(i);
          if (child) stack.push(child);
        }
      }
      // `def get_client() -> AsyncOpenAI:` whose returns cannot be followed (a lazily set attribute, `**kwargs`).
      if (!found.length) return this.annotatedInstance(definition.childForFieldName('return_type'), definition);
      return found.length === 1 ? found[0] : { ...found[0], alternatives: found.slice(1) };
    } finally {
      this.evaluating.delete(definition.id);
    }
  }

  /** The definition of the same-file function or method a callee names. */
  private factoryDefinition(fn: Node): Node | undefined {
    if (fn.type === 'identifier') return this.lookupAssignment(fn.text, fn) ? undefined : this.functions.get(fn.text);
    if (fn.type !== 'attribute') return undefined;
    const object = fn.childForFieldName('object');
    const method = fn.childForFieldName('attribute')?.text;
    if (!object || !method || object.type !== 'identifier') return undefined;
    const owner = object.text === 'self' || object.text === 'cls' ? this.enclosingClass(fn) : this.classes.has(object.text) ? object.text : undefined;
    return owner ? this.methodDefinition(owner, method, new Set()) : undefined;
  }

  /** A method of a class of this file, or of its base classes in this file. */
  private methodDefinition(owner: string, method: string, visited: Set<string>): Node | undefined {
    if (visited.has(owner)) return undefined;
    visited.add(owner);
    const own = this.functions.get(`${owner}.${method}`);
    if (own) return own;
    for (const base of this.classes.get(owner)?.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (base?.type !== 'identifier' || !this.classes.has(base.text)) continue;
      const inherited = this.methodDefinition(base.text, method, visited);
      if (inherited) return inherited;
    }
    return undefined;
  }

  /** Imported classes this class derives from, directly or through bases of this file: (binding, class name). */
  private importedBases(owner: string, visited = new Set<string>()): { module: string; name: string }[] {
    if (visited.has(owner)) return [];
    visited.add(owner);
    const bases: { module: string; name: string }[] = [];
    for (const base of this.classes.get(owner)?.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (base?.type !== 'identifier') continue;
      if (this.classes.has(base.text)) bases.push(...this.importedBases(base.text, visited));
      else {
        const binding = this.imports.get(base.text);
        if (binding?.kind === 'import-name') bases.push({ module: binding.module, name: binding.name });
      }
    }
    return bases;
  }

  /** The client a workspace module exports as `name` (a factory's result is `name()`), as an instance. */
  private importedInstance(module: string, name: string): Instance | null {
    const value = this.ctx.resolveImport(this.file, module, name);
    return value ? instanceFromValue(value) : null;
  }

  /** `get_client()` imported from a workspace module; `self.make()` / `Service.make()` of an imported class. */
  private importedFactory(fn: Node): Instance | null {
    if (fn.type === 'identifier') {
      const binding = this.imports.get(fn.text);
      return binding?.kind === 'import-name' && !this.lookupAssignment(fn.text, fn) ? this.importedInstance(binding.module, `${binding.name}()`) : null;
    }
    if (fn.type !== 'attribute') return null;
    const object = fn.childForFieldName('object');
    const method = fn.childForFieldName('attribute')?.text;
    if (!object || !method || object.type !== 'identifier') return null;
    if (object.text === 'self' || object.text === 'cls') {
      const owner = this.enclosingClass(fn);
      for (const base of owner ? this.importedBases(owner) : []) {
        const instance = this.importedInstance(base.module, `${base.name}.${method}()`);
        if (instance) return instance;
      }
      return null;
    }
    const binding = this.imports.get(object.text);
    if (binding?.kind === 'import-name' && /^[A-Z]/.test(binding.name)) return this.importedInstance(binding.module, `${binding.name}.${method}()`);
    // `llm.get_client()` with `from app import llm` or `import app.llm as llm`: a factory of a workspace module.
    const module = this.importedModule(object);
    return module ? this.importedInstance(module, `${method}()`) : null;
  }

  /** The workspace module a name stands for (`from app import llm`, `from . import llm`, `import app.llm as llm`), if it may be one. */
  private importedModule(node: Node): string | undefined {
    const binding = node.type === 'identifier' && !this.lookupAssignment(node.text, node) ? this.imports.get(node.text) : undefined;
    if (binding?.kind === 'module') return isPythonSdkSymbol(binding.path) ? undefined : binding.path;
    if (binding?.kind === 'import-name' && !/^[A-Z]/.test(binding.name)) return binding.module.endsWith('.') ? `${binding.module}${binding.name}` : `${binding.module}.${binding.name}`;
    return undefined;
  }

  private guard(node: Node): boolean {
    if (this.evaluating.has(node.id)) return true;
    this.evaluating.add(node.id);
    return false;
  }

  private callsByCalleeName(): { plain: Map<string, Node[]>; attribute: Map<string, Node[]> } {
    if (this.callsByCallee) return this.callsByCallee;
    const index = { plain: new Map<string, Node[]>(), attribute: new Map<string, Node[]>() };
    for (const call of this.callNodes) {
      const callee = call.childForFieldName('function');
      const [map, name] = callee?.type === 'identifier' ? [index.plain, callee.text] : callee?.type === 'attribute' ? [index.attribute, callee.childForFieldName('attribute')?.text] : [undefined, undefined];
      if (!map || !name) continue;
      const list = map.get(name);
      if (list) list.push(call);
      else map.set(name, [call]);
    }
    this.callsByCallee = index;
    return index;
  }

  // ---------- calls ----------

  /** Every SDK call in the file. */
  calls(): NeutralCall[] {
    const calls: NeutralCall[] = [];
    for (const node of this.callNodes) {
      const call = this.neutralCall(node);
      if (call) calls.push(call);
    }
    return calls.sort((a, b) => a.span.start - b.span.start);
  }

  /**
   * True when the call's callee is written as a dotted name (`open(`, `record.get(`, `json.dumps(`) whose first name
   * the file never binds: such a call cannot reach an SDK symbol, a client instance or a wrapper, and is dismissed
   * from the text alone (most calls of a large file are like this, and each tree step costs a call into WASM).
   */
  private cannotBeSdkCall(node: Node): boolean {
    const base = dottedCalleeBase(this.text, node.startIndex);
    if (base === undefined) return false;
    return base !== 'self' && base !== 'cls' && !this.imports.has(base) && !this.classes.has(base) && !this.assignments.has(base) && !this.functions.has(base) && !this.typedParameters.has(base) && !this.parameterNames.has(base) && !this.attributeOwners.has(base);
  }

  private neutralCall(node: Node): NeutralCall | null {
    if (this.cannotBeSdkCall(node)) return null;
    const fn = node.childForFieldName('function');
    if (!fn) return null;
    let receiver: Instance | null = null;
    let method = '';
    let symbol: string | null = null;
    let args = this.args(node, 0);
    if (fn.type === 'attribute') {
      const based = this.instanceOnChain(fn, 0);
      if (based) {
        receiver = based.instance;
        method = based.path.join('.');
      }
    }
    if (!receiver) {
      symbol = this.sdkSymbolOf(fn) ?? null;
      if (!symbol) {
        // `create = client.chat.completions.create`, `self._create = self.client.messages.create`,
        // `functools.partial(client.chat.completions.create, model=...)` (also called on the spot), `c = litellm.completion`.
        const aliased = this.aliasedMethod(fn);
        if (!aliased) return null;
        if ('symbol' in aliased) symbol = aliased.symbol;
        else {
          receiver = aliased.instance;
          method = aliased.path.join('.');
        }
        if (aliased.bound.length) args = { ...args, named: [...aliased.bound.filter((b) => !args.named.some((n) => n.key === b.key)), ...args.named] };
      }
    }
    // A branch a module constant rules out never runs: nothing in it is sent.
    if (this.inDeadBranch(node)) return null;
    if (receiver?.alternatives) receiver = this.servingAlternative(receiver, method);
    const bound = receiver?.boundArgs;
    if (bound?.length) args = { ...args, named: [...bound.filter((entry) => !args.named.some((own) => own.key === entry.key)), ...args.named] };
    const last = (symbol ?? method).split('.').pop() ?? '';
    return {
      language: 'python',
      span: this.span(node),
      calleeSpan: this.span(fn),
      receiver,
      method,
      symbol,
      args,
      isConstructor: !!symbol && /^[A-Z]/.test(last),
      inLoop: this.inLoop(node),
      enclosingFunction: this.enclosingFunction(node),
      returned: node.parent?.type === 'return_statement',
      loops: this.enclosingLoops(node),
    };
  }

  /** A name bound to a client method or an SDK function, directly or through `functools.partial` (whose keyword arguments are bound). */
  private aliasedMethod(fn: Node): ({ instance: Instance; path: string[] } | { symbol: string }) & { bound: ObjectEntry[] } | null {
    let target: Node | null;
    if (fn.type === 'call') target = fn;
    else if (fn.type === 'identifier') {
      const assignment = this.lookupAssignment(fn.text, fn);
      if (!assignment || assignment.opaque) return null;
      target = assignment.value;
    } else if (fn.type === 'attribute' && fn.childForFieldName('object')?.text === 'self') {
      const owner = this.enclosingClass(fn);
      const attr = fn.childForFieldName('attribute')?.text;
      const list = owner && attr ? this.ownOrInheritedAttribute(owner, attr, new Set()) : undefined;
      target = list?.length === 1 ? list[0].value : null;
    } else return null;
    if (!target) return null;
    let bound: ObjectEntry[] = [];
    if (target.type === 'call') {
      const callee = target.childForFieldName('function');
      const name = callee ? this.dottedName(callee) : undefined;
      if (name !== 'functools.partial' && name !== 'partial') return null;
      const partialArgs = this.args(target, 1);
      bound = partialArgs.named;
      target = target.childForFieldName('arguments')?.namedChildren.find((child) => child && child.type !== 'keyword_argument' && child.type !== 'comment') ?? null;
    }
    if (!target || (target.type !== 'attribute' && target.type !== 'identifier')) return null;
    const symbol = this.sdkSymbolOf(target);
    // Only functions are aliased: a class (`LLM = OpenAI`) is a constructor, not a request.
    if (symbol) return /^[a-z_]/.test(symbol.split('.').pop() ?? '') ? { symbol, bound } : null;
    if (target.type !== 'attribute') return null;
    const based = this.instanceOnChain(target, 1);
    return based ? { ...based, bound } : null;
  }

  /** Assignments to `self.<attr>` in class `owner`, else in its nearest base class of this file that has some. */
  private ownOrInheritedAttribute(owner: string, attr: string, visited: Set<string>): Assignment[] | undefined {
    if (visited.has(owner)) return undefined;
    visited.add(owner);
    const own = this.attributes.get(`${owner}.${attr}`);
    if (own) return own;
    for (const base of this.classes.get(owner)?.childForFieldName('superclasses')?.namedChildren ?? []) {
      const inherited = base?.type === 'identifier' && this.classes.has(base.text) ? this.ownOrInheritedAttribute(base.text, attr, visited) : undefined;
      if (inherited) return inherited;
    }
    return undefined;
  }

  /** Of a receiver that may be one of several clients, the one whose SDK has `method` as a request. */
  private servingAlternative(receiver: Instance, method: string): Instance {
    const { alternatives, ...main } = receiver;
    for (const candidate of [main, ...(alternatives ?? [])]) {
      const family = clientOf(candidate.symbol)?.family ?? modelClassOf(candidate.symbol)?.family;
      if (family && (requestOf(family, method) || invocationOf(family, method))) return candidate;
    }
    return main;
  }

  /** An attribute used as an instance (`self.client`), but not a module path like `openai.chat`. */
  private instanceOfAttributeBase(node: Node): Instance | null {
    const object = node.childForFieldName('object');
    if (object?.text === 'self' || (object?.type === 'identifier' && this.attributeOwners.has(object.text))) return this.instanceOf(node);
    // `llm.client` with `from app import llm`: a client a workspace module holds.
    const module = object ? this.importedModule(object) : undefined;
    const attr = node.childForFieldName('attribute')?.text;
    return module && attr ? this.importedInstance(module, attr) : null;
  }

  private inLoop(node: Node): boolean {
    let child: Node = node;
    for (let current = node.parent; current; child = current, current = current.parent) {
      // `for chunk in client.stream(...)`: the iterable is evaluated once, before the loop runs.
      if (current.type === 'for_statement' && current.childForFieldName('right')?.id === child.id) continue;
      if (LOOP_TYPES.has(current.type)) return true;
      if (current.type === 'function_definition' || current.type === 'lambda') return false;
    }
    return false;
  }

  /** The loops around `node` within its function, innermost first, walking out as `inLoop` does. */
  private enclosingLoops(node: Node): LoopFacts[] {
    const loops: LoopFacts[] = [];
    let child: Node = node;
    for (let current = node.parent; current; child = current, current = current.parent) {
      if (current.type === 'for_statement' && current.childForFieldName('right')?.id === child.id) continue;
      if (current.type === 'function_definition' || current.type === 'lambda') break;
      if (LOOP_TYPES.has(current.type)) loops.push(this.loopFacts(current));
    }
    return loops;
  }

  private loopFactsCache = new Map<number, LoopFacts>();

  private loopFacts(loop: Node): LoopFacts {
    const cached = this.loopFactsCache.get(loop.id);
    if (cached) return cached;
    const facts: LoopFacts = { conditionTestsToolUse: false, exitsOnToolCheck: false, readsUserTurn: false };
    if (loop.type === 'for_statement' || loop.type === 'while_statement') {
      const condition = loop.type === 'while_statement' ? loop.childForFieldName('condition') : null;
      facts.conditionTestsToolUse = !!condition && mentionsToolUse(condition);
      for (const inner of nodesInFunction(loop)) {
        if (inner.type === 'call' && readsUserTurn(inner)) facts.readsUserTurn = true;
        else if (inner.type === 'attribute' && inner.childForFieldName('attribute')?.text === STDIN_NAME) facts.readsUserTurn = true;
        else if (inner.type === 'if_statement' && !facts.exitsOnToolCheck && ifTestsToolUse(inner)) {
          const next = inner.nextNamedSibling;
          facts.exitsOnToolCheck = [...nodesInFunction(inner)].some((exit) => leavesLoop(exit, loop)) || (!!next && leavesLoop(next, loop));
        }
      }
    }
    this.loopFactsCache.set(loop.id, facts);
    return facts;
  }

  private enclosingFunction(node: Node): string | null {
    for (let current = node.parent; current; current = current.parent) {
      if (current.type === 'function_definition') {
        const name = current.childForFieldName('name')?.text;
        return name ? this.qualifiedName(current, name) : null;
      }
    }
    return null;
  }

  private args(call: Node, depth: number): Args {
    const list = call.childForFieldName('arguments');
    const span = list ? { file: this.file, start: list.startIndex + 1, end: Math.max(list.startIndex + 1, list.endIndex - 1) } : this.span(call);
    const args: Args = { positional: [], named: [], span };
    if (!list) return args;
    if (list.type === 'generator_expression') {
      args.positional.push(this.value(list, depth + 1));
      return args;
    }
    for (const child of list.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'keyword_argument') {
        const nameNode = child.childForFieldName('name');
        const valueNode = child.childForFieldName('value');
        if (nameNode && valueNode) args.named.push({ key: nameNode.text, keySpan: this.span(nameNode), value: this.value(valueNode, depth + 1), span: this.span(child) });
      } else if (child.type === 'dictionary_splat') {
        const inner = this.value(child.namedChild(0)!, depth + 1);
        if (inner.kind === 'object') {
          // Later keywords win, as in the call itself.
          for (const entry of inner.entries) {
            const at = args.named.findIndex((named) => named.key === entry.key);
            if (at === -1) args.named.push(entry);
            else args.named[at] = entry;
          }
          if (inner.open) args.spread = true;
        } else args.spread = true;
      } else if (child.type === 'list_splat') {
        args.spread = true;
      } else {
        args.positional.push(this.value(child, depth + 1));
      }
    }
    return args;
  }

  // ---------- values ----------

  value(node: Node, depth = 0): Value {
    if (depth > MAX_DEPTH) return this.unknown(node, 'too deeply nested');
    const value = this.computeValue(node, depth);
    return value.kind === 'string' && oversizedPieces(value.pieces) ? this.unknown(node, OVERSIZED_TEXT_REASON) : value;
  }

  private computeValue(node: Node, depth: number): Value {
    switch (node.type) {
      case 'string':
        return { kind: 'string', pieces: this.stringPieces(node, depth), span: this.span(node) };
      case 'concatenated_string': {
        const pieces: StringPiece[] = [];
        for (const child of node.namedChildren) if (child?.type === 'string') appendAll(pieces, this.stringPieces(child, depth));
        return { kind: 'string', pieces, span: this.span(node) };
      }
      case 'integer':
      case 'float': {
        const number = Number(node.text.replace(/_/g, '').replace(/[jJ]$/, ''));
        return Number.isFinite(number) ? { kind: 'number', value: number, span: this.span(node), origin: { kind: 'literal' } } : this.unknown(node, 'number');
      }
      case 'unary_operator': {
        const operand = node.namedChild(0);
        const inner = operand ? this.value(operand, depth + 1) : undefined;
        if (inner?.kind === 'number' && node.child(0)?.type === '-') return { ...inner, value: -inner.value, span: this.span(node) };
        return this.unknown(node, 'expression');
      }
      case 'true':
      case 'false':
        return { kind: 'boolean', value: node.type === 'true', span: this.span(node) };
      case 'none':
        return { kind: 'null', span: this.span(node) };
      case 'parenthesized_expression':
        return node.namedChild(0) ? this.value(node.namedChild(0)!, depth + 1) : this.unknown(node, 'expression');
      case 'dictionary':
        return { kind: 'object', entries: this.dictEntries(node, depth), span: this.span(node) };
      case 'list_comprehension':
      case 'generator_expression': {
        // `[{"params": {...}} for t in tickets]`: one template element, repeated at run time.
        const body = node.childForFieldName('body');
        return body ? { kind: 'array', items: [this.value(body, depth + 1)], span: this.span(node), repeated: true } : this.unknown(node, 'comprehension');
      }
      case 'list':
      case 'tuple':
        return { kind: 'array', items: node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => this.value(c, depth + 1)), span: this.span(node) };
      case 'identifier':
        return this.identifierValue(node, depth);
      case 'attribute':
        return this.attributeValue(node, depth);
      case 'binary_operator':
        return this.binaryValue(node, depth);
      case 'boolean_operator':
        return this.booleanValue(node, depth);
      case 'call':
        return this.callValue(node, depth);
      case 'subscript':
        return this.subscriptValue(node, depth);
      case 'await':
        return node.namedChild(0) ? this.value(node.namedChild(0)!, depth + 1) : this.unknown(node, 'expression');
      default:
        return this.unknown(node, 'expression');
    }
  }

  private unknown(node: Node, reason: string): Value {
    const expression = node.text.length > 200 ? node.text.slice(0, 200) + '…' : node.text;
    const runtime = pythonRuntimeSource(node, reason);
    return { kind: 'unknown', expression, span: this.span(node), reason, ...(runtime ? { runtime } : {}) };
  }

  private dictEntries(node: Node, depth: number): ObjectEntry[] {
    const entries: ObjectEntry[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'pair') {
        const keyNode = child.childForFieldName('key');
        const valueNode = child.childForFieldName('value');
        if (!keyNode || !valueNode) continue;
        const key = this.value(keyNode, depth + 1);
        const keyText = key.kind === 'string' && key.pieces.every((p) => p.kind === 'text') ? key.pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('') : undefined;
        if (keyText !== undefined) entries.push({ key: keyText, keySpan: this.span(keyNode), value: this.value(valueNode, depth + 1), span: this.span(child) });
      } else if (child.type === 'dictionary_splat') {
        const inner = child.namedChild(0) ? this.value(child.namedChild(0)!, depth + 1) : undefined;
        if (inner?.kind === 'object') entries.push(...inner.entries);
      }
    }
    return entries;
  }

  private stringPieces(node: Node, depth: number): StringPiece[] {
    const start = node.namedChildren.find((c) => c?.type === 'string_start');
    const prefix = (start?.text ?? '"').replace(/['"]+$/, '').toLowerCase();
    const raw = prefix.includes('r');
    const formatted = prefix.includes('f');
    const bodyStart = start ? start.endIndex : node.startIndex;
    const end = node.namedChildren.find((c) => c?.type === 'string_end');
    const bodyEnd = end ? end.startIndex : node.endIndex;
    if (!formatted) {
      const body = this.text.slice(bodyStart, bodyEnd);
      const text = raw ? body : decodePythonEscapes(body);
      return [{ kind: 'text', text, span: { file: this.file, start: bodyStart, end: bodyEnd }, verbatim: text === body, origin: { kind: 'literal' } }];
    }
    const pieces: StringPiece[] = [];
    let cursor = bodyStart;
    const pushText = (from: number, to: number) => {
      if (to <= from) return;
      const body = this.text.slice(from, to);
      let text = raw ? body : decodePythonEscapes(body);
      text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      pieces.push({ kind: 'text', text, span: { file: this.file, start: from, end: to }, verbatim: text === body, origin: { kind: 'literal' } });
    };
    for (const child of node.namedChildren) {
      if (child?.type !== 'interpolation') continue;
      pushText(cursor, child.startIndex);
      cursor = child.endIndex;
      const expression = child.childForFieldName('expression') ?? child.namedChild(0);
      // `{n:>3}` and `{s!r}` change the text, so only a bare `{NAME}` is inlined.
      const converted = child.namedChildren.some((part) => part?.type === 'format_specifier' || part?.type === 'type_conversion');
      const value = expression && !converted ? this.value(expression, depth + 1) : undefined;
      if (value?.kind === 'string') appendAll(pieces, value.pieces);
      else if (value?.kind === 'number') pieces.push({ kind: 'text', text: String(value.value), verbatim: false, origin: value.origin });
      else pieces.push({ kind: 'dynamic', expression: expression?.text ?? child.text, span: this.span(child), ...(value?.kind === 'call' ? { call: value } : {}) });
    }
    pushText(cursor, bodyEnd);
    return pieces;
  }

  private identifierValue(node: Node, depth: number): Value {
    const name = node.text;
    if (this.guard(node)) return this.unknown(node, 'circular reference');
    try {
      const assignment = this.lookupAssignment(name, node);
      if (assignment) {
        if (assignment.opaque) return this.unknown(node, assignment.opaque);
        const value = this.withDictUpdates(name, node, this.value(assignment.value, depth + 1), assignment.boundAt, depth);
        const withOrigin = assignment.scope.id === this.root.id ? this.asConstant(value, name, this.file) : value;
        if (withOrigin.kind === 'array') return { ...withOrigin, growth: this.growthOf(`${assignment.scope.startIndex}:${name}`, assignment.scope.id === this.root.id) };
        return withOrigin;
      }
      const parameter = this.parameterOf(name, node);
      if (parameter) return this.withDictUpdates(name, node, this.parameterDefault(parameter, name, node, depth), 0, depth);
      const binding = this.imports.get(name);
      if (binding?.kind === 'import-name') {
        const imported = this.ctx.resolveImport(this.file, binding.module, binding.name);
        if (imported) return imported;
        return this.unknown(node, `imported from ${binding.module}`);
      }
      const model = this.modelClassValue(name, node);
      if (model) return model;
      return this.unknown(node, 'name');
    } finally {
      this.evaluating.delete(node.id);
    }
  }

  /** The schema readers lend: classes of this file, values, imported names. */
  private modelSchemaReader(): ModelSchemaReader {
    this.modelSchemas ??= new ModelSchemaReader({
      classNamed: (name) => this.classes.get(name),
      value: (node) => this.value(node, 1),
      importedValue: (name) => {
        const binding = this.imports.get(name);
        return binding?.kind === 'import-name' ? this.ctx.resolveImport(this.file, binding.module, binding.name) : undefined;
      },
      span: (node) => this.span(node),
    });
    return this.modelSchemas;
  }

  /** A pydantic model class used as a value (`response_format=Invoice`): its JSON schema, as the SDK sends it. */
  private modelClassValue(name: string, at: Node): Value | undefined {
    const definition = this.classes.get(name);
    if (!definition) return undefined;
    const schema = this.modelSchemaReader().schemaOf(name);
    if (schema === undefined) return undefined;
    const value = jsonAsValue(schema, this.span(definition.childForFieldName('name') ?? definition));
    return value.kind === 'object' ? { ...value, origin: { kind: 'constant', name, file: this.file } } : value;
  }

  /**
   * A parameter's declared default when it is a string or number (`def ask(model="gpt-4o")`), marked as a default:
   * callers may pass another value. Any other parameter is unknown.
   */
  private parameterDefault(parameter: Node, name: string, use: Node, depth: number): Value {
    const defaultNode = parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter' ? parameter.childForFieldName('value') : null;
    if (!defaultNode) return this.unknown(use, 'parameter');
    const value = this.value(defaultNode, depth + 1);
    if (value.kind !== 'string' && value.kind !== 'number') return this.unknown(use, 'parameter');
    return withDefaultOrigin(value, `parameter ${name}`);
  }

  /** A dict variable with the changes made to it between `from` and `use` (`params["k"] = v`, `params.update(...)`). */
  private withDictUpdates(name: string, use: Node, base: Value, from: number, depth: number): Value {
    const updates = this.dictUpdates.get(`${this.scopeOf(use).startIndex}:${name}`)?.filter((update) => update.at >= from && update.at < use.startIndex);
    if (!updates?.length || (base.kind !== 'object' && base.kind !== 'unknown' && base.kind !== 'call')) return base;
    let entries = base.kind === 'object' ? [...base.entries] : [];
    let open = base.kind === 'object' ? !!base.open : true;
    for (const update of updates) {
      const added: ObjectEntry[] = [];
      if (update.key !== undefined && update.value) {
        added.push({ key: update.key, keySpan: this.span(update.keyNode ?? update.value), value: this.value(update.value, depth + 1), span: this.span(update.value) });
      } else if (update.call) {
        const method = update.call.childForFieldName('function')?.childForFieldName('attribute')?.text;
        const args = this.args(update.call, depth + 1);
        if (method === 'setdefault') {
          const key = args.positional[0];
          const keyText = key?.kind === 'string' && key.pieces.length === 1 && key.pieces[0].kind === 'text' ? key.pieces[0].text : undefined;
          if (keyText !== undefined && args.positional[1] && !entries.some((entry) => entry.key === keyText)) added.push({ key: keyText, keySpan: key.span, value: args.positional[1], span: args.span });
        } else {
          for (const positional of args.positional) {
            if (positional.kind === 'object') {
              added.push(...positional.entries);
              open ||= !!positional.open;
            } else open = true;
          }
          added.push(...args.named);
          if (args.spread) open = true;
        }
      }
      entries = [...entries.filter((entry) => !added.some((item) => item.key === entry.key)), ...added];
    }
    return { kind: 'object', entries, span: base.span, origin: base.kind === 'object' ? base.origin : undefined, open };
  }

  /** Marks literal pieces reached through a module-level constant as coming from that constant. */
  private asConstant(value: Value, name: string, file: string): Value {
    const origin: Origin = { kind: 'constant', name, file };
    if (value.kind === 'string') return { ...value, pieces: value.pieces.map((p) => (p.kind === 'text' && p.origin.kind === 'literal' ? { ...p, origin } : p)) };
    if (value.kind === 'number' && value.origin.kind === 'literal') return { ...value, origin };
    if (value.kind === 'object' || value.kind === 'array') return { ...value, origin };
    return value;
  }

  private growthOf(key: string, moduleLevel: boolean): ListGrowth | undefined {
    const mutations = this.listMutations.filter((m) => m.key === key);
    if (!mutations.length) return undefined;
    const appends = mutations.filter((m) => m.kind === 'append');
    const outlivesFunction = moduleLevel || key.startsWith('self:');
    const appendLoops = appends.map((m) => this.outermostLoop(m.node)).filter((loop): loop is Node => !!loop);
    return {
      appends: appends.map((m) => this.span(m.node)),
      acrossIterations: outlivesFunction || appends.some((m) => this.inLoop(m.node)),
      trimmed: mutations.some((m) => m.kind === 'trim'),
      outlivesFunction,
      appendLoops: appendLoops.map((loop) => this.span(loop)),
    };
  }

  /** The outermost loop around `node` within its function, with the same exceptions as `inLoop`. */
  private outermostLoop(node: Node): Node | null {
    let child: Node = node;
    let outermost: Node | null = null;
    for (let current = node.parent; current; child = current, current = current.parent) {
      if (current.type === 'for_statement' && current.childForFieldName('right')?.id === child.id) continue;
      if (LOOP_TYPES.has(current.type)) outermost = current;
      if (current.type === 'function_definition' || current.type === 'lambda') break;
    }
    return outermost;
  }

  private attributeValue(node: Node, depth: number): Value {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!object || !attr) return this.unknown(node, 'attribute');
    const path = selfPath(node);
    if (path) {
      const owner = this.enclosingClass(node);
      if (owner && !this.guard(node)) {
        try {
          const own = this.classAttribute(owner, path, depth, new Set());
          if (own) return own;
          // `self.config.model` where `self.config` is a config object: the field's declared default.
          if (object.type === 'attribute') {
            const field = this.instanceField(object, attr, depth);
            if (field) return field;
          }
        } finally {
          this.evaluating.delete(node.id);
        }
      }
      return this.unknown(node, 'attribute');
    }
    // `prompts.SYSTEM` where `import app.prompts as prompts` / `from app import prompts`.
    if (object.type === 'identifier') {
      const binding = this.imports.get(object.text);
      const module = binding?.kind === 'module' ? binding.path : binding?.kind === 'import-name' ? `${binding.module}${binding.module.endsWith('.') ? '' : '.'}${binding.name}` : undefined;
      if (module && !this.lookupAssignment(object.text, node)) {
        const imported = this.ctx.resolveImport(this.file, module, attr);
        if (imported) return imported;
      }
    }
    // `Models.DEFAULT` and enum members `Models.HAIKU.value`: a class attribute of this file or an imported class.
    const classMember = attr === 'value' && object.type === 'attribute' ? object : node;
    const classNode = classMember.childForFieldName('object');
    const member = classMember.childForFieldName('attribute')?.text;
    if (classNode?.type === 'identifier' && member && !this.lookupAssignment(classNode.text, node)) {
      if (this.classes.has(classNode.text)) {
        const own = this.classAttribute(classNode.text, member, depth + 1, new Set());
        if (own) return own;
      } else {
        const binding = this.imports.get(classNode.text);
        if (binding?.kind === 'import-name' && /^[A-Z]/.test(classNode.text)) {
          const imported = this.ctx.resolveImport(this.file, binding.module, `${binding.name}.${member}`);
          if (imported) return imported;
        }
      }
    }
    // `config.model` where `config = Settings()` / `config: Settings`: the field's value or declared default.
    if ((object.type === 'identifier' || object.type === 'call') && !this.guard(node)) {
      try {
        const field = this.instanceField(object, attr, depth);
        if (field) return field;
      } finally {
        this.evaluating.delete(node.id);
      }
    }
    return this.unknown(node, 'attribute');
  }

  /**
   * `Owner.path` as assigned in the class body or through `self.path = …` in its methods, else in its base classes
   * (defined in this file, or imported from a workspace file). With several assignments, the first with a static
   * string or number (`if not self.model: self.model = "gpt-4o"`).
   */
  private classAttribute(owner: string, path: string, depth: number, visited: Set<string>): Value | undefined {
    if (visited.has(owner) || depth > MAX_DEPTH) return undefined;
    visited.add(owner);
    const key = `${owner}.${path}`;
    const list = this.attributes.get(key);
    if (list?.length) {
      const first = this.fieldValue(this.value(list[0].value, depth + 1));
      if (first.kind === 'array') return { ...first, growth: this.growthOf(`self:${key}`, true) };
      if (list.length === 1) return first;
      if (isStatic(first)) return first;
      for (const assignment of list.slice(1)) {
        const value = this.fieldValue(this.value(assignment.value, depth + 1));
        if (isStatic(value)) return value;
      }
      return undefined;
    }
    const definition = this.classes.get(owner);
    for (const base of definition?.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (base?.type !== 'identifier') continue;
      if (this.classes.has(base.text)) {
        const inherited = this.classAttribute(base.text, path, depth + 1, visited);
        if (inherited) return inherited;
        continue;
      }
      const binding = this.imports.get(base.text);
      if (binding?.kind === 'import-name') {
        const imported = this.ctx.resolveImport(this.file, binding.module, `${binding.name}.${path}`);
        if (imported) return imported;
      }
    }
    return undefined;
  }

  /** `Field(default="gpt-4o")`, `field(default=4096)`: the declared default; any other value as it is. */
  private fieldValue(value: Value): Value {
    if (value.kind !== 'call' || !FIELD_DECLARATIONS.has(value.calleeText)) return value;
    return value.args.named.find((entry) => entry.key === 'default')?.value ?? value.args.positional[0] ?? value;
  }

  /**
   * `attr` of the object `object` evaluates to, when that is an instance of a class of this file or of an imported
   * one (`Settings()`, `Settings.from_env()`, a parameter typed `Settings`): the keyword the constructor passes,
   * else the field's declared default (marked as a default).
   */
  private instanceField(object: Node, attr: string, depth: number): Value | undefined {
    const made = this.classOf(object, depth + 1);
    if (!made) return undefined;
    const passed = made.call ? this.args(made.call, depth + 1).named.find((entry) => entry.key === attr) : undefined;
    if (passed) return passed.value;
    let field: Value | undefined;
    if (this.classes.has(made.name)) field = this.classAttribute(made.name, attr, depth + 1, new Set());
    else {
      const binding = this.imports.get(made.name);
      if (binding?.kind === 'import-name') field = this.ctx.resolveImport(this.file, binding.module, `${binding.name}.${attr}`);
    }
    return field && isStatic(field) ? withDefaultOrigin(field, `field ${made.name}.${attr}`) : undefined;
  }

  /** The class an expression makes: `Settings(...)`, `Settings.load(...)`, a name bound to one, a parameter typed with one. */
  private classOf(node: Node, depth: number): { name: string; call?: Node } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const isClass = (name: string) => this.classes.has(name) || (this.imports.get(name)?.kind === 'import-name' && /^[A-Z]/.test(name));
    switch (node.type) {
      case 'call': {
        const fn = node.childForFieldName('function');
        if (fn?.type === 'identifier' && isClass(fn.text)) return { name: fn.text, call: node };
        const base = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
        if (base?.type === 'identifier' && isClass(base.text)) return { name: base.text };
        return undefined;
      }
      case 'identifier': {
        const assignment = this.lookupAssignment(node.text, node);
        if (assignment) return assignment.opaque ? undefined : this.classOf(assignment.value, depth + 1);
        const parameter = this.parameterOf(node.text, node);
        const type = parameter?.childForFieldName('type');
        const named = type?.type === 'type' ? type.namedChild(0) : type;
        if (named?.type === 'identifier' && isClass(named.text)) return { name: named.text };
        return undefined;
      }
      case 'attribute': {
        const path = selfPath(node);
        const owner = path ? this.enclosingClass(node) : undefined;
        const list = owner ? this.attributes.get(`${owner}.${path}`) : undefined;
        for (const assignment of list ?? []) {
          const made = this.classOf(assignment.value, depth + 1);
          if (made) return made;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** `history[-10:]` is still the history list (trimmed); `CONFIG["model"]` and `ITEMS[0]` read a literal entry. */
  private subscriptValue(node: Node, depth: number): Value {
    const object = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    if (!object || !index) return this.unknown(node, 'subscript');
    const container = this.value(object, depth + 1);
    if (index.type === 'slice') return container.kind === 'array' ? { ...container, span: this.span(node) } : this.unknown(node, 'slice');
    const key = this.value(index, depth + 1);
    if (container.kind === 'object' && key.kind === 'string' && key.pieces.length === 1 && key.pieces[0].kind === 'text') {
      const keyText = key.pieces[0].text;
      const entry = container.entries.find((candidate) => candidate.key === keyText);
      if (entry) return entry.value;
    }
    if (container.kind === 'array' && key.kind === 'number' && Number.isInteger(key.value)) {
      const item = container.items[key.value < 0 ? container.items.length + key.value : key.value];
      if (item) return item;
    }
    return this.unknown(node, 'subscript');
  }

  private binaryValue(node: Node, depth: number): Value {
    const operator = node.childForFieldName('operator')?.type ?? node.child(1)?.type;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return this.unknown(node, 'expression');
    const l = this.value(left, depth + 1);
    if (operator === '+') {
      const r = this.value(right, depth + 1);
      if (l.kind === 'string' || r.kind === 'string') return { kind: 'string', pieces: [...this.asPieces(l), ...this.asPieces(r)], span: this.span(node) };
      if (l.kind === 'array' && r.kind === 'array') return { kind: 'array', items: [...l.items, ...r.items], span: this.span(node) };
      return this.unknown(node, 'expression');
    }
    if (operator === '%' && l.kind === 'string') {
      const r = this.value(right, depth + 1);
      const named = r.kind === 'object' ? r.entries : [];
      const positional = r.kind === 'array' && right.type === 'tuple' ? r.items : r.kind === 'object' ? [] : [r];
      return { kind: 'string', pieces: this.fillTemplate(l, splitPercentTemplate, positional, named, right), span: this.span(node) };
    }
    return this.unknown(node, 'expression');
  }

  private booleanValue(node: Node, depth: number): Value {
    // `os.environ.get("M") or "gpt-4o"`: the right side is the default.
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (node.child(1)?.type !== 'or' || !left || !right) return this.unknown(node, 'expression');
    const variable = this.envVariable(left);
    if (variable !== undefined) return this.envDefault(variable, this.value(right, depth + 1), node);
    // `self.config.model or "gpt-4o"`: a known left side wins; an unknown one falls back to the right, a default.
    const known = this.value(left, depth + 1);
    if ((known.kind === 'string' && known.pieces.every((piece) => piece.kind === 'text' && piece.text !== '')) || (known.kind === 'number' && known.value !== 0)) return known;
    if (known.kind !== 'unknown' && known.kind !== 'null') return this.unknown(node, 'expression');
    const fallback = this.value(right, depth + 1);
    if (fallback.kind !== 'string' && fallback.kind !== 'number') return this.unknown(node, 'expression');
    return withDefaultOrigin(fallback, left.text.length > 60 ? 'an unset value' : left.text);
  }

  private asPieces(value: Value): StringPiece[] {
    if (value.kind === 'string') return value.pieces;
    if (value.kind === 'number') return [{ kind: 'text', text: String(value.value), verbatim: false, origin: value.origin }];
    const expression = value.kind === 'unknown' ? value.expression : value.kind === 'call' ? `${value.calleeText}(…)` : value.kind;
    return [{ kind: 'dynamic', expression, span: value.span, ...(value.kind === 'call' ? { call: value } : {}) }];
  }

  /** Fills `{}`/`%s` fields of a static template with the resolved arguments' pieces. */
  private fillTemplate(
    template: Value & { kind: 'string' },
    split: (t: string) => ({ text: string } | { field: string })[],
    positional: Value[],
    named: ObjectEntry[],
    argsNode: Node,
  ): StringPiece[] {
    if (!template.pieces.every((p) => p.kind === 'text')) return [...template.pieces, { kind: 'dynamic', expression: argsNode.text, span: this.span(argsNode) }];
    const origin = (template.pieces[0] as Extract<StringPiece, { kind: 'text' }> | undefined)?.origin ?? { kind: 'literal' as const };
    const text = template.pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    const pieces: StringPiece[] = [];
    let automatic = 0;
    for (const part of split(text)) {
      if ('text' in part) {
        pieces.push({ kind: 'text', text: part.text, verbatim: false, origin, span: (template.pieces[0] as { span?: Span }).span });
        continue;
      }
      const field = part.field === '' ? String(automatic++) : part.field;
      const arg = /^\d+$/.test(field) ? positional[Number(field)] : named.find((entry) => entry.key === field)?.value;
      appendAll(pieces, arg ? this.asPieces(arg) : [{ kind: 'dynamic' as const, expression: field, span: this.span(argsNode) }]);
    }
    return pieces;
  }

  private callValue(node: Node, depth: number): Value {
    const fn = node.childForFieldName('function');
    if (!fn) return this.unknown(node, 'function call');
    const args = this.args(node, depth + 1);
    const first = args.positional[0];
    const dotted = this.dottedName(fn);

    // Text transformations that keep the string statically known.
    if (dotted === 'textwrap.dedent' || dotted === 'dedent' || dotted === 'inspect.cleandoc' || dotted === 'cleandoc') {
      if (first?.kind === 'string') return { ...first, pieces: transformPieces(first.pieces, dotted.endsWith('cleandoc') ? cleandoc : dedent), span: this.span(node) };
    }
    if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text;
      const object = fn.childForFieldName('object')!;
      if (method === 'strip' || method === 'lstrip' || method === 'rstrip') {
        const inner = this.value(object, depth + 1);
        if (inner.kind === 'string' && args.positional.length === 0) {
          const transform = method === 'strip' ? (t: string) => t.trim() : method === 'lstrip' ? (t: string) => t.trimStart() : (t: string) => t.trimEnd();
          return { ...inner, pieces: transformPieces(inner.pieces, transform), span: this.span(node) };
        }
      }
      if (method === 'format') {
        const template = this.value(object, depth + 1);
        if (template.kind === 'string') return { kind: 'string', pieces: this.fillTemplate(template, splitFormatTemplate, args.positional, args.named, node.childForFieldName('arguments')!), span: this.span(node) };
      }
      if (method === 'join' && first?.kind === 'array') {
        const separator = this.value(object, depth + 1);
        if (separator.kind === 'string') {
          const pieces: StringPiece[] = [];
          first.items.forEach((item, index) => {
            if (index > 0) appendAll(pieces, separator.pieces.map((p) => (p.kind === 'text' ? { ...p, verbatim: false } : p)));
            appendAll(pieces, this.asPieces(item));
          });
          return { kind: 'string', pieces, span: this.span(node) };
        }
      }
      if (method === 'get' && this.dottedName(object) === 'os.environ') return this.envLookup(node, args);
      if (method === 'read' || method === 'read_text') {
        const file = this.promptFile(method === 'read' ? object : object, method, depth + 1);
        if (file) return file;
      }
    }
    if (dotted === 'os.getenv' || dotted === 'getenv') return this.envLookup(node, args);
    if (dotted === 'dict') return { kind: 'object', entries: args.named, span: this.span(node) };
    // `params = self._request_params(...)`: a dict a method of this class (or a base class) builds and returns.
    const returned = this.returnedDict(fn, depth);
    if (returned) return { ...returned, span: this.span(node) };
    return { kind: 'call', symbol: this.sdkSymbolOf(fn) ?? null, calleeText: fn.text, args, span: this.span(node) };
  }

  /** The dict a function of this file, or a method of this class or its bases, returns on its main path. */
  private returnedDict(fn: Node, depth: number): Extract<Value, { kind: 'object' }> | undefined {
    let value: Value | undefined;
    if (fn.type === 'identifier' && this.functions.has(fn.text) && !this.lookupAssignment(fn.text, fn)) value = this.returnValue(this.functions.get(fn.text)!, depth);
    else if (fn.type === 'attribute' && fn.childForFieldName('object')?.text === 'self') {
      const owner = this.enclosingClass(fn);
      const method = fn.childForFieldName('attribute')?.text;
      if (owner && method) value = this.methodReturn(owner, method, depth, new Set());
    }
    return value?.kind === 'object' ? value : undefined;
  }

  private methodReturn(owner: string, method: string, depth: number, visited: Set<string>): Value | undefined {
    if (visited.has(owner) || depth > MAX_DEPTH) return undefined;
    visited.add(owner);
    const definition = this.functions.get(`${owner}.${method}`);
    if (definition) return this.returnValue(definition, depth);
    for (const base of this.classes.get(owner)?.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (base?.type !== 'identifier') continue;
      if (this.classes.has(base.text)) {
        const inherited = this.methodReturn(base.text, method, depth + 1, visited);
        if (inherited) return inherited;
        continue;
      }
      const binding = this.imports.get(base.text);
      if (binding?.kind === 'import-name') {
        const imported = this.ctx.resolveImport(this.file, binding.module, `${binding.name}.${method}()`);
        if (imported) return imported;
      }
    }
    return undefined;
  }

  /**
   * The value a function returns on its main path: the `return` ending its body, or ending the `else` branch of an
   * `if` that ends it (`if reasoning: return {...}` / `else: return self._common_params()`), the path taken when no
   * early-exit branch is.
   */
  private returnValue(definition: Node, depth: number): Value | undefined {
    let block = definition.childForFieldName('body');
    let expression: Node | null = null;
    for (let step = 0; block && step < MAX_DEPTH; step++) {
      const statements = block.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
      const last = statements[statements.length - 1];
      if (last?.type === 'return_statement') {
        expression = last.namedChild(0);
        break;
      }
      if (last?.type === 'if_statement') block = last.childrenForFieldName('alternative').find((branch) => branch?.type === 'else_clause')?.childForFieldName('body') ?? null;
      else if (last?.type === 'with_statement' || last?.type === 'try_statement') block = last.childForFieldName('body');
      else block = null;
    }
    if (!expression || this.guard(definition)) return undefined;
    return this.finally(definition, () => this.value(expression, depth + 1));
  }

  /** `a.b.c` as text when it is a plain dotted name. */
  private dottedName(node: Node): string | undefined {
    if (node.type === 'identifier') {
      const binding = this.imports.get(node.text);
      if (binding?.kind === 'import-name') return `${binding.module}.${binding.name}`;
      if (binding?.kind === 'module' || binding?.kind === 'symbol') return binding.path;
      return node.text;
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const base = object ? this.dottedName(object) : undefined;
      return base ? `${base}.${node.childForFieldName('attribute')?.text}` : undefined;
    }
    return undefined;
  }

  private envVariable(node: Node): string | undefined {
    if (node.type !== 'call') return undefined;
    const fn = node.childForFieldName('function');
    const dotted = fn ? this.dottedName(fn) : undefined;
    if (dotted !== 'os.environ.get' && dotted !== 'os.getenv' && dotted !== 'getenv') return undefined;
    const first = node.childForFieldName('arguments')?.namedChild(0);
    const name = first ? this.value(first) : undefined;
    return name?.kind === 'string' && name.pieces.length === 1 && name.pieces[0].kind === 'text' ? name.pieces[0].text : '';
  }

  private envLookup(node: Node, args: Args): Value {
    const nameValue = args.positional[0];
    const variable = nameValue?.kind === 'string' && nameValue.pieces[0]?.kind === 'text' ? nameValue.pieces[0].text : '';
    const fallback = args.positional[1] ?? args.named.find((entry) => entry.key === 'default')?.value;
    if (!fallback) return this.unknown(node, `environment variable ${variable} without a default`);
    return this.envDefault(variable, fallback, node);
  }

  private envDefault(variable: string, fallback: Value, node: Node): Value {
    if (fallback.kind !== 'string') return this.unknown(node, `environment variable ${variable}`);
    return {
      kind: 'string',
      pieces: fallback.pieces.map((p) => (p.kind === 'text' ? { ...p, origin: { kind: 'env-default', variable } } : p)),
      span: this.span(node),
    };
  }

  // ---------- prompt files ----------

  /** `open(p).read()`, `f.read()` for `with open(p) as f`, `Path(p).read_text()`. */
  private promptFile(object: Node, method: string, depth: number): Value | undefined {
    let target: Node | null = object;
    if (target.type === 'identifier') {
      const assignment = this.lookupAssignment(target.text, target);
      target = assignment && !assignment.opaque ? assignment.value : null;
    }
    if (!target) return undefined;
    let pathNode: Node | null = null;
    if (method === 'read' && target.type === 'call') {
      const fn = target.childForFieldName('function');
      const name = fn ? this.dottedName(fn) : undefined;
      if (name === 'open' || name === 'io.open' || name === 'codecs.open') pathNode = target.childForFieldName('arguments')?.namedChild(0) ?? null;
      else if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'open') pathNode = fn.childForFieldName('object');
    } else if (method === 'read_text') pathNode = target;
    if (!pathNode) return undefined;
    const location = this.pathOf(pathNode, depth + 1);
    if (!location) return undefined;
    const file = this.ctx.readPromptFile(this.file, location.path, location.relativeTo);
    if (!file) return undefined;
    return {
      kind: 'string',
      // Text mode turns \r\n into \n: only a file without \r is read exactly as it is on disk.
      pieces: [{ kind: 'text', text: file.text, span: { file: file.path, start: 0, end: file.text.length }, verbatim: !file.text.includes('\r'), origin: { kind: 'prompt-file', path: file.path } }],
      span: this.span(object),
    };
  }

  /** A path built from literals, `__file__`'s folder, `/`, `joinpath` and `os.path.join`. */
  private pathOf(node: Node, depth: number): { path: string; relativeTo: 'file' | 'root' } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const join = (base: { path: string; relativeTo: 'file' | 'root' }, parts: string[]) => ({ relativeTo: base.relativeTo, path: [base.path, ...parts].filter(Boolean).join('/') });
    switch (node.type) {
      case 'string':
      case 'concatenated_string': {
        const value = this.value(node, depth);
        if (value.kind !== 'string' || !value.pieces.every((p) => p.kind === 'text')) return undefined;
        return { path: value.pieces.map((p) => (p.kind === 'text' ? p.text : '')).join(''), relativeTo: 'root' };
      }
      case 'identifier': {
        if (node.text === '__file__') return undefined;
        const assignment = this.lookupAssignment(node.text, node);
        return assignment && !assignment.opaque && !this.guard(node) ? this.finally(node, () => this.pathOf(assignment.value, depth + 1)) : undefined;
      }
      case 'parenthesized_expression':
        return node.namedChild(0) ? this.pathOf(node.namedChild(0)!, depth + 1) : undefined;
      case 'binary_operator': {
        if (node.child(1)?.type !== '/') return undefined;
        const left = this.pathOf(node.childForFieldName('left')!, depth + 1);
        const right = this.pathOf(node.childForFieldName('right')!, depth + 1);
        return left && right ? join(left, [right.path]) : undefined;
      }
      case 'attribute': {
        const attr = node.childForFieldName('attribute')?.text;
        const object = node.childForFieldName('object')!;
        if (attr === 'parent') {
          if (this.isFileReference(object)) return { path: '', relativeTo: 'file' };
          const inner = this.pathOf(object, depth + 1);
          return inner ? join(inner, ['..']) : undefined;
        }
        return undefined;
      }
      case 'call': {
        const fn = node.childForFieldName('function')!;
        const name = this.dottedName(fn);
        const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'keyword_argument');
        if (name === 'pathlib.Path' || name === 'Path' || name === 'pathlib.PurePath') {
          if (!args.length) return { path: '', relativeTo: 'root' };
          if (args.length === 1 && args[0].text === '__file__') return { path: '__file__', relativeTo: 'file' };
          const parts = args.map((a) => this.pathOf(a, depth + 1));
          if (parts.some((p) => !p)) return undefined;
          return join(parts[0]!, parts.slice(1).map((p) => p!.path));
        }
        if (name === 'os.path.join') {
          const parts = args.map((a) => this.pathOf(a, depth + 1));
          if (!parts.length || parts.some((p) => !p)) return undefined;
          return join(parts[0]!, parts.slice(1).map((p) => p!.path));
        }
        if (name === 'os.path.dirname') {
          if (args[0] && this.isFileReference(args[0])) return { path: '', relativeTo: 'file' };
          return undefined;
        }
        if (name === 'os.path.abspath' || name === 'os.path.realpath' || name === 'os.path.normpath') return args[0] ? this.pathOf(args[0], depth + 1) : undefined;
        if (fn.type === 'attribute') {
          const method = fn.childForFieldName('attribute')?.text;
          const object = fn.childForFieldName('object')!;
          if (method === 'resolve' || method === 'absolute' || method === 'expanduser') return this.pathOf(object, depth + 1);
          if (method === 'joinpath') {
            const base = this.pathOf(object, depth + 1);
            const parts = args.map((a) => this.pathOf(a, depth + 1));
            if (!base || parts.some((p) => !p)) return undefined;
            return join(base, parts.map((p) => p!.path));
          }
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** `__file__`, `Path(__file__)`, `Path(__file__).resolve()`, `os.path.abspath(__file__)`. */
  private isFileReference(node: Node): boolean {
    if (node.text === '__file__') return true;
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const name = fn ? this.dottedName(fn) : undefined;
      const first = node.childForFieldName('arguments')?.namedChild(0);
      if ((name === 'Path' || name === 'pathlib.Path' || name === 'os.path.abspath' || name === 'os.path.realpath') && first) return this.isFileReference(first);
      if (fn?.type === 'attribute' && ['resolve', 'absolute'].includes(fn.childForFieldName('attribute')?.text ?? '')) return this.isFileReference(fn.childForFieldName('object')!);
    }
    return false;
  }

  private finally<T>(node: Node, compute: () => T): T {
    try {
      return compute();
    } finally {
      this.evaluating.delete(node.id);
    }
  }

  // ---------- module constants, comments, errors ----------

  moduleConstants(): Map<string, Value> {
    const constants = new Map<string, Value>();
    for (const [name, list] of this.assignments) {
      const moduleLevel = list.filter((a) => a.scope.id === this.root.id && !a.opaque);
      if (!moduleLevel.length) continue;
      const last = moduleLevel[moduleLevel.length - 1];
      constants.set(name, this.asConstant(this.value(last.value, 1), name, this.file));
    }
    // `Invoice`: a pydantic model's JSON schema, for modules that import the class and pass it as an output schema.
    for (const [name, definition] of this.classes) {
      if (constants.has(name)) continue;
      const model = this.modelClassValue(name, definition);
      if (model) constants.set(name, model);
    }
    // `Class.method()`: the dict a method returns, for subclasses in other files that spread it into a request.
    for (const [name, definition] of this.functions) {
      if (!name.includes('.')) continue;
      const value = this.returnValue(definition, 1);
      if (value?.kind === 'object') constants.set(`${name}()`, value);
    }
    // `get_client()`, `Class.make()`: the client a factory returns, for modules that import and call it.
    for (const [name, definition] of this.functions) {
      if (constants.has(`${name}()`)) continue;
      const instance = this.factoryInstance(definition);
      if (instance && isClientInstance(instance)) constants.set(`${name}()`, instanceAsValue(instance));
    }
    // `Class.attr`: class-body and `self.attr` values, for subclasses and config objects in other files.
    for (const [key, list] of this.attributes) {
      const dot = key.indexOf('.');
      const value = this.classAttribute(key.slice(0, dot), key.slice(dot + 1), 1, new Set());
      if (value && isStatic(value)) constants.set(key, value);
      else {
        // `self.client = client` (a parameter typed `OpenAI`) or `self.client = OpenAI()`: the client, for subclasses.
        const instance = list.map((assignment) => this.instanceOf(assignment.value, 1)).find((found) => !!found);
        if (instance && isClientInstance(instance)) constants.set(key, instanceAsValue(instance));
      }
    }
    return constants;
  }

  comments(): { line: number; text: string }[] {
    let comments = this.indexedComments;
    if (!comments) {
      comments = [];
      for (const node of this.parsed.rootNode.descendantsOfType('comment')) if (node) comments.push(commentOf(node));
    }
    return comments.sort((a, b) => a.line - b.line);
  }

  errors(): SourceView['errors'] {
    const errors: SourceView['errors'] = [];
    if (!this.parsed.rootNode.hasError) return errors;
    const stack: Node[] = [this.parsed.rootNode];
    while (stack.length && errors.length < MAX_ERRORS) {
      const node = stack.pop()!;
      if (node.isError || node.isMissing) {
        const where = node.startPosition;
        errors.push({ message: node.isMissing ? `syntax error: missing ${node.type} (line ${where.row + 1})` : `syntax error (line ${where.row + 1})`, span: this.span(node) });
        continue;
      }
      if (!node.hasError) continue;
      for (let i = node.childCount - 1; i >= 0; i--) {
        const child = node.child(i);
        if (child) stack.push(child);
      }
    }
    return errors;
  }
}

/** `node` and its descendants, not entering nested functions or classes (their loops and returns are their own). */
function* nodesInFunction(node: Node): Generator<Node> {
  const stack: Node[] = [node];
  while (stack.length) {
    const current = stack.pop()!;
    yield current;
    for (let index = current.namedChildCount - 1; index >= 0; index--) {
      const child = current.namedChild(index);
      if (child && child.type !== 'function_definition' && child.type !== 'lambda' && child.type !== 'class_definition') stack.push(child);
    }
  }
}

/** True when a name or a string in `node` is a tool-use field or value (`tool_calls`, `"tool_use"`). */
function mentionsToolUse(node: Node): boolean {
  for (const inner of nodesInFunction(node)) {
    if ((inner.type === 'identifier' || inner.type === 'string_content') && isToolUseWord(inner.text)) return true;
  }
  return false;
}

/** An `if` whose condition, or one of its `elif` conditions, tests for tool use. */
function ifTestsToolUse(statement: Node): boolean {
  const condition = statement.childForFieldName('condition');
  if (condition && mentionsToolUse(condition)) return true;
  return statement.namedChildren.some((clause) => clause?.type === 'elif_clause' && !!clause.childForFieldName('condition') && mentionsToolUse(clause.childForFieldName('condition')!));
}

/** `input()`, `sys.stdin.readline()`, `session.prompt(...)`: the loop waits for the user. */
function readsUserTurn(call: Node): boolean {
  const fn = call.childForFieldName('function');
  const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
  return !!name && isUserTurnCall(name);
}

/** A `return`, or a `break` that leaves `loop` itself (not a loop nested in it). */
function leavesLoop(statement: Node, loop: Node): boolean {
  if (statement.type === 'return_statement') return true;
  if (statement.type !== 'break_statement') return false;
  for (let current = statement.parent; current; current = current.parent) {
    if (current.type === 'for_statement' || current.type === 'while_statement') return current.id === loop.id;
  }
  return false;
}

/** True when `node` lies inside `container` (the same node counts). */
function isWithin(node: Node, container: Node | null): boolean {
  if (!container) return false;
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** A string or number value with no run-time part, as a comparable scalar. */
function staticScalar(value: Value): string | number | undefined {
  if (value.kind === 'number') return value.value;
  if (value.kind !== 'string' || !value.pieces.every((piece) => piece.kind === 'text')) return undefined;
  return value.pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
}
