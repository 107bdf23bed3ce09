/**
 * The TypeScript / JavaScript front end: source text -> SourceView, using only the TypeScript parser
 * (`ts.createSourceFile`, no Program, no type checker) so that it stays fast on every keystroke.
 * Calls are reported when their callee resolves to a symbol of a tracked SDK module or to a method of a
 * client instance created from one; which of them are LLM calls is the providers' business.
 */
import { posix } from 'node:path';
import ts from 'typescript';
import type { Language, NeutralCall, SourceView, Span, Value } from '../model';
import type { AnalyzeContext } from './context';
import { textChangeBetween, type ParseReuse } from './parse-reuse';
import { PREFILTER_NEEDLES, isJsSdkModule } from './sdk-modules';
import { FileResolver, symbolOf } from './typescript/resolver';
import { enclosingLoops, isInLoop } from './typescript/syntax';

const MAX_ERRORS = 20;

function extensionOf(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dot = file.lastIndexOf('.');
  return dot > slash ? file.slice(dot + 1).toLowerCase() : '';
}

function scriptKindOf(file: string): ts.ScriptKind {
  switch (extensionOf(file)) {
    case 'tsx':
      return ts.ScriptKind.TSX;
    case 'js':
    case 'mjs':
    case 'cjs':
      return ts.ScriptKind.JS;
    case 'jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.TS;
  }
}

function languageOfFile(file: string): Language {
  return ['js', 'jsx', 'mjs', 'cjs'].includes(extensionOf(file)) ? 'javascript' : 'typescript';
}

/**
 * The syntax tree of `text`; incremental when `reuse` holds the tree of an earlier text of the same document
 * (`updateSourceFile` re-parses around the change and reuses the rest). The result is kept for the next call.
 */
function parse(file: string, text: string, reuse?: ParseReuse): ts.SourceFile {
  const previous = reuse?.takeTypeScript(file);
  const change = previous ? textChangeBetween(previous.text, text) : null;
  let sourceFile: ts.SourceFile;
  if (previous && !change) sourceFile = previous.sourceFile;
  else if (previous && change) {
    const changed = ts.createTextChangeRange(ts.createTextSpan(change.start, change.oldEnd - change.start), change.newEnd - change.start);
    sourceFile = ts.updateSourceFile(previous.sourceFile, text, changed);
  } else sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
  reuse?.keepTypeScript(file, text, sourceFile);
  return sourceFile;
}

const MODULE_SPECIFIER = /\bfrom\s*['"]([^'"\n]+)['"]|\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]/g;

/**
 * Cheap test before resolving callees: a file that imports no tracked SDK module has no SDK calls, unless it
 * imports a workspace module and names an SDK (a client made in `lib/openai.ts` and used here).
 */
function mentionsSdkModule(text: string): boolean {
  MODULE_SPECIFIER.lastIndex = 0;
  let importsWorkspaceModule = false;
  for (let match = MODULE_SPECIFIER.exec(text); match; match = MODULE_SPECIFIER.exec(text)) {
    const specifier = match[1] ?? match[2];
    if (isJsSdkModule(specifier)) return true;
    if (specifier.startsWith('.') || specifier.startsWith('@/') || specifier.startsWith('~/')) importsWorkspaceModule = true;
  }
  return importsWorkspaceModule && PREFILTER_NEEDLES.some((needle) => text.includes(needle));
}

function errorMessage(error: unknown): string {
  if (error instanceof RangeError) return 'The file is nested too deeply to analyse.';
  return `Analysis failed: ${error instanceof Error ? error.message : String(error)}`;
}

export function analyzeTypeScript(file: string, text: string, ctx: AnalyzeContext, reuse?: ParseReuse): SourceView {
  const view: SourceView = { file, language: languageOfFile(file), text, calls: [], errors: [], comments: [] };
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parse(file, text, reuse);
  } catch (error) {
    view.errors.push({ message: errorMessage(error), span: { file, start: 0, end: 0 } });
    return view;
  }
  try {
    view.errors.push(...parseErrors(sourceFile, file));
    const walk = walkFile(sourceFile, text);
    view.comments = commentLines(sourceFile, text, walk.comments);
    if (mentionsSdkModule(text)) {
      const resolver = new FileResolver(sourceFile, file, text, ctx, walk.identifiers);
      view.calls = collectCalls(resolver, walk.calls, view.language);
    }
  } catch (error) {
    view.errors.push({ message: errorMessage(error), span: { file, start: 0, end: 0 } });
  }
  return view;
}

