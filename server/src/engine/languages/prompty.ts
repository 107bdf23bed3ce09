/**
 * Front end for Prompty files (`.prompty`): YAML front matter between `---` lines, parsed with the `yaml`
 * package keeping node ranges so every value maps back to the file, then a Jinja-style template split into
 * messages by role marker lines (`system:`, `user:`, `assistant:`). Template text is static and verbatim
 * (fixes edit it in place); `{{ placeholders }}` and `{% blocks %}` are dynamic.
 */
import { isMap, isPair, isScalar, parseDocument, type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { PromptPart, Role, SourceView, Span, StringPiece } from '../model';

/** A scalar of the front matter with where it sits. */
export interface PromptyScalar {
  /** The value as YAML reads it (a string for text, a number for numbers). */
  value: unknown;
  /** The key it was found under (`azure_deployment`, `max_tokens`). */
  key: string;
  /** The scalar's text in the file: the body between the quotes for quoted scalars. */
  span: Span;
  /** True when `span` holds the value character for character (plain or quoted without escapes), so a fix may replace it. */
  editable: boolean;
}

/** Where a cap goes in the front matter: the mapping to add `max_tokens` to, and whether `parameters:` must be created first. */
export interface PromptyCapTarget {
  /** The `model.parameters` mapping, or the `model` mapping when there is no `parameters` key. */
  container: Span;
  createParameters: boolean;
}

export interface PromptyDocument {
  file: string;
  /** The `model` key (what hover, inline cost and call-level findings point at), or the start of the file. */
  modelKeySpan: Span;
  /** From the `model` key to the end of its value, or the front matter when there is no `model` key. */
  modelSpan: Span;
  /** `model.api`: `chat` (default) or `completion`. */
  api: string;
  /** `model.configuration.type`, or null when absent. */
  configurationType: string | null;
  /** The model or deployment name: `configuration.azure_deployment`, then `name`, then `model`. */
  modelName: PromptyScalar | null;
  /** `model.parameters.max_tokens` (or `max_completion_tokens` / `max_output_tokens`). */
  cap: PromptyScalar | null;
  /** Null when the front matter has no `model` mapping to add a cap to. */
  capTarget: PromptyCapTarget | null;
  /** `parameters.response_format` is set. */
  structuredOutput: boolean;
  /** `parameters.stream: true`. */
  streaming: boolean;
  parts: PromptPart[];
  errors: { message: string; span: Span }[];
  comments: { line: number; text: string }[];
}

const CAP_KEYS = ['max_tokens', 'max_completion_tokens', 'max_output_tokens'];
const MODEL_NAME_KEYS = ['azure_deployment', 'name', 'model', 'deployment'];
/** A role marker on a line of its own, as Prompty's parser reads it (`system:`, `# user:`). */
const ROLE_MARKER = /^[ \t]*#?[ \t]*(system|user|assistant|developer|function|tool)[ \t]*:[ \t]*$/i;
/** Jinja tags: `{{ expression }}`, `{% statement %}`, `{# comment #}`. */
const TEMPLATE_TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;
/** Block tags that close or continue a block add no text of their own. */
// `elif` takes the rest itself: `[\s\S]*` followed by `\s*` backtracked quadratically on long whitespace.
const CLOSING_TAG = /^\{%-?\s*(?:(?:end\w*|else)\s*-?|elif\b[\s\S]*)%\}$/;

function lineBreakLength(text: string, at: number): number {
  if (text[at] === '\r' && text[at + 1] === '\n') return 2;
  return text[at] === '\n' || text[at] === '\r' ? 1 : 0;
}

/** The lines of `text` from `start`: [lineStart, contentEnd, nextLineStart). */
function linesFrom(text: string, start: number, end: number): { start: number; end: number; next: number }[] {
  const lines: { start: number; end: number; next: number }[] = [];
  let i = start;
  while (i < end) {
    let j = i;
    while (j < end && text[j] !== '\n' && text[j] !== '\r') j++;
    const next = j + lineBreakLength(text, j);
    lines.push({ start: i, end: j, next: next === j ? end : next });
    i = next === j ? end : next;
  }
  return lines;
}

function lineNumberAt(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
  return line;
}

interface FrontMatter {
  /** Offsets of the YAML text (between the `---` lines). */
  start: number;
  end: number;
  /** Where the template starts (after the closing `---` line). */
  bodyStart: number;
}

/** The front matter between a first line `---` and the next line `---`, or null when the file has none. */
function frontMatterOf(text: string): FrontMatter | { unclosed: true; start: number } | null {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lines = linesFrom(text, bom, text.length);
  if (lines.length === 0 || text.slice(lines[0].start, lines[0].end).trimEnd() !== '---') return null;
  for (let i = 1; i < lines.length; i++) {
    if (text.slice(lines[i].start, lines[i].end).trimEnd() === '---') {
      return { start: lines[1].start, end: lines[i].start, bodyStart: lines[i].next };
    }
  }
  return { unclosed: true, start: lines[0].start };
}

function pairOf(map: unknown, key: string): Pair<Scalar, YamlNode | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap<Scalar, YamlNode | null>).items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
}

