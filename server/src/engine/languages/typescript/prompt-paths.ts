/**
 * Paths of prompt files read by code (`readFileSync(path.join(__dirname, 'prompts', 'x.md'))`): the literal
 * path, joined, and whether it is relative to the file's directory or to the working directory.
 */
import { posix } from 'node:path';
import ts from 'typescript';
import type { FileResolver } from './resolver';
import { normalizePath, skipTransparent } from './syntax';

/** The path a read call's argument names, or undefined when it is not built from literals. */
export function promptFilePath(resolver: FileResolver, node: ts.Expression): { path: string; relativeTo: 'file' | 'root' } | undefined {
  return pathOf(resolver, node, 0);
}

/** A file path built from literals, and what it is relative to. */
function pathOf(resolver: FileResolver, original: ts.Expression, depth: number): { path: string; relativeTo: 'file' | 'root' } | undefined {
  if (depth > 8) return undefined;
  const node = skipTransparent(original, true);
  if (ts.isIdentifier(node)) {
    const declaration = resolver.scopes.lookup(node.text, node);
    if (declaration?.kind === 'variable' && declaration.path.length === 0 && declaration.node.initializer) return pathOf(resolver, declaration.node.initializer, depth + 1);
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL' && node.arguments && node.arguments.length === 2) {
    const relative = resolver.staticText(node.arguments[0]);
    if (relative === undefined || !isImportMetaUrl(node.arguments[1])) return undefined;
    return { path: normalizePath(relative), relativeTo: 'file' };
  }
  if (ts.isCallExpression(node)) {
    const callee = skipTransparent(node.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (name === 'fileURLToPath' && node.arguments[0]) return pathOf(resolver, node.arguments[0], depth + 1);
    if (name === 'join' || name === 'resolve') {
      const [first, ...rest] = node.arguments;
      if (!first) return undefined;
      const base = directoryOf(resolver, first, depth + 1);
      const segments = base ? rest : node.arguments;
      const texts = segments.map((segment) => resolver.staticText(segment));
      if (texts.some((text) => text === undefined)) return undefined;
      return { path: normalizePath(posix.join(...(texts as string[]))), relativeTo: base ?? 'root' };
    }
    return undefined;
  }
  // `__dirname + '/prompts/x.md'` and `${__dirname}/prompts/x.md`
  const [base, rest] =
    ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken
      ? [node.left, node.right]
      : ts.isTemplateExpression(node) && node.head.text === '' && node.templateSpans.length === 1
        ? [node.templateSpans[0].expression, node.templateSpans[0].literal]
        : [undefined, undefined];
  const directory = base && directoryOf(resolver, base, depth + 1);
  if (directory && rest) {
    const relative = ts.isTemplateLiteralToken(rest) ? rest.text : resolver.staticText(rest as ts.Expression);
    return relative === undefined ? undefined : { path: normalizePath(relative.replace(/^[/\\]+/, '')), relativeTo: directory };
  }
  const text = resolver.staticText(node);
  return text === undefined ? undefined : { path: normalizePath(text), relativeTo: 'root' };
}

/** `__dirname`, `import.meta.dirname`, `path.dirname(fileURLToPath(import.meta.url))` -> 'file'; `process.cwd()` -> 'root'. */
function directoryOf(resolver: FileResolver, original: ts.Expression, depth: number): 'file' | 'root' | undefined {
  if (depth > 8) return undefined;
  const node = skipTransparent(original);
  if (ts.isIdentifier(node)) {
    if (node.text === '__dirname') return 'file';
    const declaration = resolver.scopes.lookup(node.text, node);
    if (declaration?.kind === 'variable' && declaration.path.length === 0 && declaration.node.initializer) return directoryOf(resolver, declaration.node.initializer, depth + 1);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'dirname' && ts.isMetaProperty(node.expression)) return 'file';
  if (ts.isCallExpression(node)) {
    const callee = skipTransparent(node.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (name === 'cwd') return 'root';
    if (name === 'dirname' && node.arguments[0]) {
      const argument = skipTransparent(node.arguments[0]);
      if (isImportMetaUrl(argument)) return 'file';
      if (ts.isCallExpression(argument) && argument.arguments[0] && isImportMetaUrl(argument.arguments[0])) return 'file';
      if (ts.isIdentifier(argument) && argument.text === '__filename') return 'file';
      if (ts.isIdentifier(argument)) return directoryOf(resolver, argument, depth + 1) ?? filenameIsThisFile(resolver, argument);
    }
  }
  return undefined;
}

/** `const __filename = fileURLToPath(import.meta.url)` */
function filenameIsThisFile(resolver: FileResolver, node: ts.Identifier): 'file' | undefined {
  const declaration = resolver.scopes.lookup(node.text, node);
  if (declaration?.kind !== 'variable' || !declaration.node.initializer) return undefined;
  const initializer = skipTransparent(declaration.node.initializer);
  if (isImportMetaUrl(initializer)) return 'file';
  if (ts.isCallExpression(initializer) && initializer.arguments[0] && isImportMetaUrl(initializer.arguments[0])) return 'file';
  return undefined;
}

function isImportMetaUrl(node: ts.Expression): boolean {
  const target = skipTransparent(node);
  return ts.isPropertyAccessExpression(target) && target.name.text === 'url' && ts.isMetaProperty(target.expression);
}
