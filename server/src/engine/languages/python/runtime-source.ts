/** What supplies an unresolved Python value at run time: `os.environ["X"]`, `os.getenv("X")`, a parameter, `settings.x`, `request.json()["x"]`. */
import type { Node } from 'web-tree-sitter';
import type { RuntimeSource } from '../../model';
import { expressionSource, isAnalysisLimit, runtimeSourceOfPath } from '../runtime-source';

const MAX_PATH = 12;

/** The text of a plain string literal (no interpolation, no escapes needed for names). */
function stringText(node: Node | null): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  const contents = node.namedChildren.filter((child) => child?.type === 'string_content');
  if (node.namedChildren.some((child) => child?.type === 'interpolation')) return undefined;
  return contents.length === 1 ? contents[0]!.text : contents.length === 0 ? '' : undefined;
}

function firstArgument(call: Node): Node | null {
  const args = call.childForFieldName('arguments');
  const first = args?.namedChild(0) ?? null;
  return first && first.type !== 'keyword_argument' ? first : null;
}

/** The member path an expression reads: `a.b["c"].get("d")` -> a, b, c, d; `request.json()` reads through the call. */
function memberPath(node: Node | null, depth = 0): string[] | undefined {
  if (!node || depth > MAX_PATH) return undefined;
  switch (node.type) {
    case 'identifier':
      return [node.text];
    case 'attribute': {
      const base = memberPath(node.childForFieldName('object'), depth + 1);
      const attribute = node.childForFieldName('attribute')?.text;
      return base && attribute ? [...base, attribute] : undefined;
    }
    case 'subscript': {
      const base = memberPath(node.childForFieldName('value'), depth + 1);
      const key = stringText(node.childForFieldName('subscript'));
      return base && key ? [...base, key] : undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const argumentCount = node.childForFieldName('arguments')?.namedChildCount ?? 0;
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get') {
        const key = stringText(firstArgument(node));
        const base = memberPath(fn.childForFieldName('object'), depth + 1);
        return base && key ? [...base, key] : undefined;
      }
      // `request.json()`, `request.get_json()`: the call hands back the object it names.
      return argumentCount === 0 ? memberPath(fn, depth + 1) : undefined;
    }
    case 'await':
    case 'parenthesized_expression':
      return memberPath(node.namedChild(0), depth + 1);
    default:
      return undefined;
  }
}

function envVariableOf(node: Node): string | undefined {
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const path = memberPath(fn);
    const name = path?.join('.');
    if (name === 'os.getenv' || name === 'getenv' || name === 'os.environ.get' || name === 'environ.get') return stringText(firstArgument(node));
    return undefined;
  }
  const path = memberPath(node);
  if (path && path.length === 3 && path[0] === 'os' && path[1] === 'environ') return path[2];
  if (path && path.length === 2 && path[0] === 'environ') return path[1];
  return undefined;
}

/** The runtime source of a value the analyzer could not resolve; `reason` is the analyzer's. */
export function pythonRuntimeSource(node: Node, reason: string): RuntimeSource | undefined {
  if (isAnalysisLimit(reason)) return undefined;
  const variable = envVariableOf(node);
  if (variable) return { kind: 'env', variable };
  if (reason === 'parameter' && node.type === 'identifier') return { kind: 'parameter', name: node.text };
  const path = memberPath(node);
  return path ? runtimeSourceOfPath(path, node.text) : expressionSource(node.text);
}
