/**
 * Small syntax helpers for the TS/JS front end: what wraps an expression transparently, member names,
 * environment reads, loops and array callbacks, and origin rewriting of resolved values.
 */
import { posix } from 'node:path';
import ts from 'typescript';
import { isToolUseWord, isUserTurnCall, STDIN_NAME } from '../../loops';
import type { LoopFacts, Origin, Value } from '../../model';

const LOOP_CALLBACK_METHODS = new Set(['map', 'forEach', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find', 'findIndex']);

/** Index of the first node whose `pos` is at or after `position`, in a list sorted by `pos`. */
export function firstAtOrAfter(nodes: readonly ts.Node[], position: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (nodes[middle].pos < position) low = middle + 1;
    else high = middle;
  }
  return low;
}


/** Parentheses, `as`, `satisfies`, `!` and `<T>x` do not change what an expression denotes. */
export function skipTransparent(node: ts.Expression, skipAwait = false): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) {
      node = node.expression;
    } else if (skipAwait && ts.isAwaitExpression(node)) {
      node = node.expression;
    } else return node;
  }
}

export function propertyKey(name: ts.PropertyName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const expression = skipTransparent(name.expression);
    if (ts.isStringLiteralLike(expression) || ts.isNumericLiteral(expression)) return expression.text;
  }
  return undefined;
}

/** The member name of `a.b` / `a['b']`, or undefined for computed access. */
export function memberName(node: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node)) {
    const argument = skipTransparent(node.argumentExpression);
    if (ts.isStringLiteralLike(argument) || ts.isNumericLiteral(argument)) return argument.text;
  }
  return undefined;
}

export function isAccess(node: ts.Node): node is ts.PropertyAccessExpression | ts.ElementAccessExpression {
  return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node);
}

export function isFunctionBoundary(node: ts.Node): node is ts.SignatureDeclaration {
  return ts.isFunctionLike(node);
}

