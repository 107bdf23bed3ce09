/**
 * Text edits the rules' fixes share: add an argument or property, replace a string literal's body,
 * turn an Anthropic `system` string into a cached block list, move a list item.
 * Every edit keeps the file's indentation, quote style and line endings, so a fixed file reads as if
 * its author had written it.
 */
import type ts from 'typescript';
import type { CapInsertion, Language, Span, TextEdit } from '../model';
import { lineBreakOf } from '../text';

export type Quote = '"' | "'";

let lastQuoteCount: { text: string; doubles: number; singles: number } | null = null;

/** The quote most string literals in the file use; ties go to the language's usual default. */
export function dominantQuote(text: string, language: Language): Quote {
  // Every fix in a file asks again: counting once per text keeps a file with thousands of calls linear.
  if (lastQuoteCount?.text !== text) {
    lastQuoteCount = { text, doubles: text.match(/"[^"\n]*"/g)?.length ?? 0, singles: text.match(/'[^'\n]*'/g)?.length ?? 0 };
  }
  const { doubles, singles } = lastQuoteCount;
  if (doubles === singles) return language === 'python' ? '"' : "'";
  return doubles > singles ? '"' : "'";
}

/** A string literal's source text for `value` in the file's quote style. */
export function stringLiteral(value: string, quote: Quote): string {
  return quote + value.replace(/\\/g, '\\\\').replace(quote === '"' ? /"/g : /'/g, '\\' + quote).replace(/\n/g, '\\n') + quote;
}

function isPython(language: Language): boolean {
  return language === 'python';
}

/** One top-level item of an argument list or object literal, without surrounding whitespace and comments. */
export interface ListItem {
  start: number;
  end: number;
}

export interface ListShape {
  items: ListItem[];
  /** Offset of the comma after the last item, when the list ends with one. */
  trailingComma: number | null;
}

/**
 * The top-level items between `start` and `end` (exclusive, inside the delimiters). TypeScript and JavaScript
 * lists are read by the TypeScript parser itself (it alone knows a regex literal from a division); Python lists,
 * which have no such ambiguity, by a small lexer that skips strings, nested brackets and comments.
 */
export function listShape(text: string, start: number, end: number, language: Language): ListShape {
  if (language === 'typescript' || language === 'javascript') {
    const parsed = parsedListShape(text, start, end);
    if (parsed) return parsed;
  }
  return lexedListShape(text, start, end, language);
}

/**
 * The TypeScript compiler, required by the first TypeScript list: its 9 MB of source would otherwise stay in the
 * memory of every process that loads the rules, also of a language server whose workspace has no TypeScript.
 */
function typescriptCompiler(): typeof ts {
  return require('typescript') as typeof ts;
}

/**
 * The list parsed as the properties of an object literal, else as the arguments of a call. Only the slice is
 * parsed, so this costs little per fix. Null when neither reading parses cleanly.
 */
function parsedListShape(text: string, start: number, end: number): ListShape | null {
  const ts = typescriptCompiler();
  const inner = text.slice(start, end);
  for (const [open, close] of [['({', '})'], ['f(', ')']] as const) {
    for (const kind of [ts.ScriptKind.TS, ts.ScriptKind.TSX]) {
      const source = ts.createSourceFile('list.ts', `${open}${inner}\n${close}`, ts.ScriptTarget.Latest, true, kind);
      if ((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) continue;
      const statement = source.statements[0];
      if (source.statements.length !== 1 || !statement || !ts.isExpressionStatement(statement)) continue;
      let expression: ts.Expression = statement.expression;
      if (ts.isParenthesizedExpression(expression)) expression = expression.expression;
      const elements = ts.isObjectLiteralExpression(expression) ? expression.properties : ts.isCallExpression(expression) ? expression.arguments : null;
      if (!elements) continue;
      const offset = start - open.length;
      const items = elements.map((element) => ({ start: element.getStart(source) + offset, end: element.end + offset }));
      let trailingComma: number | null = null;
      if (elements.hasTrailingComma && elements.length > 0) {
        const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source.text, undefined, elements[elements.length - 1].end);
        if (scanner.scan() === ts.SyntaxKind.CommaToken) trailingComma = scanner.getTokenStart() + offset;
      }
      return { items, trailingComma };
    }
  }
  return null;
}

/** The fallback lexer (Python, and a list the TypeScript parser rejects). */
function lexedListShape(text: string, start: number, end: number, language: Language): ListShape {
  const python = isPython(language);
  const items: ListItem[] = [];
  let depth = 0;
  let itemStart = -1;
  let itemEnd = -1;
  let lastComma: number | null = null;
  const templateDepths: number[] = [];
  let i = start;
  const markContent = (from: number, to: number) => {
    if (depth === 0 && itemStart < 0) itemStart = from;
    if (depth === 0 || itemStart >= 0) itemEnd = to;
  };
  while (i < end) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (python && ch === '#') {
      while (i < end && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (!python && ch === '/' && text[i + 1] === '/') {
      while (i < end && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (!python && ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      const stringEnd = skipString(text, i, end, python);
      markContent(i, stringEnd);
      i = stringEnd;
      continue;
    }
    if (!python && ch === '}' && templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth) {
      // End of a `${…}` substitution: continue the template literal.
      templateDepths.pop();
      const stringEnd = skipTemplateRest(text, i + 1, end, templateDepths, depth);
      markContent(i, stringEnd);
      i = stringEnd;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') {
      markContent(i, i + 1);
      depth++;
      i++;
      continue;
    }
    if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
      markContent(i, i + 1);
      i++;
      continue;
    }
    if (ch === ',' && depth === 0) {
      if (itemStart >= 0) items.push({ start: itemStart, end: itemEnd });
      lastComma = i;
      itemStart = -1;
      i++;
      continue;
    }
    markContent(i, i + 1);
    i++;
  }
  if (itemStart >= 0) {
    items.push({ start: itemStart, end: itemEnd });
    return { items, trailingComma: null };
  }
  return { items, trailingComma: items.length > 0 ? lastComma : null };

  function skipTemplateRest(source: string, from: number, limit: number, depths: number[], currentDepth: number): number {
    let j = from;
    while (j < limit) {
      if (source[j] === '\\') {
        j += 2;
        continue;
      }
      if (source[j] === '`') return j + 1;
      if (source[j] === '$' && source[j + 1] === '{') {
        depths.push(currentDepth);
        return j + 2;
      }
      j++;
    }
    return limit;
  }

  function skipString(source: string, from: number, limit: number, isPy: boolean): number {
    const quote = source[from];
    if (quote === '`') return skipTemplateRest(source, from + 1, limit, templateDepths, depth);
    const triple = isPy && source.startsWith(quote.repeat(3), from);
    const delimiter = triple ? quote.repeat(3) : quote;
    let j = from + delimiter.length;
    while (j < limit) {
      if (source[j] === '\\') {
        j += 2;
        continue;
      }
      if (source.startsWith(delimiter, j)) return j + delimiter.length;
      if (!triple && (source[j] === '\n' || source[j] === '\r')) return j;
      j++;
    }
    return limit;
  }
}

/** Leading whitespace of the line containing `offset`. */
function indentationAt(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const indentation = /[ \t]*/y;
  indentation.lastIndex = lineStart;
  return indentation.exec(text)![0];
}

/** True when a line break lies in [from, to): the two offsets are on different lines. */
function hasLineBreakBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text[i] === '\n' || text[i] === '\r') return true;
  return false;
}

/** End of the line containing `offset` (the offset of its line break, or of the text end). */
function lineEndAt(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/**
 * Adds `entry` (source text of one argument or property) as the last item of the list between `innerStart`
 * and `innerEnd`. Multi-line lists get a new line indented like the other items, with a trailing comma when
 * the list uses one; single-line lists get `, entry`.
 */
export function appendListItem(text: string, file: string, innerStart: number, innerEnd: number, entry: string, language: Language, padEmpty = ''): TextEdit[] {
  const shape = listShape(text, innerStart, innerEnd, language);
  const lineBreak = lineBreakOf(text);
  if (shape.items.length === 0) {
    return [{ file, start: innerStart, end: innerEnd, newText: padEmpty + entry + padEmpty }];
  }
  const last = shape.items[shape.items.length - 1];
  const multiLine = hasLineBreakBetween(text, innerStart, last.start);
  if (!multiLine) {
    if (shape.trailingComma !== null) return [{ file, start: shape.trailingComma + 1, end: shape.trailingComma + 1, newText: ` ${entry},` }];
    return [{ file, start: last.end, end: last.end, newText: `, ${entry}` }];
  }
  const indent = indentationAt(text, last.start);
  if (shape.trailingComma !== null) {
    const lineEnd = Math.min(lineEndAt(text, shape.trailingComma), innerEnd);
    const closesOnLine = lineEndAt(text, shape.trailingComma) >= innerEnd;
    const at = closesOnLine ? shape.trailingComma + 1 : lineEnd;
    return [{ file, start: at, end: at, newText: `${lineBreak}${indent}${entry},` }];
  }
  const lineEnd = lineEndAt(text, last.end);
  const rest = text.slice(last.end, Math.min(lineEnd, innerEnd));
  if (lineEnd >= innerEnd || rest.trim() === '') {
    return [{ file, start: last.end, end: last.end, newText: `,${lineBreak}${indent}${entry}` }];
  }
  // A comment follows the last item on its line: the comma goes before it, the new item on the next line.
  return [
    { file, start: last.end, end: last.end, newText: ',' },
    { file, start: lineEnd, end: lineEnd, newText: `${lineBreak}${indent}${entry}` },
  ];
}

/**
 * The inside of a container span: an argument list (already exclusive), a `{…}` literal (strip the braces),
 * or a `dict(…)` call standing for a Python dict (strip the call).
 */
function innerOf(text: string, container: Span): { start: number; end: number; kind: 'arguments' | 'braces' | 'call' } {
  const slice = text.slice(container.start, container.end);
  if (slice.startsWith('{') && slice.endsWith('}')) return { start: container.start + 1, end: container.end - 1, kind: 'braces' };
  const call = /^[A-Za-z_][\w.]*\(/.exec(slice);
  if (call && slice.endsWith(')')) return { start: container.start + call[0].length, end: container.end - 1, kind: 'call' };
  return { start: container.start, end: container.end, kind: 'arguments' };
}

/** Source text of `name` = `value` inside a container of the given style. */
function entryText(name: string, valueText: string, style: 'keyword' | 'property', language: Language, quote: Quote): string {
  if (style === 'keyword') return isPython(language) ? `${name}=${valueText}` : `${name}: ${valueText}`;
  return isPython(language) ? `${stringLiteral(name, quote)}: ${valueText}` : `${name}: ${valueText}`;
}

/**
 * Edits that add an output cap of `tokens` where `insertion` says: a keyword argument, a property, or a new
 * nested config (`config={"max_output_tokens": 256}`, `generationConfig: { maxOutputTokens: 256 }`).
 */
export function capInsertionEdits(text: string, file: string, insertion: CapInsertion, tokens: number, language: Language): TextEdit[] {
  if (insertion.style === 'yaml') return yamlCapInsertionEdits(text, file, insertion, tokens);
  const quote = dominantQuote(text, language);
  const python = isPython(language);
  let entry: string;
  let outerStyle: 'keyword' | 'property';
  if (insertion.nestedIn) {
    const { wrapper } = insertion.nestedIn;
    let inner: string;
    if (wrapper === 'call') inner = `${insertion.nestedIn.calleeText ?? 'dict'}(${python ? `${insertion.param}=${tokens}` : `${insertion.param}: ${tokens}`})`;
    else if (wrapper === 'dict' || python) inner = `{${stringLiteral(insertion.param, quote)}: ${tokens}}`;
    else inner = `{ ${insertion.param}: ${tokens} }`;
    entry = entryText(insertion.nestedIn.param, inner, insertion.nestedIn.style, language, quote);
    outerStyle = insertion.nestedIn.style;
  } else {
    entry = entryText(insertion.param, String(tokens), insertion.style, language, quote);
    outerStyle = insertion.style;
  }
  const inner = innerOf(text, insertion.container);
  // `dict(…)` takes keyword arguments even where a dict literal would take a property.
  if (inner.kind === 'call' && outerStyle === 'property' && python) {
    entry = insertion.nestedIn ? `${insertion.nestedIn.param}=${entry.slice(entry.indexOf(':') + 2)}` : `${insertion.param}=${tokens}`;
  }
  return appendListItem(text, file, inner.start, inner.end, entry, language, inner.kind === 'braces' && !python ? ' ' : '');
}

/**
 * Adds `param: tokens` to a YAML mapping (`.prompty` front matter): a new last line of a block mapping,
 * indented like its keys, or a new entry of a flow mapping (`{temperature: 0}`). With `nestedIn`, a new
 * `parameters:` mapping holding the cap goes at the end of the container instead.
 */
export function yamlCapInsertionEdits(text: string, file: string, insertion: CapInsertion, tokens: number): TextEdit[] {
  const { container } = insertion;
  const lineBreak = lineBreakOf(text);
  const entry = `${insertion.param}: ${tokens}`;
  if (text[container.start] === '{') {
    const nested = insertion.nestedIn ? `${insertion.nestedIn.param}: {${entry}}` : entry;
    return appendListItem(text, file, container.start + 1, container.end - 1, nested, 'typescript');
  }
  const indent = indentationAt(text, container.start);
  // Block mappings are indented by the same step at every level; two spaces when the container is at the top.
  const step = indent.length > 0 ? indent : '  ';
  const lines = insertion.nestedIn ? [`${indent}${insertion.nestedIn.param}:`, `${indent}${step}${entry}`] : [`${indent}${entry}`];
  // The mapping's range ends after the line break of its last line, or at the end of its last value.
  let end = container.end;
  while (end > container.start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (text[end - 1] === '\n' || text[end - 1] === '\r') return [{ file, start: end, end, newText: lines.map((line) => line + lineBreak).join('') }];
  const at = lineEndAt(text, end);
  return [{ file, start: at, end: at, newText: lines.map((line) => lineBreak + line).join('') }];
}

/**
 * Replaces the body of a string literal with `body`. `literal` may be the whole literal (quotes and prefixes
 * included) or only its body (what front ends record as a text piece's span): quotes around the span tell.
 */
export function replaceStringBody(text: string, literal: Span, body: string): TextEdit {
  const before = text[literal.start - 1];
  const isBodySpan = (before === '"' || before === "'" || before === '`') && text[literal.end] === before;
  let start = literal.start;
  let end = literal.end;
  let quoteChar = before;
  if (!isBodySpan) {
    const source = text.slice(literal.start, literal.end);
    const prefix = /^[rRbBuUfF]*/.exec(source)![0].length;
    quoteChar = source[prefix];
    const quoteLength = source.startsWith(quoteChar.repeat(3), prefix) && source.length - prefix >= 6 ? 3 : 1;
    start = literal.start + prefix + quoteLength;
    end = literal.end - quoteLength;
  }
  const escaped = quoteChar === '`' ? body.replace(/[`\\]|\$\{/g, (m) => '\\' + m) : body.replace(/\\/g, '\\\\').split(quoteChar).join('\\' + quoteChar);
  return { file: literal.file, start, end, newText: escaped };
}

/**
 * Wraps the expression at `expression` into an Anthropic content block list with a cache breakpoint,
 * keeping the expression's own text (a constant stays a name):
 * Python `[{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}]`,
 * TS `[{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }]`.
 */
export function cachedBlockListEdit(text: string, expression: Span, language: Language): TextEdit {
  const quote = dominantQuote(text, language);
  const source = text.slice(expression.start, expression.end);
  const s = (value: string) => stringLiteral(value, quote);
  const newText = isPython(language)
    ? `[{${s('type')}: ${s('text')}, ${s('text')}: ${source}, ${s('cache_control')}: {${s('type')}: ${s('ephemeral')}}}]`
    : `[{ type: ${s('text')}, text: ${source}, cache_control: { type: ${s('ephemeral')} } }]`;
  return { file: expression.file, start: expression.start, end: expression.end, newText };
}

/** Adds `cache_control` to an existing content block literal (`{"type": "text", "text": …}`). */
export function cacheControlPropertyEdits(text: string, block: Span, language: Language): TextEdit[] {
  const quote = dominantQuote(text, language);
  const s = (value: string) => stringLiteral(value, quote);
  const entry = isPython(language) ? `${s('cache_control')}: {${s('type')}: ${s('ephemeral')}}` : `cache_control: { type: ${s('ephemeral')} }`;
  const inner = innerOf(text, block);
  if (inner.kind !== 'braces') return [];
  return appendListItem(text, block.file, inner.start, inner.end, entry, language, isPython(language) ? '' : ' ');
}

/**
 * Moves list item `moved` after `lastOfRun`, where the items between them keep their order:
 * `A, B1, …, Bk` becomes `B1, …, Bk, A`, reusing the original separators so formatting is kept.
 */
export function moveItemAfter(text: string, file: string, moved: Span, firstOfRun: Span, lastOfRun: Span): TextEdit {
  const separator = text.slice(moved.end, firstOfRun.start);
  const run = text.slice(firstOfRun.start, lastOfRun.end);
  return { file, start: moved.start, end: lastOfRun.end, newText: run + separator + text.slice(moved.start, moved.end) };
}

/** `name` with the routing prefix of `original` kept (`openai/gpt-4o` -> `openai/gpt-4o-mini`, `models/…`). */
export function withRoutePrefix(original: string, name: string): string {
  const slash = original.lastIndexOf('/');
  return slash >= 0 ? original.slice(0, slash + 1) + name : name;
}