function scalarOf(map: unknown, keys: readonly string[], text: string, file: string, offset: number): PromptyScalar | null {
  for (const key of keys) {
    const pair = pairOf(map, key);
    if (!pair || !isScalar(pair.value) || !pair.value.range) continue;
    const node = pair.value;
    const [start, valueEnd] = node.range!;
    const source = text.slice(offset + start, offset + valueEnd);
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const bodyStart = quoted ? start + 1 : start;
    const bodyEnd = quoted ? valueEnd - 1 : valueEnd;
    const body = quoted ? source.slice(1, -1) : source;
    const editable = (node.type === 'PLAIN' || quoted) && typeof node.value === 'string' && body === node.value;
    return { value: node.value, key, span: { file, start: offset + bodyStart, end: offset + bodyEnd }, editable };
  }
  return null;
}

function spanOfNode(node: YamlNode | null | undefined, file: string, offset: number): Span | null {
  if (!node || !node.range) return null;
  return { file, start: offset + node.range[0], end: offset + node.range[1] };
}

/** Splits the text of one message, [start, end), into static text pieces and dynamic template tags. */
export function templatePieces(text: string, start: number, end: number, file: string): StringPiece[] {
  const pieces: StringPiece[] = [];
  const pushText = (from: number, to: number) => {
    if (to > from) pieces.push({ kind: 'text', text: text.slice(from, to), span: { file, start: from, end: to }, verbatim: true, origin: { kind: 'literal' } });
  };
  const segment = text.slice(start, end);
  let cursor = start;
  TEMPLATE_TAG.lastIndex = 0;
  for (let match = TEMPLATE_TAG.exec(segment); match; match = TEMPLATE_TAG.exec(segment)) {
    const tagStart = start + match.index;
    const tagEnd = tagStart + match[0].length;
    pushText(cursor, tagStart);
    cursor = tagEnd;
    const tag = match[0];
    if (tag.startsWith('{#') || CLOSING_TAG.test(tag)) continue; // comments and block ends send no text
    const expression = tag.startsWith('{{') ? tag.slice(2, -2).replace(/^-|-$/g, '').trim() : tag;
    pieces.push({ kind: 'dynamic', expression, span: { file, start: tagStart, end: tagEnd } });
  }
  pushText(cursor, end);
  return pieces;
}

function roleOf(marker: string): Role {
  const name = marker.toLowerCase();
  if (name === 'function' || name === 'tool') return 'tool';
  return name as Role;
}

/** The template split into messages at role marker lines; text before the first marker is the system message. */
function templateParts(text: string, bodyStart: number, file: string): PromptPart[] {
  const segments: { role: Role; start: number; end: number }[] = [];
  let current: { role: Role; start: number } = { role: 'system', start: bodyStart };
  for (const line of linesFrom(text, bodyStart, text.length)) {
    const marker = ROLE_MARKER.exec(text.slice(line.start, line.end));
    if (!marker) continue;
    segments.push({ ...current, end: line.start });
    current = { role: roleOf(marker[1]), start: line.next };
  }
  segments.push({ ...current, end: text.length });
  const parts: PromptPart[] = [];
  for (const segment of segments) {
    // Prompty trims each message: leading and trailing whitespace is not sent.
    let { start, end } = segment;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    const pieces = templatePieces(text, start, end, file);
    if (pieces.length === 0) continue;
    parts.push({ role: segment.role, pieces, span: { file, start, end }, messageIndex: parts.length, cached: false });
  }
  return parts;
}

