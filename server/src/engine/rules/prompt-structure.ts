/**
 * Structured regions inside prompt text: JSON, YAML, CSV/TSV, markdown tables, HTML/XML, fenced or indented
 * code and lists of records. They are data, not phrasing: rules that rewrite prose (verbose-phrasing) must
 * neither look for repeated sentences nor edit inside them; only a rule made for the format may edit them.
 * Pure text in, offsets out: every rule can call it on the joined text of a part.
 */

export type StructureKind = 'json' | 'yaml' | 'csv' | 'tsv' | 'table' | 'markup' | 'code' | 'records';

export interface StructuredRegion {
  kind: StructureKind;
  /** Offsets into the text: [start, end). `end` stops before the line break that closes the region. */
  start: number;
  end: number;
}

interface Line {
  start: number;
  /** Offset of the line break (or the end of the text). */
  end: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      const end = i > start && text[i - 1] === '\r' ? i - 1 : i;
      lines.push({ start, end, text: text.slice(start, end) });
      start = i + 1;
    }
  }
  return lines;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlankLine = (line: string) => line.trim() === '';

/**
 * The offset just past the bracket that closes the one at `open` (`{` or `[`), reading JSON strings as strings;
 * -1 when it never closes or the brackets do not match.
 */
export function matchingBracket(text: string, open: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

/** `"key": value` — a JSON member, the mark of JSON (or a JSON template with placeholders) over prose in braces. */
const JSON_MEMBER = /"[^"\n]{1,80}"\s*:/;
const JSON_MEMBER_LINE = /^\s*"[^"\n]{1,80}"\s*:\s*\S/;

/**
 * Every bracket pair of the text, open offset -> offset past its close, in one pass: a stack of open brackets,
 * JSON strings read as strings while inside one, and the stack dropped at a closer that does not match (prose).
 */
function bracketPairs(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const stack: { at: number; close: string }[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"' || ch === '\n') inString = false;
      continue;
    }
    if (ch === '"' && stack.length > 0) inString = true;
    else if (ch === '{' || ch === '[') stack.push({ at: i, close: ch === '{' ? '}' : ']' });
    else if (ch === '}' || ch === ']') {
      const open = stack.pop();
      if (open && open.close === ch) pairs.set(open.at, i + 1);
      else stack.length = 0;
    }
  }
  return pairs;
}

