/**
 * Lexical scopes of one TS/JS source file, without a type checker: which declaration a name refers to
 * at a given node. Declarations are collected lazily per scope node and cached.
 */
import ts from 'typescript';

/** Property names / array indexes from a destructuring pattern's root to one bound name. */
export type BindingPath = (string | number)[];

export type Declaration =
  | { kind: 'import'; name: string; specifier: string; /** 'default', '*', or the export name. */ imported: string; typeOnly: boolean; node: ts.Node }
  | {
      kind: 'variable';
      name: string;
      node: ts.VariableDeclaration;
      nameNode: ts.Identifier;
      path: BindingPath;
      /** The default of a destructured element (`const { model = 'x' } = options`). */
      defaultValue?: ts.Expression;
      flavor: 'const' | 'let' | 'var';
      /** The node whose declarations list holds this one (SourceFile, Block, for statement...). */
      scope: ts.Node;
    }
  | { kind: 'parameter'; name: string; node: ts.ParameterDeclaration; nameNode: ts.Identifier; path: BindingPath; defaultValue?: ts.Expression }
  | { kind: 'function'; name: string; node: ts.FunctionDeclaration }
  | { kind: 'class'; name: string; node: ts.ClassLikeDeclaration }
  | { kind: 'other'; name: string; node: ts.Node };

type DeclarationMap = Map<string, Declaration>;

function visitBindingName(
  name: ts.BindingName,
  path: BindingPath,
  defaultValue: ts.Expression | undefined,
  visit: (id: ts.Identifier, path: BindingPath, defaultValue?: ts.Expression) => void,
): void {
  if (ts.isIdentifier(name)) {
    visit(name, path, defaultValue);
    return;
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const element of name.elements) {
      if (element.dotDotDotToken) {
        visitBindingName(element.name, path, undefined, () => undefined);
        continue;
      }
      const key = element.propertyName ?? element.name;
      const keyText = ts.isIdentifier(key) || ts.isStringLiteral(key) || ts.isNumericLiteral(key) ? key.text : undefined;
      if (keyText === undefined) continue;
      visitBindingName(element.name, [...path, keyText], element.initializer, visit);
    }
    return;
  }
  name.elements.forEach((element, index) => {
    if (ts.isOmittedExpression(element) || element.dotDotDotToken) return;
    visitBindingName(element.name, [...path, index], element.initializer, visit);
  });
}

function setOnce(map: DeclarationMap, declaration: Declaration): void {
  if (!map.has(declaration.name)) map.set(declaration.name, declaration);
}

function addVariableList(list: ts.VariableDeclarationList, scope: ts.Node, map: DeclarationMap): void {
  const flavor = list.flags & ts.NodeFlags.Const ? 'const' : list.flags & ts.NodeFlags.Let ? 'let' : 'var';
  for (const declaration of list.declarations) {
    visitBindingName(declaration.name, [], undefined, (id, path, defaultValue) =>
      setOnce(map, { kind: 'variable', name: id.text, node: declaration, nameNode: id, path, defaultValue, flavor, scope }),
    );
  }
}

function addImport(statement: ts.ImportDeclaration, map: DeclarationMap): void {
  const clause = statement.importClause;
  if (!clause || !ts.isStringLiteral(statement.moduleSpecifier)) return;
  const specifier = statement.moduleSpecifier.text;
  const typeOnly = clause.isTypeOnly;
  if (clause.name) setOnce(map, { kind: 'import', name: clause.name.text, specifier, imported: 'default', typeOnly, node: clause });
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (ts.isNamespaceImport(bindings)) {
    setOnce(map, { kind: 'import', name: bindings.name.text, specifier, imported: '*', typeOnly, node: bindings });
    return;
  }
  for (const element of bindings.elements) {
    const imported = (element.propertyName ?? element.name).text;
    setOnce(map, { kind: 'import', name: element.name.text, specifier, imported, typeOnly: typeOnly || element.isTypeOnly, node: element });
  }
}

function addStatements(statements: readonly ts.Statement[], scope: ts.Node, map: DeclarationMap): void {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) addVariableList(statement.declarationList, scope, map);
    else if (ts.isFunctionDeclaration(statement) && statement.name) setOnce(map, { kind: 'function', name: statement.name.text, node: statement });
    else if (ts.isClassDeclaration(statement) && statement.name) setOnce(map, { kind: 'class', name: statement.name.text, node: statement });
    else if (ts.isImportDeclaration(statement)) addImport(statement, map);
    else if (ts.isImportEqualsDeclaration(statement)) {
      const reference = statement.moduleReference;
      if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
        setOnce(map, { kind: 'import', name: statement.name.text, specifier: reference.expression.text, imported: '*', typeOnly: statement.isTypeOnly, node: statement });
      } else setOnce(map, { kind: 'other', name: statement.name.text, node: statement });
    } else if ((ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) && ts.isIdentifier(statement.name)) {
      setOnce(map, { kind: 'other', name: statement.name.text, node: statement });
    }
  }
}

/** Node kinds that may introduce names (function-likes are tested separately). */
const SCOPE_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.Block,
  ts.SyntaxKind.ModuleBlock,
  ts.SyntaxKind.CaseBlock,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.CatchClause,
  ts.SyntaxKind.ClassExpression,
]);

export class Scopes {
  private readonly declarationsByScope = new Map<ts.Node, DeclarationMap | null>();

  /** The declaration `name` refers to at `from`, searching enclosing scopes outward. */
  lookup(name: string, from: ts.Node): Declaration | undefined {
    for (let node: ts.Node | undefined = from.parent; node; node = node.parent) {
      const declaration = this.declarationsOf(node)?.get(name);
      if (declaration) return declaration;
    }
    return undefined;
  }

  /** The declarations a scope node introduces, or null when the node is no scope. */
  declarationsOf(node: ts.Node): DeclarationMap | null {
    if (!SCOPE_KINDS.has(node.kind) && !ts.isFunctionLike(node)) return null;
    let map = this.declarationsByScope.get(node);
    if (map !== undefined) return map;
    map = collectDeclarations(node);
    this.declarationsByScope.set(node, map);
    return map;
  }
}

function collectDeclarations(node: ts.Node): DeclarationMap | null {
  const map: DeclarationMap = new Map();
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node)) {
    addStatements(node.statements, node, map);
    return map;
  }
  if (ts.isCaseBlock(node)) {
    for (const clause of node.clauses) addStatements(clause.statements, node, map);
    return map;
  }
  if (ts.isFunctionLike(node)) {
    for (const parameter of node.parameters) {
      visitBindingName(parameter.name, [], undefined, (id, path, defaultValue) =>
        setOnce(map, { kind: 'parameter', name: id.text, node: parameter, nameNode: id, path, defaultValue: path.length === 0 ? parameter.initializer : defaultValue }),
      );
    }
    if (ts.isFunctionExpression(node) && node.name) setOnce(map, { kind: 'other', name: node.name.text, node });
    return map;
  }
  if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    if (node.initializer && ts.isVariableDeclarationList(node.initializer)) addVariableList(node.initializer, node, map);
    return map;
  }
  if (ts.isCatchClause(node)) {
    const variable = node.variableDeclaration;
    if (variable) visitBindingName(variable.name, [], undefined, (id) => setOnce(map, { kind: 'other', name: id.text, node: variable }));
    return map;
  }
  if (ts.isClassExpression(node) && node.name) {
    setOnce(map, { kind: 'class', name: node.name.text, node });
    return map;
  }
  return null;
}