function parseErrors(sourceFile: ts.SourceFile, file: string): SourceView['errors'] {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diagnostics.slice(0, MAX_ERRORS).map((diagnostic) => ({
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
    span: { file, start: diagnostic.start, end: diagnostic.start + diagnostic.length },
  }));
}

/** What one pass over the tree collects. */
interface FileWalk {
  calls: (ts.CallExpression | ts.NewExpression)[];
  identifiers: Map<string, ts.Identifier[]>;
  comments: ts.CommentRange[];
}

function isTriviaSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029;
}

/**
 * One pass in source order over every node: call expressions, identifiers by name, and comments.
 * Comments sit in the trivia before some token; that trivia starts at a node's `pos`, at a node's `end`, or at
 * a node list's `pos`/`end`, so looking there finds them all without re-scanning the text (a plain scanner
 * would mistake `//` inside regular expressions for comments).
 */
function walkFile(sourceFile: ts.SourceFile, text: string): FileWalk {
  const walk: FileWalk = { calls: [], identifiers: new Map(), comments: [] };
  const commentStarts = new Set<number>();
  const visitedPositions = new Set<number>();
  const add = (found: ts.CommentRange[] | undefined) => {
    for (const range of found ?? []) {
      if (commentStarts.has(range.pos)) continue;
      commentStarts.add(range.pos);
      walk.comments.push(range);
    }
  };
  const collectCommentsAt = (position: number) => {
    let next = position;
    while (next < text.length && isTriviaSpace(text.charCodeAt(next))) next++;
    // Cheap test first: trivia holds a comment only if it reaches a slash.
    if (text.charCodeAt(next) !== 47 || visitedPositions.has(position)) return;
    visitedPositions.add(position);
    // Leading ranges skip comments on the starting line; trailing ranges are exactly those.
    add(ts.getTrailingCommentRanges(text, position));
    add(ts.getLeadingCommentRanges(text, position));
  };
  const stack: ts.Node[] = [sourceFile];
  const children: ts.Node[] = [];
  const pushChild = (child: ts.Node) => {
    children.push(child);
  };
  const pushChildren = (list: ts.NodeArray<ts.Node>) => {
    collectCommentsAt(list.pos);
    collectCommentsAt(list.end);
    for (const child of list) children.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    collectCommentsAt(node.pos);
    collectCommentsAt(node.end);
    if (node.kind === ts.SyntaxKind.Identifier) {
      const name = (node as ts.Identifier).text;
      const list = walk.identifiers.get(name);
      if (list) list.push(node as ts.Identifier);
      else walk.identifiers.set(name, [node as ts.Identifier]);
      continue;
    }
    if (node.kind === ts.SyntaxKind.CallExpression || node.kind === ts.SyntaxKind.NewExpression) walk.calls.push(node as ts.CallExpression | ts.NewExpression);
    children.length = 0;
    ts.forEachChild(node, pushChild, pushChildren);
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]);
  }
  walk.comments.sort((a, b) => a.pos - b.pos);
  return walk;
}

function commentLines(sourceFile: ts.SourceFile, text: string, ranges: readonly ts.CommentRange[]): SourceView['comments'] {
  const comments: SourceView['comments'] = [];
  for (const range of ranges) {
    const line = sourceFile.getLineAndCharacterOfPosition(range.pos).line;
    const raw = text.slice(range.pos, range.end);
    if (range.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      comments.push({ line, text: raw.slice(2).trim() });
      continue;
    }
    const body = raw.slice(2, raw.endsWith('*/') ? -2 : undefined);
    body.split(/\r\n|\r|\n/).forEach((lineText, index) => {
      const cleaned = (index === 0 ? lineText : lineText.replace(/^\s*\*(?!\/)/, '')).trim();
      if (cleaned !== '') comments.push({ line: line + index, text: cleaned });
    });
  }
  return comments;
}

function collectCalls(resolver: FileResolver, callNodes: readonly (ts.CallExpression | ts.NewExpression)[], language: Language): NeutralCall[] {
  const calls: NeutralCall[] = [];
  for (const node of callNodes) {
    // One call whose values cannot be resolved (a stack overflow on a pathological expression) loses only itself.
    let call: NeutralCall | null;
    try {
      call = neutralCall(resolver, node, language);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      call = null;
    }
    if (call) calls.push(call);
  }
  return calls.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
}

