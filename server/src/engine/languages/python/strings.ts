/** Python string literal decoding and text transformations over string pieces. */
import type { StringPiece } from '../../model';

/** Decodes the escapes of a non-raw Python string body. Unknown escapes stay as written, as Python does. */
export function decodePythonEscapes(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[++i];
    switch (next) {
      case '\n':
        break; // line continuation
      case '\r':
        if (body[i + 1] === '\n') i++;
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '\\':
      case "'":
      case '"':
        out += next;
        break;
      case 'x':
      case 'u':
      case 'U': {
        const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + width);
        if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === width) {
          const code = parseInt(hex, 16);
          out += code <= 0x10ffff ? String.fromCodePoint(code) : '\\' + next + hex;
          i += width;
        } else out += '\\' + next;
        break;
      }
      default:
        out += '\\' + next;
    }
  }
  return out;
}

const HOLE = '\u0000';

/**
 * Applies a text transformation (dedent, strip) to a piece list: dynamic pieces are held by a
 * placeholder character so the transformation sees the text as Python would, then split back.
 * Changed text pieces lose `verbatim`, since they no longer match their source.
 */
export function transformPieces(pieces: StringPiece[], transform: (text: string) => string): StringPiece[] {
  const joined = pieces.map((piece) => (piece.kind === 'text' ? piece.text.split(HOLE).join('') : HOLE)).join('');
  const transformed = transform(joined);
  if (transformed === joined) return pieces;
  const chunks = transformed.split(HOLE);
  const dynamics = pieces.filter((piece) => piece.kind === 'dynamic');
  const texts = pieces.filter((piece): piece is Extract<StringPiece, { kind: 'text' }> => piece.kind === 'text');
  const origin = texts[0]?.origin ?? { kind: 'literal' as const };
  const result: StringPiece[] = [];
  chunks.forEach((chunk, index) => {
    if (chunk) result.push({ kind: 'text', text: chunk, verbatim: false, origin, span: texts[0]?.span });
    if (index < dynamics.length) result.push(dynamics[index]);
  });
  return result;
}

/** textwrap.dedent: removes the common leading whitespace of all non-blank lines. */
export function dedent(text: string): string {
  const lines = text.split('\n');
  let common: string | null = null;
  for (const line of lines) {
    if (!line.trim()) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (common === null || !indent.startsWith(common)) {
      let i = 0;
      const base: string = common ?? indent;
      while (i < base.length && i < indent.length && base[i] === indent[i]) i++;
      common = common === null ? indent : base.slice(0, i);
    }
  }
  if (!common) return lines.map((line) => (line.trim() ? line : '')).join('\n');
  const prefix = common;
  return lines.map((line) => (line.trim() ? line.slice(prefix.length) : '')).join('\n');
}

/** inspect.cleandoc: strips leading blank lines, dedents all lines after the first, strips trailing blank lines. */
export function cleandoc(text: string): string {
  const lines = text.replace(/\t/g, '        ').split('\n');
  const rest = dedent(lines.slice(1).join('\n')).split('\n');
  const all = [lines[0].trim(), ...rest];
  while (all.length && !all[0].trim()) all.shift();
  while (all.length && !all[all.length - 1].trim()) all.pop();
  return all.join('\n');
}

/** Python's str.format placeholders: `{}`, `{0}`, `{name}`, `{name!r:>10}`; `{{`/`}}` are literal braces. */
export function splitFormatTemplate(template: string): ({ text: string } | { field: string })[] {
  const out: ({ text: string } | { field: string })[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{' && template[i + 1] === '{') {
      text += '{';
      i++;
    } else if (ch === '}' && template[i + 1] === '}') {
      text += '}';
      i++;
    } else if (ch === '{') {
      const close = template.indexOf('}', i);
      if (close < 0) {
        text += template.slice(i);
        break;
      }
      if (text) out.push({ text });
      text = '';
      out.push({ field: template.slice(i + 1, close).split(/[!:]/)[0].trim() });
      i = close;
    } else text += ch;
  }
  if (text) out.push({ text });
  return out;
}

/** printf-style `%s` / `%(name)s` placeholders; `%%` is a literal percent. */
export function splitPercentTemplate(template: string): ({ text: string } | { field: string })[] {
  const out: ({ text: string } | { field: string })[] = [];
  const pattern = /%(?:\(([^)]*)\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]/g;
  let last = 0;
  let position = 0;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    if (match[0] === '%%') continue;
    if (match.index > last) out.push({ text: template.slice(last, match.index).replace(/%%/g, '%') });
    out.push({ field: match[1] ?? String(position++) });
    last = match.index + match[0].length;
  }
  if (last < template.length) out.push({ text: template.slice(last).replace(/%%/g, '%') });
  return out;
}
