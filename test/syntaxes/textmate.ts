/**
 * Loads the extension's TextMate grammars with vscode-textmate and the Oniguruma WASM, as VS Code does, and
 * tokenizes lines to their scopes. VS Code's own Python, TypeScript and YAML grammars are not available
 * offline, so small host grammars below stand in for them: they have the scopes the real ones give strings
 * (`string.quoted.*`, `string.template.ts`, `meta.fstring.python`), which is all the injection selects on.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type StateStack } from 'vscode-textmate';

/** The repository root, from out/test/syntaxes/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const PLACEHOLDER_INJECTION = 'prompt-cost.placeholders.injection';
export const INJECTED_INTO = ['source.python', 'source.ts', 'source.js', 'source.tsx'];

function pythonHost(): object {
  const stringBody = (name: string, quote: string) => ({ begin: quote, end: `${quote}|$`, name });
  return {
    scopeName: 'source.python',
    patterns: [
      { match: '#.*$', name: 'comment.line.number-sign.python' },
      {
        begin: '([fF])(")',
        end: '"|$',
        beginCaptures: { 1: { name: 'storage.type.string.python' } },
        name: 'meta.fstring.python',
        patterns: [
          { begin: '\\{', end: '\\}', name: 'meta.fstring.expression.python' },
          { match: '[^"{]+', name: 'string.interpolated.python' },
        ],
      },
      { begin: '"""', end: '"""', name: 'string.quoted.docstring.multi.python' },
      stringBody('string.quoted.double.python', '"'),
      stringBody('string.quoted.single.python', "'"),
      { match: '\\{|\\}', name: 'punctuation.definition.dict.begin.python' },
    ],
  };
}

function javaScriptHost(scopeName: string): object {
  const suffix = scopeName.slice('source.'.length);
  return {
    scopeName,
    patterns: [
      { match: '//.*$', name: `comment.line.double-slash.${suffix}` },
      { match: '/(?![/*])(?:[^/\\\\]|\\\\.)+/[gimsuy]*', name: `string.regexp.${suffix}` },
      {
        begin: '`',
        end: '`',
        name: `string.template.${suffix}`,
        patterns: [
          {
            begin: '\\$\\{',
            end: '\\}',
            name: `meta.template.expression.${suffix}`,
            patterns: [{ match: '[A-Za-z_$][\\w$]*', name: `variable.other.readwrite.${suffix}` }],
          },
        ],
      },
      { begin: "'", end: "'|$", name: `string.quoted.single.${suffix}` },
      { begin: '"', end: '"|$', name: `string.quoted.double.${suffix}` },
      { match: '\\{|\\}', name: `punctuation.definition.block.${suffix}` },
    ],
  };
}

function yamlHost(): object {
  return {
    scopeName: 'source.yaml',
    patterns: [
      { match: '#.*$', name: 'comment.line.number-sign.yaml' },
      { match: '^\\s*([\\w-]+)\\s*(:)', captures: { 1: { name: 'entity.name.tag.yaml' }, 2: { name: 'punctuation.separator.key-value.mapping.yaml' } } },
      { match: '\\d+', name: 'constant.numeric.integer.yaml' },
      { match: '\\S.*$', name: 'string.unquoted.plain.out.yaml' },
    ],
  };
}

function grammarFile(name: string): string {
  return readFileSync(path.join(REPO_ROOT, 'syntaxes', name), 'utf8');
}

let registry: Registry | undefined;

export async function textMateRegistry(): Promise<Registry> {
  if (registry) return registry;
  const wasm = readFileSync(path.join(REPO_ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const hosts: Record<string, object> = {
    'source.python': pythonHost(),
    'source.ts': javaScriptHost('source.ts'),
    'source.js': javaScriptHost('source.js'),
    'source.tsx': javaScriptHost('source.tsx'),
    'source.yaml': yamlHost(),
  };
  registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    async loadGrammar(scopeName) {
      if (scopeName === 'source.prompty') return parseRawGrammar(grammarFile('prompty.tmLanguage.json'), 'prompty.tmLanguage.json');
      if (scopeName === PLACEHOLDER_INJECTION) return parseRawGrammar(grammarFile('prompt-placeholders.injection.json'), 'prompt-placeholders.injection.json');
      const host = hosts[scopeName];
      return host ? parseRawGrammar(JSON.stringify(host), `${scopeName}.json`) : null;
    },
    // What package.json's `injectTo` tells VS Code.
    getInjections: (scopeName) => (INJECTED_INTO.includes(scopeName) ? [PLACEHOLDER_INJECTION] : undefined),
  });
  return registry;
}

export async function loadGrammar(scopeName: string): Promise<IGrammar> {
  const grammar = await (await textMateRegistry()).loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  return grammar;
}

export interface Token {
  text: string;
  scopes: string[];
}

/** Tokens of each line of `text`, the rule stack carried from line to line. */
export function tokenize(grammar: IGrammar, text: string): Token[][] {
  let state: StateStack = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  });
}

/** The scopes of the first token whose text is `text` on the line, for assertions. */
export function scopesOf(line: Token[], text: string): string[] {
  const token = line.find((t) => t.text === text);
  if (!token) throw new Error(`no token ${JSON.stringify(text)} in ${JSON.stringify(line.map((t) => t.text))}`);
  return token.scopes;
}