function neutralCall(resolver: FileResolver, node: ts.CallExpression | ts.NewExpression, language: Language): NeutralCall | null {
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword || node.expression.kind === ts.SyntaxKind.SuperKeyword) return null;
  const callee = resolver.entityOf(node.expression);
  if (!callee) return null;
  const span: Span = resolver.span(node);
  return {
    language,
    span,
    calleeSpan: resolver.span(node.expression),
    receiver: callee.kind === 'instance' ? callee.instance : null,
    method: callee.kind === 'instance' ? callee.path.join('.') : '',
    symbol: callee.kind === 'module' ? symbolOf(callee) : null,
    args: resolver.argsOf(node),
    isConstructor: ts.isNewExpression(node),
    inLoop: isInLoop(node),
    enclosingFunction: enclosingFunctionName(node),
    returned: isReturned(node),
    loops: enclosingLoops(node),
  };
}

function isReturned(node: ts.Expression): boolean {
  let current: ts.Node = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAwaitExpression(current.parent) || ts.isAsExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  return ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === current);
}

function nameText(name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function classNameOf(cls: ts.Node): string | undefined {
  if (!ts.isClassLike(cls)) return undefined;
  if (cls.name) return cls.name.text;
  const parent = cls.parent;
  return parent && ts.isVariableDeclaration(parent) ? nameText(parent.name) : undefined;
}

function qualified(owner: ts.Node, member: string | undefined): string | undefined {
  if (member === undefined) return undefined;
  const cls = classNameOf(owner);
  return cls ? `${cls}.${member}` : member;
}

/** The innermost named function around `node`: `Class.method`, a function's name, or the variable an arrow is bound to. */
function enclosingFunctionName(node: ts.Node): string | null {
  for (let current = node.parent; current; current = current.parent) {
    if (!ts.isFunctionLike(current)) continue;
    let name: string | undefined;
    if (ts.isFunctionDeclaration(current)) name = nameText(current.name);
    else if (ts.isMethodDeclaration(current) || ts.isGetAccessorDeclaration(current) || ts.isSetAccessorDeclaration(current)) name = qualified(current.parent, nameText(current.name));
    else if (ts.isConstructorDeclaration(current)) name = qualified(current.parent, 'constructor');
    else if (ts.isFunctionExpression(current) || ts.isArrowFunction(current)) {
      name = ts.isFunctionExpression(current) ? nameText(current.name) : undefined;
      const parent = current.parent;
      if (name === undefined && ts.isVariableDeclaration(parent)) name = nameText(parent.name);
      else if (name === undefined && ts.isPropertyDeclaration(parent)) name = qualified(parent.parent, nameText(parent.name));
      else if (name === undefined && ts.isPropertyAssignment(parent)) name = nameText(parent.name);
    }
    if (name !== undefined) return name;
  }
  return null;
}

// ------------------------------------------------------------------ module constants

/** Files whose constants are being computed: an import cycle through them resolves to nothing. */
const constantsInProgress = new Set<string>();

/**
 * The values a module exports: `export const X = ...`, `export { X }` (and re-exports), `export default ...`
 * (key 'default'), and CommonJS `module.exports = {...}` / `exports.X = ...`.
 */
export function typeScriptModuleConstants(file: string, text: string, ctx: AnalyzeContext): Map<string, Value> {
  const constants = new Map<string, Value>();
  if (constantsInProgress.has(file)) return constants;
  constantsInProgress.add(file);
  try {
    const sourceFile = parse(file, text);
    const resolver = new FileResolver(sourceFile, file, text, ctx);
    for (const statement of sourceFile.statements) collectExports(resolver, statement, constants);
  } catch {
    // A module we cannot read exports nothing we can see.
  } finally {
    constantsInProgress.delete(file);
  }
  return constants;
}

function isExported(statement: ts.Statement): boolean {
  return !!ts.canHaveModifiers(statement) && !!ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

/** What importers see of an exported function: `name()` stands for what calling it gives, when that is known. */
function exportFunctionResult(resolver: FileResolver, name: string, fn: ts.FunctionLikeDeclaration, constants: Map<string, Value>): void {
  const result = resolver.functionResultOf(fn);
  if (result) constants.set(`${name}()`, result);
}

function collectExports(resolver: FileResolver, statement: ts.Statement, constants: Map<string, Value>): void {
  if (ts.isVariableStatement(statement) && isExported(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      for (const id of boundIdentifiers(declaration.name)) constants.set(id.text, resolver.valueOf(id));
      const initializer = declaration.initializer && skipParentheses(declaration.initializer);
      if (ts.isIdentifier(declaration.name) && initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) {
        exportFunctionResult(resolver, declaration.name.text, initializer, constants);
      }
    }
    return;
  }
  if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.body) {
    const isDefault = ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
    const name = isDefault ? 'default' : statement.name?.text;
    if (name) exportFunctionResult(resolver, name, statement, constants);
    return;
  }
  if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
    const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    for (const element of statement.exportClause.elements) {
      if (element.isTypeOnly) continue;
      const local = element.propertyName ?? element.name;
      const localName = ts.isIdentifier(local) ? local.text : local.text;
      const value = specifier !== undefined ? resolver.ctx.resolveImport(resolver.file, specifier, localName) : ts.isIdentifier(local) ? resolver.valueOf(local) : undefined;
      if (value) constants.set(element.name.text, value);
      // Only a function (no value of its own) can have a result.
      const result = specifier !== undefined && (!value || value.kind === 'unknown') ? resolver.ctx.resolveImport(resolver.file, specifier, `${localName}()`) : undefined;
      if (result) constants.set(`${element.name.text}()`, result);
      else if (specifier === undefined && ts.isIdentifier(local)) exportLocalFunction(resolver, element.name.text, local, constants);
    }
    return;
  }
  if (ts.isExportAssignment(statement)) {
    constants.set('default', resolver.valueOf(statement.expression));
    return;
  }
  if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    collectCommonJsExport(resolver, statement.expression, constants);
  }
}

