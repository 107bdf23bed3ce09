/**
 * Static resolution inside one TS/JS file: which SDK symbol or client instance an expression denotes,
 * and the `Value` of an argument expression. Syntax only (no type checker); never runs code.
 */
import ts from 'typescript';
import type { Args, Instance, ListGrowth, ObjectEntry, Span, StringPiece, Value } from '../../model';
import type { AnalyzeContext } from '../context';
import { argumentBindingOf, clientOf, clientWrapperOf, instanceFromValue, keepsShape, modelClassOf, packageSpecifier } from '../../sdks';
import { isJsSdkModule } from '../sdk-modules';
import { promptFilePath } from './prompt-paths';
import { typeScriptRuntimeSource } from './runtime-source';
import { Scopes, type Declaration } from './scope';
import { dedentPieces, textPiece, trimPieces } from './strings';
import { appendAll, OVERSIZED_TEXT_REASON, oversizedPieces } from '../../limits';
import {
  enclosingClassOfThis,
  envVariable,
  firstAtOrAfter,
  isAccess,
  isAssignment,
  isFunctionBoundary,
  isInLoop,
  outermostLoop,
  isRequireLike,
  memberName,
  propertyKey,
  skipTransparent,
  withEnvOrigin,
  withOrigin,
  type ClassLike,
} from './syntax';

/** What an expression denotes: an SDK module member, or a member path on a tracked client instance. */
export type Entity =
  | { kind: 'module'; module: string; path: string[] }
  | { kind: 'instance'; instance: Instance; path: string[] };

/** Nested expressions deeper than this are not resolved (keeps our own recursion bounded). */
const MAX_NESTING = 120;
/** Identifier-to-declaration hops followed for one value. */
const MAX_HOPS = 20;

const DEDENT_TAGS = new Set(['dedent', 'outdent', 'stripIndent', 'stripIndents', 'endent', 'dedentString']);
const APPEND_METHODS = new Set(['push', 'unshift', 'concat']);
const TRIM_METHODS = new Set(['slice', 'splice', 'shift', 'pop']);

export function symbolOf(entity: Entity): string {
  if (entity.kind === 'module') return `${entity.module}:${entity.path.length > 0 ? entity.path.join('.') : 'default'}`;
  return `${entity.instance.symbol}#${entity.path.join('.')}`;
}

/** Unknowns that say how a value was reached, not what it is: computed again from another use they may resolve. */
const TRAVERSAL_REASONS = new Set(['cycle', 'too many indirections']);

