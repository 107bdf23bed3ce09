/**
 * A strict JSON parser that also records where each value and key starts, so config errors can point at
 * `usage.files["src/**"].callsPerDay` on line 7, column 22. No dependency; JSON.parse gives no positions.
 */

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export type JsonPathSegment = string | number;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
  }
}

export interface ParsedJson {
  value: unknown;
  /** Where the value at a path starts (key: `pathKey(segments)`). */
  valueAt(path: JsonPathSegment[]): Position;
  /** Where the key of the member at a path starts (falls back to the value). */
  keyAt(path: JsonPathSegment[]): Position;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `usage.files["src/**"].callsPerDay`, `include[2]`. */
export function formatJsonPath(path: readonly JsonPathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function pathKey(path: readonly JsonPathSegment[]): string {
  return JSON.stringify(path);
}

export function parseJsonWithPositions(text: string): ParsedJson {
  const values = new Map<string, number>();
  const keys = new Map<string, number>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const positionOf = (offset: number): Position => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < offset && k < text.length; k++) {
      if (text[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  };
  const fail = (message: string, offset = i): never => {
    throw new JsonSyntaxError(message, positionOf(offset));
  };
  const describe = (offset: number): string => (offset >= text.length ? 'end of file' : `character ${JSON.stringify(text[offset])}`);

  const skipWhitespace = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    while (true) {
      if (i >= text.length) fail('unterminated string', start);
      const ch = text[i];
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch === '\\') {
        const escape = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (escape !== undefined && escape in simple) {
          out += simple[escape];
          i += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          fail('invalid escape sequence in string');
        }
      } else if (ch.charCodeAt(0) < 0x20) {
        fail('control character in string (use \\n or \\t)');
      } else {
        out += ch;
        i++;
      }
    }
  };

  const parseNumber = (): number => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!match) return fail(`unexpected ${describe(i)}`);
    i += match[0].length;
    return Number(match[0]);
  };

  const parseValue = (path: JsonPathSegment[]): unknown => {
    skipWhitespace();
    values.set(pathKey(path), i);
    const ch = text[i];
    if (ch === '{') return parseObject(path);
    if (ch === '[') return parseArray(path);
    if (ch === '"') return parseString();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return parseNumber();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return fail(`unexpected ${describe(i)}`);
  };

  const parseObject = (path: JsonPathSegment[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    i++;
    skipWhitespace();
    if (text[i] === '}') {
      i++;
      return out;
    }
    while (true) {
      skipWhitespace();
      if (text[i] !== '"') fail(text[i] === '}' ? 'trailing comma before "}"' : `expected a property name in double quotes, found ${describe(i)}`);
      const keyStart = i;
      const key = parseString();
      const memberPath = [...path, key];
      if (Object.prototype.hasOwnProperty.call(out, key)) fail(`duplicate key ${JSON.stringify(key)}`, keyStart);
      keys.set(pathKey(memberPath), keyStart);
      skipWhitespace();
      if (text[i] !== ':') fail(`expected ":" after ${JSON.stringify(key)}, found ${describe(i)}`);
      i++;
      // defineProperty so a key like "__proto__" stays an ordinary own property.
      Object.defineProperty(out, key, { value: parseValue(memberPath), enumerable: true, writable: true, configurable: true });
      skipWhitespace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      fail(`expected "," or "}", found ${describe(i)}`);
    }
  };

  const parseArray = (path: JsonPathSegment[]): unknown[] => {
    const out: unknown[] = [];
    i++;
    skipWhitespace();
    if (text[i] === ']') {
      i++;
      return out;
    }
    while (true) {
      skipWhitespace();
      if (text[i] === ']') fail('trailing comma before "]"');
      out.push(parseValue([...path, out.length]));
      skipWhitespace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      fail(`expected "," or "]", found ${describe(i)}`);
    }
  };

  skipWhitespace();
  if (i >= text.length) fail('the file is empty; expected a JSON object');
  const value = parseValue([]);
  skipWhitespace();
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);

  return {
    value,
    valueAt: (path) => positionOf(values.get(pathKey(path)) ?? 0),
    keyAt: (path) => positionOf(keys.get(pathKey(path)) ?? values.get(pathKey(path)) ?? 0),
  };
}