/** `module.exports = {...}`, `module.exports.X = ...`, `exports.X = ...`. */
function collectCommonJsExport(resolver: FileResolver, assignment: ts.BinaryExpression, constants: Map<string, Value>): void {
  const target = resolver.nodeText(assignment.left).replace(/\s+/g, '');
  if (target === 'module.exports') {
    const value = resolver.valueOf(assignment.right);
    constants.set('default', value);
    if (value.kind === 'object') for (const entry of value.entries) constants.set(entry.key, entry.value);
    const right = skipParentheses(assignment.right);
    if (ts.isObjectLiteralExpression(right)) {
      for (const property of right.properties) {
        if (ts.isShorthandPropertyAssignment(property)) exportLocalFunction(resolver, property.name.text, property.name, constants);
        else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)) exportLocalFunction(resolver, property.name.text, property.initializer, constants);
      }
    } else exportLocalFunction(resolver, 'default', right, constants);
    return;
  }
  const match = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
  if (match) {
    constants.set(match[1], resolver.valueOf(assignment.right));
    exportLocalFunction(resolver, match[1], assignment.right, constants);
  }
}

/** `module.exports = { build }`, `export { build }`, `exports.build = function () {...}`: the function's result. */
function exportLocalFunction(resolver: FileResolver, name: string, expression: ts.Expression, constants: Map<string, Value>): void {
  const target = skipParentheses(expression);
  const fn = ts.isArrowFunction(target) || ts.isFunctionExpression(target) ? target : resolver.localFunction(target);
  if (fn) exportFunctionResult(resolver, name, fn, constants);
}

function boundIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const identifiers: ts.Identifier[] = [];
  for (const element of name.elements) {
    if (!ts.isOmittedExpression(element)) identifiers.push(...boundIdentifiers(element.name));
  }
  return identifiers;
}

// ------------------------------------------------------------------ module candidates

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
const INDEX_FILES = ['index.ts', 'index.js', 'index.tsx', 'index.jsx', 'index.mjs', 'index.cjs', 'index.mts', 'index.cts'];
/** TS ESM code imports `./x.js` for the source file `x.ts`. */
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

/**
 * Workspace-relative files an import specifier may refer to, most likely first: relative specifiers, and aliases
 * of the nearest tsconfig.json / jsconfig.json `paths` (`@/lib/ai`); [] for packages.
 */