function commentsOf(text: string, frontMatter: FrontMatter | null): { line: number; text: string }[] {
  const comments: { line: number; text: string }[] = [];
  if (frontMatter) {
    let line = lineNumberAt(text, frontMatter.start);
    for (const range of linesFrom(text, frontMatter.start, frontMatter.end)) {
      const match = /^[ \t]*#(.*)$/.exec(text.slice(range.start, range.end));
      if (match) comments.push({ line, text: match[1].trim() });
      line++;
    }
  }
  const bodyStart = frontMatter?.bodyStart ?? 0;
  const jinjaComment = /\{#([\s\S]*?)#\}/g;
  const body = text.slice(bodyStart);
  for (let match = jinjaComment.exec(body); match; match = jinjaComment.exec(body)) {
    comments.push({ line: lineNumberAt(text, bodyStart + match.index), text: match[1].trim() });
  }
  return comments;
}

let lastParsed: { file: string; text: string; document: PromptyDocument } | undefined;

/** Parses a `.prompty` file. Never throws: YAML errors land in `errors`, the template is still read. */
export function parsePrompty(file: string, text: string): PromptyDocument {
  if (lastParsed && lastParsed.file === file && lastParsed.text === text) return lastParsed.document;
  const document = parse(file, text);
  lastParsed = { file, text, document };
  return document;
}

function parse(file: string, text: string): PromptyDocument {
  const fileStart: Span = { file, start: 0, end: 0 };
  const result: PromptyDocument = {
    file,
    modelKeySpan: fileStart,
    modelSpan: fileStart,
    api: 'chat',
    configurationType: null,
    modelName: null,
    cap: null,
    capTarget: null,
    structuredOutput: false,
    streaming: false,
    parts: [],
    errors: [],
    comments: [],
  };
  const found = frontMatterOf(text);
  if (found && 'unclosed' in found) {
    result.errors.push({ message: 'front matter is not closed: no line `---` after the opening one', span: { file, start: found.start, end: found.start + 3 } });
    return result;
  }
  const frontMatter = found;
  result.comments = commentsOf(text, frontMatter);
  if (frontMatter) {
    const offset = frontMatter.start;
    result.modelKeySpan = { file, start: offset, end: offset };
    result.modelSpan = { file, start: offset, end: frontMatter.end };
    let yaml: Document.Parsed;
    try {
      yaml = parseDocument(text.slice(frontMatter.start, frontMatter.end), { keepSourceTokens: true, prettyErrors: false });
    } catch (error) {
      result.errors.push({ message: `front matter: ${error instanceof Error ? error.message : String(error)}`, span: result.modelSpan });
      yaml = parseDocument('');
    }
    for (const error of yaml.errors) {
      result.errors.push({ message: `front matter: ${error.message.split('\n')[0]}`, span: { file, start: offset + error.pos[0], end: offset + error.pos[1] } });
    }
    readModel(result, yaml, text, file, offset);
  }
  result.parts = templateParts(text, frontMatter?.bodyStart ?? (text.charCodeAt(0) === 0xfeff ? 1 : 0), file);
  return result;
}

function readModel(result: PromptyDocument, yaml: Document.Parsed, text: string, file: string, offset: number): void {
  const modelPair = pairOf(yaml.contents, 'model');
  if (!modelPair) return;
  const keySpan = spanOfNode(modelPair.key, file, offset);
  if (keySpan) {
    result.modelKeySpan = keySpan;
    result.modelSpan = { file, start: keySpan.start, end: spanOfNode(modelPair.value, file, offset)?.end ?? keySpan.end };
  }
  const model = modelPair.value;
  if (!isMap(model)) return;
  const api = pairOf(model, 'api');
  if (api && isScalar(api.value) && typeof api.value.value === 'string') result.api = api.value.value;
  const configuration = pairOf(model, 'configuration')?.value;
  const type = pairOf(configuration, 'type');
  if (type && isScalar(type.value) && typeof type.value.value === 'string') result.configurationType = type.value.value;
  result.modelName = scalarOf(configuration, MODEL_NAME_KEYS, text, file, offset);
  const parametersPair = pairOf(model, 'parameters');
  const parameters = parametersPair?.value;
  result.cap = scalarOf(parameters, CAP_KEYS, text, file, offset);
  result.structuredOutput = !!pairOf(parameters, 'response_format');
  const stream = pairOf(parameters, 'stream');
  result.streaming = !!stream && isScalar(stream.value) && stream.value.value === true;
  if (isMap(parameters)) {
    const container = spanOfNode(parameters, file, offset);
    if (container) result.capTarget = { container, createParameters: false };
  } else if (!parametersPair || parametersPair.value === null) {
    // `parameters:` missing: the cap goes in a new `parameters` mapping of `model`. (An empty `parameters:`
    // would be a second key: leave that case without a fix.)
    const container = !parametersPair ? spanOfNode(model, file, offset) : null;
    if (container) result.capTarget = { container, createParameters: true };
  }
}

/** The neutral view of a `.prompty` file: no code calls; the file itself is one call (see providers/prompty.ts). */
export function analyzePrompty(file: string, text: string): SourceView {
  const document = parsePrompty(file, text);
  return { file, language: 'prompty', text, calls: [], errors: document.errors, comments: document.comments };
}