export class FileResolver {
  readonly scopes = new Scopes();
  private readonly entityCache = new Map<ts.Node, Entity | null>();
  private readonly instanceCache = new Map<ts.Node, Instance>();
  private readonly argsCache = new Map<ts.Node, Args>();
  private readonly declarationValues = new Map<ts.Node, Value>();
  /** Unknown values of declarations, and whether they name the use they were computed for (then each use gets its own). */
  private readonly declarationUnknowns = new Map<ts.Node, { value: Extract<Value, { kind: 'unknown' }>; namesUse: boolean }>();
  private readonly visiting = new Set<ts.Node>();
  /** What each function called gives (functionResultOf), computed once. */
  private readonly functionResults = new Map<ts.Node, Value | undefined>();
  /** Object values built with a spread we could not resolve: a missing key proves nothing. */
  private readonly openObjects = new WeakSet<Value>();
  private identifiersByName: Map<string, ts.Identifier[]> | undefined;
  private readonly referencesByDeclaration = new Map<ts.Node, ts.Identifier[]>();
  private thisMembersByClass = new Map<ClassLike, Map<string, ts.PropertyAccessExpression[]>>();
  private nesting = 0;
  private hops = 0;

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly file: string,
    readonly text: string,
    readonly ctx: AnalyzeContext,
    /** Identifiers by name in source order, when the caller already walked the tree. */
    identifiers?: Map<string, ts.Identifier[]>,
  ) {
    this.identifiersByName = identifiers;
  }

  span(node: ts.Node): Span {
    return { file: this.file, start: node.getStart(this.sourceFile), end: node.end };
  }

  nodeText(node: ts.Node): string {
    return this.text.slice(node.getStart(this.sourceFile), node.end);
  }

  // ---------------------------------------------------------------- entities

  entityOf(node: ts.Expression): Entity | null {
    const cached = this.entityCache.get(node);
    if (cached !== undefined) return cached;
    if (this.nesting > MAX_NESTING) return null;
    this.entityCache.set(node, null); // a cycle resolves to nothing
    this.nesting++;
    let entity: Entity | null = null;
    try {
      entity = this.computeEntity(node);
    } finally {
      this.nesting--;
    }
    this.entityCache.set(node, entity);
    return entity;
  }

  private computeEntity(original: ts.Expression): Entity | null {
    const node = skipTransparent(original, true);
    if (node !== original) return this.entityOf(node);
    if (ts.isIdentifier(node)) return this.entityOfIdentifier(node);
    if (isAccess(node)) {
      const name = memberName(node);
      if (name === undefined) return null;
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.firstEntity(this.thisMemberExpressions(node, name)) ?? this.typedMember(node, name) ?? this.inheritedEntity(node, name);
      const base = this.entityOf(node.expression);
      if (base) return { ...base, path: [...base.path, name] };
      const objectProperty = this.objectLiteralProperty(node.expression, name);
      return objectProperty ? this.entityOf(objectProperty) : null;
    }
    if (ts.isCallExpression(node)) {
      const required = isRequireLike(node);
      if (required !== undefined) return isJsSdkModule(required) ? { kind: 'module', module: packageSpecifier(required), path: [] } : null;
      const callee = this.entityOf(node.expression);
      if (callee) return this.resultOfCall(callee, node);
      // `prompt.pipe(llm)`: a chain holding a model sends what the model sends.
      if (isAccess(node.expression) && memberName(node.expression) === 'pipe') return this.firstEntity(node.arguments.filter((a): a is ts.Expression => !ts.isSpreadElement(a)));
      // `RunnableSequence.from([prompt, model, parser])`: a sequence holding a model sends what the model sends.
      if (isAccess(node.expression) && memberName(node.expression) === 'from' && /(^|\.)RunnableSequence$/.test(this.nodeText(node.expression.expression)) && node.arguments[0]) {
        return this.modelInSequence(node.arguments[0], 0);
      }
      const local = this.firstEntity(this.localFunctionReturns(node.expression));
      if (local) return local;
      const imported = this.localFunction(node.expression) ? undefined : this.functionResult(node.expression);
      const instance = imported ? instanceFromValue(imported) : null;
      return instance ? { kind: 'instance', instance, path: [] } : null;
    }
    if (ts.isNewExpression(node)) {
      const callee = this.entityOf(node.expression);
      return callee ? this.resultOfCall(callee, node) : null;
    }
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.CommaToken) return this.entityOf(node.right);
      if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) {
        return this.firstEntity(operator === ts.SyntaxKind.AmpersandAmpersandToken ? [node.right] : [node.left, node.right]);
      }
      if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return this.firstEntity([node.left, node.right]);
      return null;
    }
    if (ts.isConditionalExpression(node)) return this.firstEntity([node.whenTrue, node.whenFalse]);
    return null;
  }

  /** The first client or model instance among a sequence's steps, looking into `{ key: step }` maps and nested lists. */
  private modelInSequence(expression: ts.Expression, depth: number): Entity | null {
    const node = skipTransparent(expression);
    if (depth > 4) return null;
    if (ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)) {
      const steps = ts.isArrayLiteralExpression(node)
        ? node.elements
        : node.properties.map((property) => (ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined));
      for (const step of steps) {
        if (!step || ts.isSpreadElement(step) || ts.isOmittedExpression(step)) continue;
        const entity = this.modelInSequence(step, depth + 1);
        if (entity) return entity;
      }
      return null;
    }
    const entity = this.entityOf(node);
    return entity?.kind === 'instance' && entity.path.length === 0 ? entity : null;
  }

  private firstEntity(expressions: readonly ts.Expression[]): Entity | null {
    for (const expression of expressions) {
      const entity = this.entityOf(expression);
      if (entity) return entity;
    }
    return null;
  }

  /** Calling or constructing an SDK symbol creates an instance; a method of an instance creates a derived one. */
  private resultOfCall(callee: Entity, call: ts.CallExpression | ts.NewExpression): Entity | null {
    if (callee.kind === 'instance' && callee.path.length > 0 && keepsShape(callee.path[callee.path.length - 1])) {
      const method = callee.path[callee.path.length - 1];
      const binding = argumentBindingOf(method);
      const given = (binding === 'tools' || binding === 'schema') && callee.path.length === 1 ? this.argsOf(call).positional[0] : undefined;
      if (given) {
        // `llm.bindTools([...])`, `llm.withStructuredOutput(schema)`: later invocations send these tools / this schema.
        const named = [...callee.instance.ctorArgs.named.filter((entry) => entry.key !== binding), { key: binding as string, keySpan: given.span, value: given, span: given.span }];
        return { kind: 'instance', instance: { ...callee.instance, ctorArgs: { ...callee.instance.ctorArgs, named } }, path: [] };
      }
      return { kind: 'instance', instance: callee.instance, path: callee.path.slice(0, -1) };
    }
    const symbol = symbolOf(callee);
    const wrapper = callee.kind === 'module' ? clientWrapperOf(symbol) : undefined;
    if (wrapper) return this.wrappedClient(call, symbol, wrapper.argument);
    let instance = this.instanceCache.get(call);
    if (!instance) {
      instance = { symbol, ctorArgs: this.argsOf(call), span: this.span(call) };
      if (callee.kind === 'instance') instance.parent = callee.instance;
      this.instanceCache.set(call, instance);
    }
    return { kind: 'instance', instance, path: [] };
  }

  /** The client a wrapper call returns (`Instructor({ client: oai })`, `wrapOpenAI(new OpenAI())`). */
  private wrappedClient(call: ts.CallExpression | ts.NewExpression, wrapperSymbol: string, argument: number | string): Entity | null {
    const args = call.arguments ?? [];
    let expression: ts.Expression | undefined;
    if (typeof argument === 'number') expression = args[argument];
    else {
      const options = args[0] ? skipTransparent(args[0]) : undefined;
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const property of options.properties) {
          if (ts.isPropertyAssignment(property) && propertyKey(property.name) === argument) expression = property.initializer;
          else if (ts.isShorthandPropertyAssignment(property) && property.name.text === argument) expression = property.name;
        }
      }
    }
    if (!expression || ts.isSpreadElement(expression)) return null;
    const inner = this.entityOf(expression);
    if (!inner || inner.kind !== 'instance' || inner.path.length > 0) return inner;
    return { kind: 'instance', instance: { ...inner.instance, via: wrapperSymbol }, path: [] };
  }

  /** A client or model exported by another workspace module (`export const openai = new OpenAI()`), as an instance. */
  private importedInstance(declaration: Extract<Declaration, { kind: 'import' }>): Entity | null {
    if (declaration.typeOnly || declaration.imported === '*') return null;
    const value = this.ctx.resolveImport(this.file, declaration.specifier, declaration.imported);
    const instance = value ? instanceFromValue(value) : null;
    return instance ? { kind: 'instance', instance, path: [] } : null;
  }

  /** A parameter whose type names a client or model class (`constructor(private client: OpenAI)`). */
  private parameterInstance(declaration: Extract<Declaration, { kind: 'parameter' }>): Entity | null {
    if (declaration.path.length > 0) return null;
    if (declaration.defaultValue) {
      const entity = this.entityOf(declaration.defaultValue);
      if (entity) return entity;
    }
    return declaration.node.type ? this.typedInstance(declaration.node.type, declaration.node) : null;
  }

  /** The client or model a type annotation names (`OpenAI`, `OpenAI | null`, `Anthropic`), made where it is declared. */
  private typedInstance(type: ts.TypeNode, declared: ts.Node): Entity | null {
    if (ts.isUnionTypeNode(type)) {
      for (const member of type.types) {
        const entity = this.typedInstance(member, declared);
        if (entity) return entity;
      }
      return null;
    }
    if (!ts.isTypeReferenceNode(type)) return null;
    const typeName = type.typeName;
    const expression = ts.isIdentifier(typeName) ? typeName : ts.isQualifiedName(typeName) && ts.isIdentifier(typeName.left) ? typeName.left : undefined;
    if (!expression) return null;
    const base = this.typeEntity(expression);
    if (!base || base.kind !== 'module') return null;
    const path = ts.isQualifiedName(typeName) ? [...base.path, typeName.right.text] : base.path;
    const symbol = symbolOf({ ...base, path });
    if (!clientOf(symbol) && !modelClassOf(symbol)) return null;
    return { kind: 'instance', instance: { symbol, ctorArgs: { positional: [], named: [], span: this.span(declared) }, span: this.span(declared) }, path: [] };
  }

  /** `private client: Anthropic;` set where the code does not show (dependency injection): its declared type. */
  private typedMember(node: ts.Expression, name: string): Entity | null {
    const cls = enclosingClassOfThis(node);
    const member = cls?.members.find((candidate): candidate is ts.PropertyDeclaration => ts.isPropertyDeclaration(candidate) && propertyKey(candidate.name) === name);
    return member?.type ? this.typedInstance(member.type, member) : null;
  }

  /** The SDK export a type name refers to (type-only imports included: `import type OpenAI from 'openai'`). */
  private typeEntity(name: ts.Identifier): Entity | null {
    const declaration = this.scopes.lookup(name.text, name);
    if (!declaration || declaration.kind !== 'import' || !isJsSdkModule(declaration.specifier)) return null;
    return { kind: 'module', module: packageSpecifier(declaration.specifier), path: declaration.imported === '*' ? [] : [declaration.imported] };
  }

  private entityOfIdentifier(node: ts.Identifier): Entity | null {
    const declaration = this.scopes.lookup(node.text, node);
    if (!declaration) return null;
    if (declaration.kind === 'import') {
      if (!isJsSdkModule(declaration.specifier)) return this.importedInstance(declaration);
      if (declaration.typeOnly) return null;
      return { kind: 'module', module: packageSpecifier(declaration.specifier), path: declaration.imported === '*' ? [] : [declaration.imported] };
    }
    if (declaration.kind === 'parameter') return this.parameterInstance(declaration);
    if (declaration.kind !== 'variable') return null;
    const sources = this.variableSources(declaration);
    for (const source of sources) {
      let entity = this.entityOf(source);
      if (!entity && declaration.path.length > 0) {
        const property = this.objectLiteralProperty(source, String(declaration.path[0]));
        if (property && declaration.path.length === 1) entity = this.entityOf(property);
        if (entity) return entity;
        continue;
      }
      if (!entity) continue;
      if (declaration.path.some((step) => typeof step === 'number')) continue;
      return { ...entity, path: [...entity.path, ...(declaration.path as string[])] };
    }
    return null;
  }

  /** The initializer and every assignment of a variable (entities accept any of them). */
  private variableSources(declaration: Extract<Declaration, { kind: 'variable' }>): ts.Expression[] {
    const sources: ts.Expression[] = [];
    if (declaration.node.initializer) sources.push(declaration.node.initializer);
    if (declaration.flavor !== 'const' && declaration.path.length === 0) sources.push(...this.assignmentsOf(declaration).map((assignment) => assignment.right));
    return sources;
  }

  /** `name = value` assignments whose target is this declaration. */
  private assignmentsOf(declaration: Extract<Declaration, { kind: 'variable' }>): ts.BinaryExpression[] {
    const assignments: ts.BinaryExpression[] = [];
    for (const reference of this.referencesOf(declaration)) {
      const parent = reference.parent;
      if (isAssignment(parent) && parent.left === reference) assignments.push(parent);
    }
    return assignments;
  }

  /** Identifiers elsewhere in the file that refer to `declaration`. */
  private referencesOf(declaration: Extract<Declaration, { kind: 'variable' }>): ts.Identifier[] {
    const cached = this.referencesByDeclaration.get(declaration.nameNode);
    if (cached) return cached;
    const scope = declaration.scope;
    const candidates = this.identifierIndex().get(declaration.name) ?? [];
    // Only identifiers inside the declaring scope can refer to it (candidates are in source order).
    const references: ts.Identifier[] = [];
    for (let index = firstAtOrAfter(candidates, scope.pos); index < candidates.length && candidates[index].pos < scope.end; index++) {
      const id = candidates[index];
      if (id !== declaration.nameNode && !this.isDeclarationName(id) && this.scopes.lookup(id.text, id) === declaration) references.push(id);
    }
    this.referencesByDeclaration.set(declaration.nameNode, references);
    return references;
  }

  private isDeclarationName(id: ts.Identifier): boolean {
    const parent = id.parent;
    return (
      ((ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === id) ||
      (ts.isBindingElement(parent) && parent.propertyName === id)
    );
  }

  private identifierIndex(): Map<string, ts.Identifier[]> {
    if (this.identifiersByName) return this.identifiersByName;
    const index = new Map<string, ts.Identifier[]>();
    const stack: ts.Node[] = [this.sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isIdentifier(node)) {
        const list = index.get(node.text);
        if (list) list.push(node);
        else index.set(node.text, [node]);
        continue;
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
    for (const list of index.values()) list.sort((a, b) => a.pos - b.pos);
    this.identifiersByName = index;
    return index;
  }

  /** `this.name` property accesses in a class (not in nested classes). */
  private thisMembers(cls: ClassLike): Map<string, ts.PropertyAccessExpression[]> {
    let members = this.thisMembersByClass.get(cls);
    if (members) return members;
    members = new Map();
    const stack: ts.Node[] = [...cls.members];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isClassLike(node)) continue;
      if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && enclosingClassOfThis(node) === cls) {
        const list = members.get(node.name.text);
        if (list) list.push(node);
        else members.set(node.name.text, [node]);
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
    this.thisMembersByClass.set(cls, members);
    return members;
  }

  /** What `this.name` is bound to in its class: the field initializer, then `this.name = ...` assignments. */
  thisMemberExpressions(node: ts.Expression, name: string): ts.Expression[] {
    const cls = enclosingClassOfThis(node);
    if (!cls) return [];
    const expressions: ts.Expression[] = [];
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && member.initializer && propertyKey(member.name) === name) expressions.push(member.initializer);
    }
    // `constructor(private readonly client: OpenAI)`: a parameter property is the member.
    for (const member of cls.members) {
      if (!ts.isConstructorDeclaration(member)) continue;
      for (const parameter of member.parameters) {
        if (ts.isIdentifier(parameter.name) && parameter.name.text === name && ts.getModifiers(parameter)?.length) expressions.push(parameter.name);
      }
    }
    for (const access of this.thisMembers(cls).get(name) ?? []) {
      const parent = access.parent;
      if (isAssignment(parent) && parent.left === access) expressions.push(parent.right);
    }
    // `get client() { return this._client }`: what the getter returns.
    if (expressions.length === 0) {
      for (const member of cls.members) {
        if (ts.isGetAccessorDeclaration(member) && propertyKey(member.name) === name) expressions.push(...this.returnedExpressions(member));
      }
    }
    return expressions;
  }

  /**
   * `this.client` that a subclass inherits (`class A extends Base`): the base's member when the base is a class
   * of this file, else the client the subclass hands to its base constructor (`super(new Anthropic())`).
   */
  private inheritedEntity(node: ts.Expression, name: string): Entity | null {
    const cls = enclosingClassOfThis(node);
    const heritage = cls?.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!cls || !heritage) return null;
    const base = ts.isIdentifier(heritage) ? this.scopes.lookup(heritage.text, heritage) : undefined;
    if (base?.kind === 'class') {
      const member = base.node.members.find((candidate): candidate is ts.PropertyDeclaration | ts.GetAccessorDeclaration => (ts.isPropertyDeclaration(candidate) || ts.isGetAccessorDeclaration(candidate)) && propertyKey(candidate.name) === name);
      const entity = member ? this.firstEntity(ts.isPropertyDeclaration(member) ? (member.initializer ? [member.initializer] : []) : this.returnedExpressions(member)) : null;
      if (entity) return entity;
    }
    const constructor = cls.members.find(ts.isConstructorDeclaration);
    const superCall = constructor?.body?.statements
      .map((statement) => (ts.isExpressionStatement(statement) ? skipTransparent(statement.expression) : undefined))
      .find((expression): expression is ts.CallExpression => !!expression && ts.isCallExpression(expression) && expression.expression.kind === ts.SyntaxKind.SuperKeyword);
    const clients = (superCall?.arguments ?? [])
      .map((argument) => this.entityOf(argument))
      .filter((entity): entity is Entity => entity?.kind === 'instance' && entity.path.length === 0);
    // Only an unambiguous hand-over says which member holds the client.
    return clients.length === 1 ? clients[0] : null;
  }

  /** The expressions a function body returns (an arrow's expression body included), not those of nested functions. */
  private returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
    if (!fn.body) return [];
    if (!ts.isBlock(fn.body)) return [fn.body];
    const returns: ts.Expression[] = [];
    const stack: ts.Node[] = [fn.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isReturnStatement(node)) {
        if (node.expression) returns.push(node.expression);
        continue;
      }
      if (isFunctionBoundary(node) || ts.isClassLike(node)) continue;
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
    return returns.reverse();
  }

  /** `{ key: expr }` behind an identifier bound to an object literal (`const clients = { openai: new OpenAI() }`). */
  private objectLiteralProperty(node: ts.Expression, name: string): ts.Expression | undefined {
    let target = skipTransparent(node);
    if (ts.isIdentifier(target)) {
      const declaration = this.scopes.lookup(target.text, target);
      if (!declaration || declaration.kind !== 'variable' || declaration.path.length > 0 || !declaration.node.initializer) return undefined;
      target = skipTransparent(declaration.node.initializer);
    }
    if (!ts.isObjectLiteralExpression(target)) return undefined;
    for (const property of target.properties) {
      if (ts.isPropertyAssignment(property) && propertyKey(property.name) === name) return property.initializer;
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
    }
    return undefined;
  }

  /**
   * What calling a workspace function gives, when it returns something an SDK made (`getModel()` returning
   * `openai('gpt-4o')`): a function of this file, or one exported by another module (`${name}()` in its constants).
   */
  private functionResult(callee: ts.Expression): Value | undefined {
    const fn = this.localFunction(callee);
    if (fn) return this.functionResultOf(fn);
    const target = skipTransparent(callee);
    if (!ts.isIdentifier(target)) return undefined;
    const declaration = this.scopes.lookup(target.text, target);
    // `const { build } = require('./helpers')`
    if (declaration?.kind === 'variable' && declaration.path.length === 1 && typeof declaration.path[0] === 'string' && declaration.node.initializer) {
      const initializer = skipTransparent(declaration.node.initializer, true);
      const required = ts.isCallExpression(initializer) ? isRequireLike(initializer) : undefined;
      if (required === undefined || isJsSdkModule(required)) return undefined;
      return this.ctx.resolveImport(this.file, required, `${declaration.path[0]}()`);
    }
    if (declaration?.kind !== 'import' || declaration.typeOnly || declaration.imported === '*' || isJsSdkModule(declaration.specifier)) return undefined;
    return this.ctx.resolveImport(this.file, declaration.specifier, `${declaration.imported}()`);
  }

  /**
   * What a function gives, when that is known: the first value it returns that an SDK call made (a model, a
   * client), or the object it alone returns (request parameters built by a helper); else undefined.
   */
  functionResultOf(fn: ts.FunctionLikeDeclaration): Value | undefined {
    if (this.functionResults.has(fn)) return this.functionResults.get(fn);
    if (this.visiting.has(fn)) return undefined;
    this.visiting.add(fn);
    let result: Value | undefined;
    try {
      const returned = this.returnedExpressions(fn);
      for (const expression of returned) {
        const value = this.valueOf(expression);
        if ((value.kind === 'call' && value.symbol) || (value.kind === 'object' && returned.length === 1)) {
          result = value;
          break;
        }
      }
    } finally {
      this.visiting.delete(fn);
    }
    this.functionResults.set(fn, result);
    return result;
  }

  /** Return expressions of a same-file function the callee names (`getClient()`, `this.makeClient()`). */
  private localFunctionReturns(callee: ts.Expression): ts.Expression[] {
    const fn = this.localFunction(callee);
    return fn ? this.returnedExpressions(fn) : [];
  }

  private overloadImplementation(signature: ts.FunctionDeclaration): ts.FunctionDeclaration | undefined {
    const siblings = (signature.parent as ts.Node & { statements?: ts.NodeArray<ts.Statement> }).statements ?? [];
    for (const statement of siblings) {
      if (ts.isFunctionDeclaration(statement) && statement.body && statement.name?.text === signature.name?.text) return statement;
    }
    return undefined;
  }

  /** The function of this file a callee names (`build`, `this.build`), its implementation when overloaded. */
  localFunction(callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    const target = skipTransparent(callee);
    if (ts.isIdentifier(target)) {
      const declaration = this.scopes.lookup(target.text, target);
      // An overloaded function: the declaration with a body is the implementation.
      if (declaration?.kind === 'function') return declaration.node.body ? declaration.node : this.overloadImplementation(declaration.node);
      if (declaration?.kind === 'variable' && declaration.path.length === 0 && declaration.node.initializer) {
        const initializer = skipTransparent(declaration.node.initializer);
        if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
      }
      return undefined;
    }
    if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClassOfThis(target);
      const method = cls?.members.find((member) => ts.isMethodDeclaration(member) && propertyKey(member.name) === target.name.text);
      if (method && ts.isMethodDeclaration(method)) return method;
      const field = this.thisMemberExpressions(target, target.name.text)[0];
      if (field) {
        const fn = skipTransparent(field);
        if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) return fn;
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- arguments

  argsOf(call: ts.CallExpression | ts.NewExpression): Args {
    const cached = this.argsCache.get(call);
    if (cached) return cached;
    const positional: Value[] = [];
    let spread = false;
    for (const argument of call.arguments ?? []) {
      if (ts.isSpreadElement(argument)) {
        const spreadValue = this.valueOf(argument.expression);
        if (spreadValue.kind === 'array') positional.push(...spreadValue.items);
        else {
          positional.push({ kind: 'unknown', expression: this.nodeText(argument), span: this.span(argument), reason: 'spread' });
          spread = true;
        }
        continue;
      }
      const value = this.valueOf(argument);
      if (this.openObjects.has(value)) spread = true;
      positional.push(value);
    }
    const args: Args = { positional, named: [], span: this.argumentListSpan(call) };
    if (spread) args.spread = true;
    this.argsCache.set(call, args);
    return args;
  }

  private argumentListSpan(call: ts.CallExpression | ts.NewExpression): Span {
    if (!call.arguments) return { file: this.file, start: call.end, end: call.end };
    const closesHere = this.text[call.end - 1] === ')';
    return { file: this.file, start: call.arguments.pos, end: closesHere ? call.end - 1 : call.arguments.end };
  }

  // ---------------------------------------------------------------- values

  valueOf(node: ts.Expression): Value {
    if (this.nesting > MAX_NESTING) return this.unknown(node, 'too deeply nested');
    this.nesting++;
    try {
      const value = this.computeValue(node);
      return value.kind === 'string' && oversizedPieces(value.pieces) ? this.unknown(node, OVERSIZED_TEXT_REASON) : value;
    } finally {
      this.nesting--;
    }
  }

  private unknown(node: ts.Node, reason: string): Value {
    const expression = this.nodeText(node);
    const runtime = typeScriptRuntimeSource(node, reason, expression);
    return { kind: 'unknown', expression, span: this.span(node), reason, ...(runtime ? { runtime } : {}) };
  }

  private computeValue(original: ts.Expression): Value {
    const node = skipTransparent(original, true);
    if (node !== original) return this.valueOf(node);
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return this.stringLiteral(node as ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, false);
      case ts.SyntaxKind.TemplateExpression:
        return this.template(node as ts.TemplateExpression, false);
      case ts.SyntaxKind.TaggedTemplateExpression:
        return this.taggedTemplate(node as ts.TaggedTemplateExpression);
      case ts.SyntaxKind.NumericLiteral:
        return { kind: 'number', value: Number((node as ts.NumericLiteral).text), span: this.span(node), origin: { kind: 'literal' } };
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
        return { kind: 'boolean', value: node.kind === ts.SyntaxKind.TrueKeyword, span: this.span(node) };
      case ts.SyntaxKind.NullKeyword:
        return { kind: 'null', span: this.span(node) };
      case ts.SyntaxKind.VoidExpression:
        return { kind: 'null', span: this.span(node) };
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const unary = node as ts.PrefixUnaryExpression;
        const operand = this.valueOf(unary.operand);
        if (operand.kind === 'number' && (unary.operator === ts.SyntaxKind.MinusToken || unary.operator === ts.SyntaxKind.PlusToken)) {
          return { ...operand, value: unary.operator === ts.SyntaxKind.MinusToken ? -operand.value : operand.value, span: this.span(node) };
        }
        if (operand.kind === 'boolean' && unary.operator === ts.SyntaxKind.ExclamationToken) return { ...operand, value: !operand.value, span: this.span(node) };
        return this.unknown(node, 'expression');
      }
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.objectLiteral(node as ts.ObjectLiteralExpression);
      case ts.SyntaxKind.ArrayLiteralExpression:
        return this.arrayLiteral(node as ts.ArrayLiteralExpression);
      case ts.SyntaxKind.Identifier:
        return this.identifierValue(node as ts.Identifier);
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
        return this.memberValue(node as ts.PropertyAccessExpression | ts.ElementAccessExpression);
      case ts.SyntaxKind.BinaryExpression:
        return this.binaryValue(node as ts.BinaryExpression);
      case ts.SyntaxKind.CallExpression:
        return this.callValue(node as ts.CallExpression);
      case ts.SyntaxKind.NewExpression:
        return this.genericCall(node as ts.NewExpression);
      case ts.SyntaxKind.ConditionalExpression:
        return this.unknown(node, 'conditional');
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return this.unknown(node, 'function');
      default:
        return this.unknown(node, 'expression');
    }
  }

  private literalBody(node: ts.LiteralLikeNode | ts.TemplateLiteralLikeNode, openLength: number, closeLength: number): Span {
    const start = node.getStart(this.sourceFile) + openLength;
    const end = Math.max(start, node.end - closeLength);
    return { file: this.file, start, end };
  }

  private textPieceAt(text: string, span: Span): StringPiece {
    const source = this.text.slice(span.start, span.end);
    return { kind: 'text', text, span, verbatim: !source.includes('\\') && source === text, origin: { kind: 'literal' } };
  }

  private stringLiteral(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, raw: boolean): Value {
    const span = this.literalBody(node, 1, 1);
    const text = raw && ts.isNoSubstitutionTemplateLiteral(node) ? (node.rawText ?? node.text) : node.text;
    const pieces = text === '' ? [] : [this.textPieceAt(text, span)];
    return { kind: 'string', pieces, span: this.span(node) };
  }

  private template(node: ts.TemplateExpression, raw: boolean): Value {
    const pieces: StringPiece[] = [];
    const addChunk = (chunk: ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail, closeLength: number) => {
      const text = raw ? (chunk.rawText ?? chunk.text) : chunk.text;
      if (text !== '') pieces.push(this.textPieceAt(text, this.literalBody(chunk, 1, closeLength)));
    };
    addChunk(node.head, 2);
    for (const templateSpan of node.templateSpans) {
      appendAll(pieces, this.interpolation(templateSpan.expression));
      addChunk(templateSpan.literal, ts.isTemplateTail(templateSpan.literal) ? 1 : 2);
    }
    return { kind: 'string', pieces, span: this.span(node) };
  }

  /** `${expr}`: inlined when it resolves to a string or number, else a dynamic piece. */
  private interpolation(expression: ts.Expression): StringPiece[] {
    const value = this.valueOf(expression);
    if (value.kind === 'string') return value.pieces;
    if (value.kind === 'number') return [textPiece(String(value.value), value.origin)];
    if (value.kind === 'boolean') return [textPiece(String(value.value), { kind: 'literal' })];
    return [{ kind: 'dynamic', expression: this.nodeText(expression), span: this.span(expression), ...(value.kind === 'call' ? { call: value } : {}) }];
  }

  private taggedTemplate(node: ts.TaggedTemplateExpression): Value {
    const tag = skipTransparent(node.tag);
    const tagName = ts.isIdentifier(tag) ? tag.text : ts.isPropertyAccessExpression(tag) ? tag.name.text : undefined;
    const isStringRaw = ts.isPropertyAccessExpression(tag) && tag.name.text === 'raw' && ts.isIdentifier(tag.expression) && tag.expression.text === 'String';
    if (!isStringRaw && (tagName === undefined || !DEDENT_TAGS.has(tagName))) return this.unknown(node, 'tagged template');
    const template = node.template;
    const value = ts.isNoSubstitutionTemplateLiteral(template) ? this.stringLiteral(template, isStringRaw) : this.template(template, isStringRaw);
    if (value.kind !== 'string') return value;
    return { kind: 'string', pieces: isStringRaw ? value.pieces : dedentPieces(value.pieces), span: this.span(node) };
  }

  private objectLiteral(node: ts.ObjectLiteralExpression): Value {
    const entries: ObjectEntry[] = [];
    let open = false;
    const put = (entry: ObjectEntry) => {
      const existing = entries.findIndex((other) => other.key === entry.key);
      if (existing >= 0) entries.splice(existing, 1);
      entries.push(entry);
    };
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spreadValue = this.valueOf(property.expression);
        if (spreadValue.kind === 'object') {
          spreadValue.entries.forEach(put);
          if (this.openObjects.has(spreadValue)) open = true;
        } else open = true;
        continue;
      }
      const key = property.name ? propertyKey(property.name) : undefined;
      if (key === undefined || !property.name) continue;
      const keySpan = this.span(property.name);
      let value: Value;
      if (ts.isPropertyAssignment(property)) value = this.valueOf(property.initializer);
      else if (ts.isShorthandPropertyAssignment(property)) value = this.valueOf(property.name);
      else value = this.unknown(property, 'function');
      put({ key, keySpan, value, span: this.span(property) });
    }
    const value: Value = { kind: 'object', entries, span: this.span(node) };
    if (open) this.openObjects.add(value);
    return value;
  }

  private arrayLiteral(node: ts.ArrayLiteralExpression): Value {
    const items: Value[] = [];
    for (const element of node.elements) {
      if (ts.isOmittedExpression(element)) continue;
      if (ts.isSpreadElement(element)) {
        const spreadValue = this.valueOf(element.expression);
        if (spreadValue.kind === 'array') items.push(...spreadValue.items);
        else items.push(this.unknown(element, 'spread'));
        continue;
      }
      items.push(this.valueOf(element));
    }
    return { kind: 'array', items, span: this.span(node) };
  }

  private identifierValue(node: ts.Identifier): Value {
    const declaration = this.scopes.lookup(node.text, node);
    if (!declaration) {
      if (node.text === 'undefined') return { kind: 'null', span: this.span(node) };
      if (node.text === 'NaN' || node.text === 'Infinity') return { kind: 'number', value: Number(node.text), span: this.span(node), origin: { kind: 'literal' } };
      return this.unknown(node, 'global');
    }
    switch (declaration.kind) {
      case 'import':
        if (declaration.typeOnly || declaration.imported === '*' || isJsSdkModule(declaration.specifier)) return this.unknown(node, 'import');
        return this.ctx.resolveImport(this.file, declaration.specifier, declaration.imported) ?? this.unknown(node, 'import');
      case 'variable':
        return this.variableValue(declaration, node);
      case 'parameter':
        return declaration.defaultValue ? this.valueOf(declaration.defaultValue) : this.unknown(node, 'parameter');
      case 'function':
        return this.unknown(node, 'function');
      case 'class':
        return this.unknown(node, 'class');
      default:
        return this.unknown(node, 'expression');
    }
  }

  private variableValue(declaration: Extract<Declaration, { kind: 'variable' }>, use: ts.Identifier): Value {
    if (this.usedBeforeDeclaration(declaration, use)) return this.unknown(use, 'used before declaration');
    const cached = this.declarationValues.get(declaration.nameNode);
    if (cached) return cached;
    const unknown = this.declarationUnknowns.get(declaration.nameNode);
    if (unknown) return unknown.namesUse ? this.unknown(use, unknown.value.reason) : unknown.value;
    if (this.visiting.has(declaration.nameNode)) return this.unknown(use, 'cycle');
    if (this.hops >= MAX_HOPS) return this.unknown(use, 'too many indirections');
    this.visiting.add(declaration.nameNode);
    this.hops++;
    try {
      const value = this.computeVariableValue(declaration, use);
      if (value.kind !== 'unknown') this.declarationValues.set(declaration.nameNode, value);
      // An unknown is kept too (`x2 = x1 + x1` over an oversized `x1` would otherwise recompute it once per use, doubling
      // per line), unless it depends on how it was reached; one that names its use is rebuilt for each use.
      else if (!TRAVERSAL_REASONS.has(value.reason)) {
        const useSpan = this.span(use);
        this.declarationUnknowns.set(declaration.nameNode, { value, namesUse: value.span.start === useSpan.start && value.span.end === useSpan.end });
      }
      return value;
    } finally {
      this.hops--;
      this.visiting.delete(declaration.nameNode);
    }
  }

  /** TDZ: a `const`/`let` read before its declaration in the same function body is not its value. */
  private usedBeforeDeclaration(declaration: Extract<Declaration, { kind: 'variable' }>, use: ts.Node): boolean {
    if (declaration.node.getStart(this.sourceFile) <= use.getStart(this.sourceFile)) return false;
    for (let node: ts.Node | undefined = use.parent; node; node = node.parent) {
      if (node === declaration.scope) return true;
      if (isFunctionBoundary(node)) return false;
    }
    return false;
  }

  private computeVariableValue(declaration: Extract<Declaration, { kind: 'variable' }>, use: ts.Identifier): Value {
    const declarationNode = declaration.node;
    const loop = declarationNode.parent?.parent;
    if (loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop))) return this.unknown(use, 'loop variable');
    let source = declarationNode.initializer;
    if (declaration.flavor !== 'const' && declaration.path.length === 0) {
      const assignments = this.assignmentsOf(declaration);
      if (!source && assignments.length === 1) source = assignments[0].right;
      else if (assignments.length > 0 && !(source && ts.isArrayLiteralExpression(skipTransparent(source)))) return this.unknown(use, 'reassigned variable');
    }
    if (!source) return this.unknown(use, 'uninitialized variable');
    let value: Value;
    const required = ts.isCallExpression(skipTransparent(source, true)) ? isRequireLike(skipTransparent(source, true) as ts.CallExpression) : undefined;
    if (required !== undefined && declaration.path.length > 0 && typeof declaration.path[0] === 'string') {
      if (isJsSdkModule(required)) return this.unknown(use, 'import');
      const imported = this.ctx.resolveImport(this.file, required, declaration.path[0]);
      if (!imported) return this.unknown(use, 'import');
      value = this.selectPath(imported, declaration.path.slice(1), declaration.defaultValue, use);
    } else {
      value = this.selectPath(this.valueOf(source), declaration.path, declaration.defaultValue, use);
    }
    const open = this.openObjects.has(value);
    value = withOrigin(value, { kind: 'constant', name: declaration.name, file: this.file });
    if (open) this.openObjects.add(value);
    if (value.kind === 'array' && declaration.path.length === 0) {
      const atModuleLevel = ts.isSourceFile(declaration.scope);
      const growth = this.growthOf(this.referencesOf(declaration), declaration.scope, atModuleLevel);
      if (growth) value = { ...value, growth };
    }
    return value;
  }

  /** The part of a destructured value a binding takes (`const { model } = CONFIG`). */
  private selectPath(value: Value, path: (string | number)[], defaultValue: ts.Expression | undefined, use: ts.Identifier): Value {
    let current: Value | undefined = value;
    for (const step of path) {
      if (current?.kind === 'object') current = current.entries.find((entry) => entry.key === String(step))?.value;
      else if (current?.kind === 'array' && typeof step === 'number') current = current.items[step];
      else current = undefined;
      if (!current) break;
    }
    if (current) return current;
    if (defaultValue) return this.valueOf(defaultValue);
    return this.unknown(use, 'property access');
  }

  /**
   * How a message list grows: pushes, `list = [...list, x]`, and anything that trims it.
   * `stopAt` is the scope that owns the list: a push inside a loop within it happens across iterations.
   */
  private growthOf(references: readonly ts.Expression[], stopAt: ts.Node | undefined, outlivesFunction: boolean): ListGrowth | undefined {
    const appends: Span[] = [];
    const appendLoops: Span[] = [];
    let acrossIterations = false;
    let trimmed = false;
    const noteAppend = (node: ts.Node) => {
      appends.push(this.span(node));
      if (isInLoop(node, stopAt)) acrossIterations = true;
      const loop = outermostLoop(node, stopAt);
      if (loop) appendLoops.push(this.span(loop));
    };
    const sameList = (node: ts.Expression, reference: ts.Expression) => this.nodeText(skipTransparent(node)) === this.nodeText(reference);
    for (const reference of references) {
      const parent = reference.parent;
      if (isAccess(parent) && parent.expression === reference) {
        const name = memberName(parent);
        const call = parent.parent;
        const isCalled = ts.isCallExpression(call) && call.expression === parent;
        if (name !== undefined && isCalled && APPEND_METHODS.has(name)) noteAppend(call);
        else if (name !== undefined && isCalled && TRIM_METHODS.has(name)) trimmed = true;
        else if (name === 'length' && isAssignment(call) && call.left === parent) trimmed = true;
        continue;
      }
      if (isAssignment(parent) && parent.left === reference) {
        const right = skipTransparent(parent.right);
        const spreadsItself = ts.isArrayLiteralExpression(right) && right.elements.some((element) => ts.isSpreadElement(element) && sameList(element.expression, reference));
        const concatsItself =
          ts.isCallExpression(right) && ts.isPropertyAccessExpression(right.expression) && right.expression.name.text === 'concat' && sameList(right.expression.expression, reference);
        if (spreadsItself || concatsItself) noteAppend(parent);
        else trimmed = true;
      }
    }
    if (appends.length === 0 && !trimmed) return undefined;
    return { appends, acrossIterations: acrossIterations || (outlivesFunction && appends.length > 0), trimmed, outlivesFunction, appendLoops };
  }

  private memberValue(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): Value {
    if (envVariable(node) !== undefined) return this.unknown(node, 'environment variable');
    const name = memberName(node);
    if (name === undefined) return this.unknown(node, 'property access');
    const base = skipTransparent(node.expression);
    if (base.kind === ts.SyntaxKind.ThisKeyword) return this.thisMemberValue(node, name);
    if (ts.isIdentifier(base)) {
      const declaration = this.scopes.lookup(base.text, base);
      const namespaceSpecifier =
        declaration?.kind === 'import' && declaration.imported === '*'
          ? declaration.specifier
          : declaration?.kind === 'variable' && declaration.path.length === 0 && declaration.node.initializer && ts.isCallExpression(skipTransparent(declaration.node.initializer, true))
            ? isRequireLike(skipTransparent(declaration.node.initializer, true) as ts.CallExpression)
            : undefined;
      if (namespaceSpecifier !== undefined) {
        if (isJsSdkModule(namespaceSpecifier)) return this.unknown(node, 'import');
        return this.ctx.resolveImport(this.file, namespaceSpecifier, name) ?? this.unknown(node, 'import');
      }
    }
    const baseValue = this.valueOf(node.expression);
    if (baseValue.kind === 'object') {
      const entry = baseValue.entries.find((candidate) => candidate.key === name);
      if (entry) return entry.value;
    }
    if (baseValue.kind === 'array' && /^\d+$/.test(name)) {
      const item = baseValue.items[Number(name)];
      if (item) return item;
    }
    return this.unknown(node, 'property access');
  }

  /** `this.history`: a class field's value, with growth when it is a list (it outlives every call). */
  private thisMemberValue(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, name: string): Value {
    const expressions = this.thisMemberExpressions(node, name);
    const cls = enclosingClassOfThis(node);
    if (expressions.length === 0 || !cls) return this.unknown(node, 'property access');
    const first = skipTransparent(expressions[0]);
    const isList = ts.isArrayLiteralExpression(first);
    if (expressions.length > 1 && !isList) return this.unknown(node, 'reassigned property');
    let value = this.valueOf(expressions[0]);
    if (value.kind === 'array') {
      const references = (this.thisMembers(cls).get(name) ?? []).filter((access) => !(isAssignment(access.parent) && access.parent.left === access && access.parent.right === expressions[0]));
      const growth = this.growthOf(references, cls, true);
      if (growth) value = { ...value, growth };
    }
    return value;
  }

  private binaryValue(node: ts.BinaryExpression): Value {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken) return this.concatenation(node);
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      const variable = envVariable(node.left);
      const fallback = this.valueOf(node.right);
      if (variable !== undefined) return withEnvOrigin(fallback, variable);
      const left = this.valueOf(node.left);
      // `options.model ?? 'gpt-4o'`: an unknown left side leaves the default as the best static answer.
      if (left.kind === 'unknown' && fallback.kind !== 'unknown') return fallback;
      return left.kind === 'null' ? fallback : left;
    }
    if (operator === ts.SyntaxKind.CommaToken) return this.valueOf(node.right);
    return this.unknown(node, 'expression');
  }

  /** `a + b + c`, flattened without recursion on the left-leaning chain. */
  private concatenation(node: ts.BinaryExpression): Value {
    const operands: ts.Expression[] = [];
    let current: ts.Expression = node;
    while (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      operands.push(current.right);
      current = skipTransparent(current.left);
    }
    operands.push(current);
    operands.reverse();
    const values = operands.map((operand) => this.valueOf(operand));
    if (values.every((value) => value.kind === 'number')) {
      const sum = values.reduce((total, value) => total + (value.kind === 'number' ? value.value : 0), 0);
      return { kind: 'number', value: sum, span: this.span(node), origin: { kind: 'literal' } };
    }
    if (!values.some((value) => value.kind === 'string')) return this.unknown(node, 'expression');
    const pieces: StringPiece[] = [];
    values.forEach((value, index) => appendAll(pieces, this.piecesOf(value, operands[index])));
    return { kind: 'string', pieces, span: this.span(node) };
  }

  /** A value as string pieces, for concatenation and joins. */
  private piecesOf(value: Value, expression?: ts.Expression): StringPiece[] {
    switch (value.kind) {
      case 'string':
        return value.pieces;
      case 'number':
        return [textPiece(String(value.value), value.origin)];
      case 'boolean':
        return [textPiece(String(value.value), { kind: 'literal' })];
      case 'null':
        return [textPiece(expression && this.nodeText(expression) === 'undefined' ? 'undefined' : 'null', { kind: 'literal' })];
      default: {
        const span = expression ? this.span(expression) : value.span;
        const source = expression ? this.nodeText(expression) : value.kind === 'unknown' ? value.expression : value.kind === 'call' ? `${value.calleeText}(…)` : value.kind;
        return [{ kind: 'dynamic', expression: source, span, ...(value.kind === 'call' ? { call: value } : {}) }];
      }
    }
  }

  private callValue(node: ts.CallExpression): Value {
    const callee = skipTransparent(node.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (ts.isPropertyAccessExpression(callee)) {
      if (method === 'join') {
        const list = this.valueOf(callee.expression);
        if (list.kind === 'array') return this.joined(list, node);
      }
      if (method === 'trim' || method === 'trimStart' || method === 'trimEnd' || method === 'trimLeft' || method === 'trimRight' || method === 'toString') {
        const receiver = this.valueOf(callee.expression);
        if (receiver.kind === 'string') {
          if (method === 'toString') return receiver;
          const atStart = method === 'trim' || method === 'trimStart' || method === 'trimLeft';
          const atEnd = method === 'trim' || method === 'trimEnd' || method === 'trimRight';
          return { kind: 'string', pieces: trimPieces(receiver.pieces, atStart, atEnd), span: this.span(node) };
        }
      }
    }
    if (method === 'map' && ts.isPropertyAccessExpression(callee)) {
      const template = this.mappedElement(node);
      if (template) return { kind: 'array', items: [template], span: this.span(node), repeated: true };
    }
    if ((method === 'readFileSync' || method === 'readFile') && node.arguments.length > 0 && !this.entityOf(node.expression)) {
      return this.promptFile(node);
    }
    return this.genericCall(node);
  }

  /** `items.map((item) => ({ ... }))`: the value of the callback's result, as a template element. */
  private mappedElement(node: ts.CallExpression): Value | undefined {
    const callback = node.arguments[0] ? skipTransparent(node.arguments[0]) : undefined;
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
    if (!ts.isBlock(callback.body)) return this.valueOf(callback.body);
    const returned = callback.body.statements.find(ts.isReturnStatement);
    return returned?.expression ? this.valueOf(returned.expression) : undefined;
  }

  private joined(list: Extract<Value, { kind: 'array' }>, node: ts.CallExpression): Value {
    const separatorArgument = node.arguments[0];
    let separator: StringPiece[] = [textPiece(',', { kind: 'literal' })];
    if (separatorArgument) {
      const separatorValue = this.valueOf(separatorArgument);
      if (separatorValue.kind !== 'string') return this.genericCall(node);
      separator = separatorValue.pieces;
    }
    const pieces: StringPiece[] = [];
    list.items.forEach((item, index) => {
      if (index > 0) appendAll(pieces, separator);
      appendAll(pieces, this.piecesOf(item));
    });
    return { kind: 'string', pieces, span: this.span(node) };
  }

  private genericCall(node: ts.CallExpression | ts.NewExpression): Value {
    const callee = this.entityOf(node.expression);
    if (!callee && ts.isCallExpression(node)) {
      const returned = this.functionResult(node.expression);
      if (returned) return returned;
    }
    const value: Value = { kind: 'call', symbol: callee ? symbolOf(callee) : null, calleeText: this.nodeText(node.expression), args: this.argsOf(node), span: this.span(node) };
    if (callee?.kind === 'instance') value.receiver = callee.instance;
    return value;
  }

  // ---------------------------------------------------------------- prompt files

  private promptFile(node: ts.CallExpression): Value {
    const location = promptFilePath(this, node.arguments[0]);
    if (!location) return this.unknown(node, 'prompt file path is not static');
    const found = this.ctx.readPromptFile(this.file, location.path, location.relativeTo);
    if (!found) return this.unknown(node, 'prompt file not found');
    const piece: StringPiece = {
      kind: 'text',
      text: found.text,
      span: { file: found.path, start: 0, end: found.text.length },
      // readFileSync returns the file as it is on disk.
      verbatim: true,
      origin: { kind: 'prompt-file', path: found.path },
    };
    return { kind: 'string', pieces: found.text === '' ? [] : [piece], span: this.span(node) };
  }

  staticText(node: ts.Expression): string | undefined {
    const value = this.valueOf(node);
    if (value.kind !== 'string' || value.pieces.some((piece) => piece.kind !== 'text')) return undefined;
    return value.pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
  }
}