/** Balanced `{…}` / `[…]` spans holding a JSON member, or parsing as JSON; also runs of member lines whose braces are elsewhere. */
function jsonRegions(text: string, lines: readonly Line[]): StructuredRegion[] {
  const regions: StructuredRegion[] = [];
  const pairs = bracketPairs(text);
  let coveredUntil = 0;
  for (const [open, end] of [...pairs].sort((a, b) => a[0] - b[0])) {
    if (open < coveredUntil || end <= open + 1) continue;
    const body = text.slice(open, end);
    const arrayOfValues = text[open] === '[' && /^\[\s*(?:"|-?\d|true|false|null|\{|\[)/.test(body) && parsesAsJson(body);
    if (JSON_MEMBER.test(body) || arrayOfValues) {
      regions.push({ kind: 'json', start: open, end });
      coveredUntil = end;
    }
  }
  // Member lines of records whose opening or closing brace is outside the static text (`{DATA}` around them).
  let run: Line[] = [];
  const flush = () => {
    if (run.length >= 2) regions.push({ kind: 'json', start: run[0].start, end: run[run.length - 1].end });
    run = [];
  };
  for (const line of lines) {
    if (JSON_MEMBER_LINE.test(line.text) || (run.length > 0 && /^\s*[{}[\]],?\s*$/.test(line.text))) run.push(line);
    else flush();
  }
  flush();
  return regions;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Runs of at least `min` consecutive lines that `test` accepts, as one region each. */
function lineRuns(lines: readonly Line[], kind: StructureKind, min: number, test: (line: Line, index: number) => boolean): StructuredRegion[] {
  const regions: StructuredRegion[] = [];
  let first = -1;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && test(lines[i], i)) {
      if (first < 0) first = i;
      continue;
    }
    if (first >= 0 && i - first >= min) regions.push({ kind, start: lines[first].start, end: lines[i - 1].end });
    first = -1;
  }
  return regions;
}

/** Fenced code (``` or ~~~) up to its closing fence, or the end of the text. */
function fencedRegions(lines: readonly Line[], text: string): StructuredRegion[] {
  const regions: StructuredRegion[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^\s*(`{3,}|~{3,})/.exec(lines[i].text);
    if (!fence) continue;
    let j = i + 1;
    while (j < lines.length && !lines[j].text.trimStart().startsWith(fence[1])) j++;
    const last = Math.min(j, lines.length - 1);
    regions.push({ kind: 'code', start: lines[i].start, end: j < lines.length ? lines[last].end : text.length });
    i = last;
  }
  return regions;
}

/** A line that is one YAML mapping entry or list item of one: `key: value`, `key:`, `- key: value` (keys without spaces). */
const YAML_LINE = /^\s*(?:- )?[A-Za-z_][\w.-]{0,60}:(?:\s+\S|\s*$)/;
/** A record written on one line: two or more `key: value` / `key=value` pairs. */
const RECORD_PAIR = /(?:^|[\s,;|(])[A-Za-z_][\w.-]{0,40}\s*[:=]\s*[^\s,;|]/g;
/** A line of markup: it starts with a tag, or is a whole element. */
const MARKUP_LINE = /^\s*<\/?[A-Za-z!?][^>]*>/;
const LIST_MARKER = /^\s*(?:[-*\u2022+]|\d{1,3}[.)])\s/;

/** Delimiters on a line outside double-quoted fields (`1,"paid, shipped",ok` has two commas). */
function countOf(line: string, ch: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) count++;
  }
  return count;
}

/** Delimited rows: 3+ consecutive lines with the same number (2+) of commas, or 2+ lines with the same number (1+) of tabs. */
function delimitedRegions(lines: readonly Line[], kind: 'csv' | 'tsv'): StructuredRegion[] {
  const delimiter = kind === 'csv' ? ',' : '\t';
  const minDelimiters = kind === 'csv' ? 2 : 1;
  const minLines = kind === 'csv' ? 3 : 2;
  const regions: StructuredRegion[] = [];
  let first = 0;
  for (let i = 1; i <= lines.length; i++) {
    const count = (index: number) => countOf(kind === 'tsv' ? lines[index].text.trim() : lines[index].text, delimiter);
    const same = i < lines.length && count(i) >= minDelimiters && count(i) === count(first);
    if (same) continue;
    // Prose lines rarely share a comma count AND end without sentence punctuation on every line.
    const run = lines.slice(first, i);
    const rowLike = kind === 'tsv' || run.filter((line) => /[.!?:]\s*$/.test(line.text)).length <= run.length / 3;
    if (i - first >= minLines && count(first) >= minDelimiters && rowLike) regions.push({ kind, start: lines[first].start, end: lines[i - 1].end });
    first = i;
  }
  return regions;
}

/** Code indented beyond the text's own indentation, after a blank line or a line ending in `:`, that is not a list. */
function indentedCodeRegions(lines: readonly Line[]): StructuredRegion[] {
  const indents = lines.slice(1).filter((line) => !isBlankLine(line.text)).map((line) => indentOf(line.text));
  const base = indents.reduce((least, indent) => Math.min(least, indent), indents.length > 0 ? Infinity : 0);
  const regions: StructuredRegion[] = [];
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1].text;
    if (!(isBlankLine(previous) || /:\s*$/.test(previous))) continue;
    let j = i;
    while (j < lines.length && !isBlankLine(lines[j].text) && indentOf(lines[j].text) >= base + 4 && !LIST_MARKER.test(lines[j].text)) j++;
    const block = lines.slice(i, j);
    // Code has code punctuation; an indented paragraph of prose does not.
    if (block.length >= 2 && block.some((line) => /[=;{}()]|^\s*(?:def|class|return|import|function|const|let|var|if|for)\b/.test(line.text))) {
      regions.push({ kind: 'code', start: lines[i].start, end: lines[j - 1].end });
    }
    // The lines just read start no other block (one pass over the text, whatever its shape).
    i = Math.max(i, j - 1);
  }
  return regions;
}

/** Every structured region of `text`, sorted by start, overlapping regions merged (the first kind wins). */
export function structuredRegions(text: string): StructuredRegion[] {
  const cached = recent.get(text);
  if (cached) return cached;
  const lines = splitLines(text);
  const found: StructuredRegion[] = [
    ...fencedRegions(lines, text),
    ...jsonRegions(text, lines),
    // JSON Lines: one object a line (its commas would otherwise read as CSV).
    ...lineRuns(lines, 'json', 2, (line) => /^\s*\{.*\}\s*,?\s*$/.test(line.text) && JSON_MEMBER.test(line.text)),
    ...lineRuns(lines, 'table', 2, (line) => /^\s*\|.*\|\s*$/.test(line.text)),
    ...delimitedRegions(lines, 'tsv'),
    ...delimitedRegions(lines, 'csv'),
    ...lineRuns(lines, 'markup', 1, (line) => MARKUP_LINE.test(line.text) && /<\/[A-Za-z][^>]*>\s*$|\/>\s*$/.test(line.text)),
    ...lineRuns(lines, 'markup', 2, (line) => MARKUP_LINE.test(line.text) || (/>\s*$/.test(line.text) && /<\/?[A-Za-z]/.test(line.text))),
    ...lineRuns(lines, 'records', 2, (line) => (line.text.match(RECORD_PAIR)?.length ?? 0) >= 2),
    ...lineRuns(lines, 'yaml', 2, (line, index) => YAML_LINE.test(line.text) && yamlContext(lines, index)),
    ...indentedCodeRegions(lines),
  ];
  // A stable sort: for the same extent, the kind listed first (JSON before CSV) names the region.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: StructuredRegion[] = [];
  for (const region of found) {
    const last = merged[merged.length - 1];
    if (last && region.start < last.end) last.end = Math.max(last.end, region.end);
    else merged.push({ ...region });
  }
  remember(text, merged);
  return merged;
}

/**
 * A YAML line counts when a neighbour is one too and the pair looks like a mapping, not two labelled prose
 * lines ("Note: …"): an entry with an empty value opening an indented block, a list item, or snake/camel keys.
 */
function yamlContext(lines: readonly Line[], index: number): boolean {
  const key = (text: string) => /^\s*(?:- )?([A-Za-z_][\w.-]*):/.exec(text)?.[1] ?? '';
  const machineKey = (text: string) => /[_.]|[a-z][A-Z]|^[a-z]+$/.test(key(text));
  const neighbours = [lines[index - 1], lines[index + 1]].filter((line): line is Line => !!line && YAML_LINE.test(line.text));
  if (neighbours.length === 0) return false;
  const line = lines[index].text;
  if (/^\s*- /.test(line) || neighbours.some((n) => indentOf(n.text) !== indentOf(line))) return true;
  return machineKey(line) && neighbours.some((n) => machineKey(n.text));
}

/** True when [start, end) overlaps a region. */
export function overlapsRegion(regions: readonly StructuredRegion[], start: number, end: number): boolean {
  return regions.some((region) => start < region.end && region.start < Math.max(end, start + 1));
}

/** The region holding [start, end) entirely, if any. */
export function regionHolding(regions: readonly StructuredRegion[], start: number, end: number): StructuredRegion | undefined {
  return regions.find((region) => region.start <= start && end <= region.end);
}

/** Recent answers: every rule asks about the same prompt texts on each re-analysis. */
const recent = new Map<string, StructuredRegion[]>();
const RECENT_MAX = 500;

function remember(text: string, regions: StructuredRegion[]): void {
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(text, regions);
}

/** JSON text with the whitespace between tokens removed (strings untouched): the same value, fewer tokens. */
export function minifyJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (!/\s/.test(ch)) {
      out += ch;
    }
  }
  return out;
}

/** The parsed value of a JSON text, or undefined when it does not parse. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** True when JSON text spreads over lines with indentation (what `indent=2` / `JSON.stringify(x, null, 2)` write). */
export function isIndentedJson(text: string): boolean {
  return /\n[ \t]+["{[\]}\d-]/.test(text);
}

/** Minified JSON longer than this is written one top-level element a line: a long dense line reads as minified code. */
const ONE_LINE_MAX = 200;

/**
 * Compact JSON that stays readable in source: minified, and when long, one top-level element (record) a line
 * without indentation. The same value either way.
 */
export function compactJson(text: string): string {
  const minified = minifyJson(text);
  if (minified.length <= ONE_LINE_MAX) return minified;
  let out = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < minified.length; i++) {
    const ch = minified[i];
    if (inString) {
      out += ch;
      if (ch === '\\') out += minified[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    if ((ch === '}' || ch === ']') && --depth === 0) out += '\n';
    out += ch;
    if (ch === '{' || ch === '[') {
      if (depth++ === 0) out += '\n';
    } else if (ch === ',' && depth === 1) out += '\n';
  }
  return out;
}