export function typeScriptModuleCandidates(fromFile: string, specifier: string, readFile?: (relPath: string) => string | undefined): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') {
    return readFile ? aliasedCandidates(fromFile, specifier, readFile) : [];
  }
  const directory = posix.dirname(fromFile.replace(/\\/g, '/'));
  const target = posix.normalize(posix.join(directory, specifier)).replace(/^\.\//, '');
  const extension = posix.extname(target);
  if (EMITTED_TO_SOURCE[extension]) {
    const stem = target.slice(0, -extension.length);
    return EMITTED_TO_SOURCE[extension].map((candidate) => stem + candidate);
  }
  if (['.ts', '.tsx', '.mts', '.cts', '.json'].includes(extension)) return [target];
  const base = target === '.' ? '' : target;
  const directoryOnly = base === '' || specifier === '.' || specifier === '..' || specifier.endsWith('/');
  const files = directoryOnly ? [] : [...SOURCE_EXTENSIONS, '.mts', '.cts'].map((candidate) => base + candidate);
  const indexes = INDEX_FILES.map((index) => (base === '' ? index : `${base}/${index}`));
  if (directoryOnly) return indexes;
  return [...files.slice(0, SOURCE_EXTENSIONS.length), ...indexes.slice(0, 2), ...files.slice(SOURCE_EXTENSIONS.length), ...indexes.slice(2)];
}

// ------------------------------------------------------------------ tsconfig path aliases

interface PathAliases {
  /** Workspace-relative directory the alias targets are relative to. */
  base: string;
  paths: [pattern: string, targets: string[]][];
}

const CONFIG_FILES = ['tsconfig.json', 'jsconfig.json'];
/** Parsed configs per reader (one workspace) and directory: imports are resolved many times per scan. */
const aliasesByReader = new WeakMap<(relPath: string) => string | undefined, Map<string, PathAliases | null>>();

function aliasedCandidates(fromFile: string, specifier: string, readFile: (relPath: string) => string | undefined): string[] {
  const aliases = nearestAliases(posix.dirname(fromFile.replace(/\\/g, '/')), readFile);
  if (!aliases) return [];
  for (const [pattern, targets] of aliases.paths) {
    const star = pattern.indexOf('*');
    let rest: string | undefined;
    if (star < 0) rest = pattern === specifier ? '' : undefined;
    else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) && specifier.length >= pattern.length - 1) {
      rest = specifier.slice(star, specifier.length - (pattern.length - star - 1));
    }
    if (rest === undefined) continue;
    const candidates: string[] = [];
    for (const target of targets) {
      const path = posix.normalize(posix.join(aliases.base, target.replace('*', rest)));
      if (path.startsWith('../')) continue;
      // Resolve like a relative import written in the base directory.
      const relative = './' + posix.relative(aliases.base, path);
      candidates.push(...typeScriptModuleCandidates(posix.join(aliases.base, '_'), relative));
    }
    if (candidates.length > 0) return candidates;
  }
  return [];
}

/** The `paths` of the nearest tsconfig.json / jsconfig.json at or above `directory` (no `extends` chains). */
function nearestAliases(directory: string, readFile: (relPath: string) => string | undefined): PathAliases | null {
  let cache = aliasesByReader.get(readFile);
  if (!cache) aliasesByReader.set(readFile, (cache = new Map()));
  const visited: string[] = [];
  let found: PathAliases | null = null;
  for (let dir = directory === '' ? '.' : directory; ; dir = posix.dirname(dir)) {
    const known = cache.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    visited.push(dir);
    const config = CONFIG_FILES.map((name) => readFile(dir === '.' ? name : `${dir}/${name}`)).find((text) => text !== undefined);
    if (config !== undefined) {
      found = parseAliases(dir, config);
      break;
    }
    if (dir === '.' || dir === '/' || dir === '') break;
  }
  for (const dir of visited) cache.set(dir, found);
  return found;
}

function parseAliases(dir: string, text: string): PathAliases | null {
  const parsed = ts.parseConfigFileTextToJson('tsconfig.json', text);
  const options = parsed.config?.compilerOptions;
  const paths = options?.paths;
  if (!paths || typeof paths !== 'object') return null;
  const base = posix.normalize(posix.join(dir, typeof options.baseUrl === 'string' ? options.baseUrl : '.'));
  const entries = Object.entries(paths as Record<string, unknown>)
    .filter((entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].every((target) => typeof target === 'string'))
    // Like tsc: an exact pattern first, then the longest prefix before the `*`.
    .sort((a, b) => prefixLength(b[0]) - prefixLength(a[0]));
  return entries.length > 0 ? { base, paths: entries } : null;
}

function prefixLength(pattern: string): number {
  const star = pattern.indexOf('*');
  return star < 0 ? Number.MAX_SAFE_INTEGER : star;
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression)) expression = expression.expression;
  return expression;
}
