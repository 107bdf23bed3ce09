import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { typeScriptModuleCandidates, typeScriptModuleConstants } from '../../server/src/engine/languages/typescript';
import type { Value } from '../../server/src/engine/model';
import { shape, stubContext } from './typescript-helpers';

function texts(constants: Map<string, Value>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of constants) result[name] = value.kind === 'string' ? shape(value).join('') : value.kind;
  return result;
}

describe('typeScriptModuleConstants', () => {
  test('exported consts, export lists, re-exports and the default export; private consts stay private', () => {
    const text = [
      `const PRIVATE = 'hidden';`,
      `export const SYSTEM = \`You are terse. \${PRIVATE}\`;`,
      `export const MODEL = 'gpt-4o-mini', MAX = 400;`,
      `export const { A, B } = { A: 'a', B: 'b' };`,
      `const LOCAL = 'local';`,
      `export { LOCAL, LOCAL as RENAMED };`,
      `export { SHARED } from './shared';`,
      `export type Kind = 'x';`,
      `export default { greeting: 'hello' };`,
    ].join('\n');
    const shared: Value = { kind: 'string', pieces: [], span: { file: 'src/shared.ts', start: 0, end: 2 } };
    const { ctx, importRequests } = stubContext({ './shared#SHARED': shared });
    const constants = typeScriptModuleConstants('src/prompts.ts', text, ctx);
    assert.deepEqual(texts(constants), {
      SYSTEM: 'You are terse. hidden',
      MODEL: 'gpt-4o-mini',
      MAX: 'number',
      A: 'a',
      B: 'b',
      LOCAL: 'local',
      RENAMED: 'local',
      SHARED: '',
      default: 'object',
    });
    assert.deepEqual(importRequests, ['src/prompts.ts|./shared|SHARED']);
    const system = constants.get('SYSTEM');
    assert.ok(system && system.kind === 'string');
    const [first] = system.pieces;
    assert.ok(first.kind === 'text');
    assert.deepEqual(first.origin, { kind: 'constant', name: 'SYSTEM', file: 'src/prompts.ts' });
    assert.deepEqual(first.span, { file: 'src/prompts.ts', start: text.indexOf('You are'), end: text.indexOf('You are') + 'You are terse. '.length });
  });

  test('CommonJS exports', () => {
    const text = `const SYS = 'sys';\nmodule.exports = { SYS, OTHER: 'other' };\nexports.EXTRA = 'extra';\n`;
    assert.deepEqual(texts(typeScriptModuleConstants('lib/prompts.js', text, stubContext().ctx)), { default: 'object', SYS: 'sys', OTHER: 'other', EXTRA: 'extra' });
  });

  test('an import cycle back into the same file resolves to nothing instead of looping', () => {
    const text = `import { B } from './b';\nexport const A = B;\n`;
    let depth = 0;
    const ctx = {
      resolveImport(): Value | undefined {
        depth++;
        return typeScriptModuleConstants('src/a.ts', text, ctx).get('A');
      },
      readPromptFile: () => undefined,
    };
    const constants = typeScriptModuleConstants('src/a.ts', text, ctx);
    assert.equal(depth, 1);
    assert.equal(constants.get('A')?.kind, 'unknown');
  });

  test('garbage does not throw', () => {
    assert.deepEqual([...typeScriptModuleConstants('x.ts', 'export const = = ;;; {{{', stubContext().ctx).keys()], []);
  });
});

describe('typeScriptModuleCandidates', () => {
  test('extensionless relative specifier: source extensions, then index files', () => {
    assert.deepEqual(typeScriptModuleCandidates('src/app.ts', './prompts').slice(0, 8), [
      'src/prompts.ts',
      'src/prompts.tsx',
      'src/prompts.js',
      'src/prompts.mjs',
      'src/prompts.cjs',
      'src/prompts.jsx',
      'src/prompts/index.ts',
      'src/prompts/index.js',
    ]);
  });
  test('the TS ESM convention: ./x.js means x.ts first', () => {
    assert.deepEqual(typeScriptModuleCandidates('src/app.ts', './prompts.js'), ['src/prompts.ts', 'src/prompts.tsx', 'src/prompts.js']);
    assert.deepEqual(typeScriptModuleCandidates('src/app.mts', './p.mjs'), ['src/p.mts', 'src/p.mjs']);
  });
  test('parent directories, explicit .ts, and bare specifiers', () => {
    assert.equal(typeScriptModuleCandidates('src/features/chat.ts', '../prompts/system')[0], 'src/prompts/system.ts');
    assert.deepEqual(typeScriptModuleCandidates('app.ts', './prompts.ts'), ['prompts.ts']);
    assert.equal(typeScriptModuleCandidates('src/a/b.ts', '..')[0], 'src/index.ts');
    assert.deepEqual(typeScriptModuleCandidates('src/app.ts', 'openai'), []);
    assert.deepEqual(typeScriptModuleCandidates('src/app.ts', '@scope/pkg/prompts'), []);
  });
  test('tsconfig `paths` aliases resolve from the nearest config, longest prefix first', () => {
    const files: Record<string, string> = {
      'web/tsconfig.json': '{ // comments are allowed\n "compilerOptions": { "paths": { "@/*": ["./*"], "@lib/*": ["./src/lib/*"], "~ai": ["./src/ai/index.ts"] } } }',
      'api/jsconfig.json': '{ "compilerOptions": { "baseUrl": "src", "paths": { "#/*": ["*"] } } }',
    };
    const reads: string[] = [];
    const readFile = (relPath: string) => {
      reads.push(relPath);
      return files[relPath];
    };
    assert.equal(typeScriptModuleCandidates('web/app/api/route.ts', '@/lib/ai', readFile)[0], 'web/lib/ai.ts');
    assert.equal(typeScriptModuleCandidates('web/app/page.tsx', '@lib/clients', readFile)[0], 'web/src/lib/clients.ts');
    assert.deepEqual(typeScriptModuleCandidates('web/app/page.tsx', '~ai', readFile), ['web/src/ai/index.ts']);
    assert.equal(typeScriptModuleCandidates('api/src/routes/chat.js', '#/llm/client', readFile)[0], 'api/src/llm/client.ts');
    assert.deepEqual(typeScriptModuleCandidates('web/app/page.tsx', 'react', readFile), []);
    assert.deepEqual(typeScriptModuleCandidates('other/app.ts', '@/lib/ai', readFile), []);
    const readsBefore = reads.length;
    typeScriptModuleCandidates('web/app/api/route.ts', '@/lib/other', readFile);
    assert.equal(reads.length, readsBefore, 'configs are read once per directory');
  });
});
