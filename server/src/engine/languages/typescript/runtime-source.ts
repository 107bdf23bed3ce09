/** What supplies an unresolved TS/JS value at run time: `process.env.X`, a parameter, `config.model`, `req.body.model`. */
import ts from 'typescript';
import type { RuntimeSource } from '../../model';
import { expressionSource, isAnalysisLimit, runtimeSourceOfPath } from '../runtime-source';
import { envVariable, memberName, skipTransparent } from './syntax';

const MAX_PATH = 12;

/** The member path an expression reads: `req.body["model"]` -> req, body, model; `await req.json()` reads through the call. */
function memberPath(node: ts.Expression, depth = 0): string[] | undefined {
  if (depth > MAX_PATH) return undefined;
  node = skipTransparent(node, true);
  if (ts.isIdentifier(node)) return [node.text];
  if (node.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const name = memberName(node);
    const base = memberPath(node.expression, depth + 1);
    return base && name !== undefined ? [...base, name] : undefined;
  }
  if (ts.isCallExpression(node)) {
    const callee = skipTransparent(node.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
      const base = memberPath(callee.expression, depth + 1);
      return base ? [...base, node.arguments[0].text] : undefined;
    }
    // `req.json()`: the call hands back the object it names.
    return node.arguments.length === 0 ? memberPath(callee, depth + 1) : undefined;
  }
  return undefined;
}

/** The runtime source of a value the resolver could not resolve; `reason` is the resolver's. */
export function typeScriptRuntimeSource(node: ts.Node, reason: string, text: string): RuntimeSource | undefined {
  if (isAnalysisLimit(reason)) return undefined;
  if (!ts.isExpression(node)) return expressionSource(text);
  const variable = envVariable(node);
  if (variable) return { kind: 'env', variable };
  const bare = skipTransparent(node, true);
  if (reason === 'parameter' && ts.isIdentifier(bare)) return { kind: 'parameter', name: bare.text };
  const path = memberPath(node);
  return path ? runtimeSourceOfPath(path, text) : expressionSource(text);
}