export function isAssignment(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`: the variable name, else undefined. */
export function envVariable(node: ts.Expression): string | undefined {
  node = skipTransparent(node);
  if (!isAccess(node)) return undefined;
  const base = skipTransparent(node.expression);
  if (!ts.isPropertyAccessExpression(base) || base.name.text !== 'env') return undefined;
  const owner = skipTransparent(base.expression);
  const isProcess = ts.isIdentifier(owner) && owner.text === 'process';
  const isImportMeta = ts.isMetaProperty(owner) && owner.keywordToken === ts.SyntaxKind.ImportKeyword;
  if (!isProcess && !isImportMeta) return undefined;
  return memberName(node);
}

export function isRequireLike(node: ts.CallExpression): string | undefined {
  const callee = node.expression;
  const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
  const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
  if (!isRequire && !isDynamicImport) return undefined;
  const first = node.arguments[0];
  return first && ts.isStringLiteralLike(first) ? first.text : undefined;
}

/** True for a callback passed straight to a call (`items.map(x => ...)`, `retry(() => ...)`). */
export function isCallbackArgument(node: ts.Node): boolean {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return false;
  const parent = node.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && !!parent.arguments?.includes(node as ts.Expression);
}

export function isLoopCallback(node: ts.Node): boolean {
  if (!isCallbackArgument(node)) return false;
  const callee = (node.parent as ts.CallExpression).expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && LOOP_CALLBACK_METHODS.has(name);
}

/**
 * True when `node` runs once per iteration of a loop or an array-callback (`.map`, `.forEach`, ...).
 * Walking out stops at a function that is not a callback argument, and at `stopAt` when given.
 */
export function isInLoop(node: ts.Node, stopAt?: ts.Node): boolean {
  let child: ts.Node = node;
  for (let current = node.parent; current && current !== stopAt; child = current, current = current.parent) {
    if (ts.isIterationStatement(current, false) && current.statement === child) return true;
    if (isFunctionBoundary(current)) {
      if (isLoopCallback(current)) return true;
      if (!isCallbackArgument(current)) return false;
    }
  }
  return false;
}

/** The loops that run `node` repeatedly within its function, innermost first, walking out as `isInLoop` does. */
export function enclosingLoops(node: ts.Node): LoopFacts[] {
  const loops: LoopFacts[] = [];
  let child: ts.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (ts.isIterationStatement(current, false) && current.statement === child) loops.push(loopFacts(current));
    if (isFunctionBoundary(current)) {
      if (isLoopCallback(current)) loops.push({ conditionTestsToolUse: false, exitsOnToolCheck: false, readsUserTurn: false });
      else if (!isCallbackArgument(current)) break;
    }
  }
  return loops;
}

const loopFactsCache = new WeakMap<ts.IterationStatement, LoopFacts>();

function loopFacts(loop: ts.IterationStatement): LoopFacts {
  const cached = loopFactsCache.get(loop);
  if (cached) return cached;
  const condition = ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? loop.expression : ts.isForStatement(loop) ? loop.condition : undefined;
  const facts: LoopFacts = { conditionTestsToolUse: !!condition && mentionsToolUse(condition), exitsOnToolCheck: false, readsUserTurn: false };
  const visit = (inner: ts.Node): void => {
    if (isFunctionBoundary(inner) || ts.isClassLike(inner)) return;
    if (ts.isCallExpression(inner) && readsUserTurn(inner)) facts.readsUserTurn = true;
    else if (ts.isPropertyAccessExpression(inner) && inner.name.text === STDIN_NAME) facts.readsUserTurn = true;
    else if (ts.isIfStatement(inner) && !facts.exitsOnToolCheck && mentionsToolUse(inner.expression)) {
      facts.exitsOnToolCheck = containsExitOf(inner, loop) || isExitOf(nextStatement(inner), loop);
    }
    ts.forEachChild(inner, visit);
  };
  visit(loop.statement);
  loopFactsCache.set(loop, facts);
  return facts;
}

/** True when a name or a string in `node` is a tool-use field or value (`toolCalls`, `'tool_use'`). */
function mentionsToolUse(node: ts.Node): boolean {
  let found = false;
  const visit = (inner: ts.Node): void => {
    if (found || isFunctionBoundary(inner)) return;
    if ((ts.isIdentifier(inner) || ts.isPrivateIdentifier(inner) || ts.isStringLiteralLike(inner)) && isToolUseWord(inner.text)) found = true;
    else ts.forEachChild(inner, visit);
  };
  visit(node);
  return found;
}

/** `readline()`, `rl.question(...)`, `prompt(...)`: the loop waits for the user. */
function readsUserTurn(call: ts.CallExpression): boolean {
  const callee = skipTransparent(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return !!name && isUserTurnCall(name);
}

function containsExitOf(node: ts.Node, loop: ts.IterationStatement): boolean {
  let found = false;
  const visit = (inner: ts.Node): void => {
    if (found || isFunctionBoundary(inner)) return;
    if (isExitOf(inner, loop)) found = true;
    else ts.forEachChild(inner, visit);
  };
  visit(node);
  return found;
}

/** A `return`, or a `break` that leaves `loop` itself (by label, or as the nearest loop or switch around it). */
function isExitOf(node: ts.Node | undefined, loop: ts.IterationStatement): boolean {
  if (!node) return false;
  if (ts.isReturnStatement(node)) return true;
  if (!ts.isBreakStatement(node)) return false;
  if (node.label) return ts.isLabeledStatement(loop.parent) && loop.parent.label.text === node.label.text;
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isIterationStatement(current, false) || ts.isSwitchStatement(current)) return current === loop;
  }
  return false;
}

function nextStatement(statement: ts.Statement): ts.Statement | undefined {
  const parent = statement.parent;
  if (!ts.isBlock(parent) && !ts.isSourceFile(parent) && !ts.isCaseOrDefaultClause(parent)) return undefined;
  const statements = parent.statements;
  return statements[statements.indexOf(statement) + 1];
}

/** The outermost loop statement or array-callback call that runs `node` repeatedly, walking out as `isInLoop` does. */
export function outermostLoop(node: ts.Node, stopAt?: ts.Node): ts.Node | undefined {
  let outermost: ts.Node | undefined;
  let child: ts.Node = node;
  for (let current = node.parent; current && current !== stopAt; child = current, current = current.parent) {
    if (ts.isIterationStatement(current, false) && current.statement === child) outermost = current;
    if (isFunctionBoundary(current)) {
      if (isLoopCallback(current)) outermost = current.parent;
      else if (!isCallbackArgument(current)) break;
    }
  }
  return outermost;
}

export type ClassLike = ts.ClassLikeDeclaration;

/** The class whose `this` is in effect at `node` (arrow functions keep it; plain functions rebind it). */
export function enclosingClassOfThis(node: ts.Node): ClassLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

export function normalizePath(path: string): string {
  return posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** Marks text written in place (origin literal) as coming from `origin`; deeper origins are kept. */
export function withOrigin(value: Value, origin: Origin, depth = 0): Value {
  if (depth > 50) return value;
  switch (value.kind) {
    case 'string':
      return { ...value, pieces: value.pieces.map((piece) => (piece.kind === 'text' && piece.origin.kind === 'literal' ? { ...piece, origin } : piece)) };
    case 'number':
      return value.origin.kind === 'literal' ? { ...value, origin } : value;
    case 'object':
      return {
        ...value,
        origin: value.origin ?? origin,
        entries: value.entries.map((entry) => ({ ...entry, value: withOrigin(entry.value, origin, depth + 1) })),
      };
    case 'array':
      return { ...value, origin: value.origin ?? origin, items: value.items.map((item) => withOrigin(item, origin, depth + 1)) };
    default:
      return value;
  }
}

export function withEnvOrigin(value: Value, variable: string): Value {
  const origin: Origin = { kind: 'env-default', variable };
  if (value.kind === 'string') return { ...value, pieces: value.pieces.map((piece) => (piece.kind === 'text' ? { ...piece, origin } : piece)) };
  if (value.kind === 'number') return { ...value, origin };
  return value;
}
