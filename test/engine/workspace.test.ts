import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalyzeContext } from '../../server/src/engine/languages/context';
import type { Value } from '../../server/src/engine/model';
import { createWorkspaceContext, workspaceRelativePath, type FileSource, type ModuleResolver } from '../../server/src/engine/workspace';

function memorySource(files: Record<string, string>, root = '/ws'): FileSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    root,
    reads,
    readFile(relPath) {
      reads.push(relPath);
      return files[relPath];
    },
  };
}

function stringValue(text: string, file: string): Value {
  return { kind: 'string', pieces: [{ kind: 'text', text, verbatim: true, origin: { kind: 'literal' } }], span: { file, start: 0, end: text.length } };
}

/**
 * A toy front end: a module file holds lines `NAME = "text"` or `NAME = import <specifier> <other>`;
 * specifiers map to `<specifier>.py` next to the importing file.
 */
function toyResolver(calls: string[]): ModuleResolver {
  return {
    moduleCandidates(fromFile, specifier) {
      const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/') + 1) : '';
      return [`${dir}${specifier}.py`, `${dir}${specifier}/__init__.py`];
    },
    moduleConstants(file: string, text: string, ctx: AnalyzeContext) {
      calls.push(file);
      const constants = new Map<string, Value>();
      for (const line of text.split('\n')) {
        const literal = /^(\w+) = "(.*)"$/.exec(line);
        if (literal) constants.set(literal[1], stringValue(literal[2], file));
        const imported = /^(\w+) = import (\S+) (\w+)$/.exec(line);
        if (imported) {
          const value = ctx.resolveImport(file, imported[2], imported[3]);
          if (value) constants.set(imported[1], value);
        }
      }
      return constants;
    },
  };
}

function textOf(value: Value | undefined): string | undefined {
  if (!value || value.kind !== 'string') return undefined;
  return value.pieces.map((p) => (p.kind === 'text' ? p.text : '?')).join('');
}

test('resolveImport finds a constant in the first candidate file that exists', () => {
  const calls: string[] = [];
  const source = memorySource({ 'app/prompts/__init__.py': 'SYSTEM = "You are terse."' });
  const ctx = createWorkspaceContext(source, { python: toyResolver(calls) });
  assert.equal(textOf(ctx.resolveImport('app/chat.py', 'prompts', 'SYSTEM')), 'You are terse.');
  assert.equal(ctx.resolveImport('app/chat.py', 'prompts', 'MISSING'), undefined);
  assert.equal(ctx.resolveImport('app/chat.py', 'nowhere', 'SYSTEM'), undefined);
});

test('constants of a file are computed once however often they are asked for', () => {
  const calls: string[] = [];
  const source = memorySource({ 'app/prompts.py': 'A = "one"\nB = "two"' });
  const ctx = createWorkspaceContext(source, { python: toyResolver(calls) });
  assert.equal(textOf(ctx.resolveImport('app/chat.py', 'prompts', 'A')), 'one');
  assert.equal(textOf(ctx.resolveImport('app/jobs.py', 'prompts', 'B')), 'two');
  assert.equal(textOf(ctx.resolveImport('app/chat.py', 'prompts', 'B')), 'two');
  assert.deepEqual(calls, ['app/prompts.py']);
});

test('a constant may come from a further file', () => {
  const source = memorySource({ 'app/prompts.py': 'SYSTEM = import shared BASE', 'app/shared.py': 'BASE = "Be brief."' });
  const ctx = createWorkspaceContext(source, { python: toyResolver([]) });
  assert.equal(textOf(ctx.resolveImport('app/chat.py', 'prompts', 'SYSTEM')), 'Be brief.');
});

test('an import cycle resolves to nothing instead of recursing forever', () => {
  const source = memorySource({
    'a.py': 'X = import b Y\nLOCAL = "a-text"',
    'b.py': 'Y = import a X\nOTHER = "b-text"',
  });
  const ctx = createWorkspaceContext(source, { python: toyResolver([]) });
  assert.equal(ctx.resolveImport('main.py', 'a', 'X'), undefined);
  assert.equal(textOf(ctx.resolveImport('main.py', 'a', 'LOCAL')), 'a-text');
  assert.equal(textOf(ctx.resolveImport('main.py', 'b', 'OTHER')), 'b-text');
});

test('files of a language without a resolver resolve nothing', () => {
  const source = memorySource({ 'src/prompts.ts.py': 'A = "x"' });
  const ctx = createWorkspaceContext(source, { python: toyResolver([]) });
  assert.equal(ctx.resolveImport('src/app.ts', 'prompts.ts', 'A'), undefined);
});

test('a front end that throws on a module makes it a missing module', () => {
  const throwing: ModuleResolver = {
    moduleCandidates: () => ['lib.py'],
    moduleConstants: () => {
      throw new Error('parser exploded');
    },
  };
  const ctx = createWorkspaceContext(memorySource({ 'lib.py': 'A = "x"' }), { python: throwing });
  assert.equal(ctx.resolveImport('main.py', 'lib', 'A'), undefined);
});

test('readPromptFile reads relative to the file directory', () => {
  const source = memorySource({ 'app/prompts/system.md': 'You help.', 'prompts/system.md': 'root copy' });
  const ctx = createWorkspaceContext(source, {});
  assert.deepEqual(ctx.readPromptFile('app/chat.py', 'prompts/system.md', 'file'), { path: 'app/prompts/system.md', text: 'You help.' });
  assert.deepEqual(ctx.readPromptFile('app/chat.py', './prompts/../prompts/system.md', 'file'), { path: 'app/prompts/system.md', text: 'You help.' });
  assert.deepEqual(ctx.readPromptFile('app/chat.py', '../prompts/system.md', 'file'), { path: 'prompts/system.md', text: 'root copy' });
});

test('readPromptFile relative to the root tries the root, then the directories above the file', () => {
  const source = memorySource({ 'prompts/a.md': 'root a', 'svc/prompts/b.md': 'svc b' });
  const ctx = createWorkspaceContext(source, {});
  assert.deepEqual(ctx.readPromptFile('svc/app/chat.py', 'prompts/a.md', 'root'), { path: 'prompts/a.md', text: 'root a' });
  assert.deepEqual(ctx.readPromptFile('svc/app/chat.py', 'prompts/b.md', 'root'), { path: 'svc/prompts/b.md', text: 'svc b' });
  assert.equal(ctx.readPromptFile('svc/app/chat.py', 'prompts/c.md', 'root'), undefined);
});

test('readPromptFile refuses paths that escape the root', () => {
  const source = memorySource({ 'app/x.md': 'inside' });
  const ctx = createWorkspaceContext(source, {});
  assert.equal(ctx.readPromptFile('app/chat.py', '../../etc/passwd', 'file'), undefined);
  assert.equal(ctx.readPromptFile('chat.py', '../ws/app/x.md', 'root'), undefined);
  assert.equal(ctx.readPromptFile('app/chat.py', '/etc/passwd', 'file'), undefined);
  assert.equal(ctx.readPromptFile('app/chat.py', '/wsx/app/x.md', 'file'), undefined);
  assert.deepEqual(ctx.readPromptFile('app/chat.py', '/ws/app/x.md', 'file'), { path: 'app/x.md', text: 'inside' });
  assert.deepEqual(source.reads, ['app/x.md']);
});

test('workspaceRelativePath normalises separators and dots', () => {
  assert.equal(workspaceRelativePath('/ws', 'a/b', '..\\c\\d.md'), 'a/c/d.md');
  assert.equal(workspaceRelativePath('/ws/', '.', '/ws/a.md'), 'a.md');
  assert.equal(workspaceRelativePath('/ws', 'a', '../..'), undefined);
  assert.equal(workspaceRelativePath('/ws', '.', '.'), undefined);
  assert.equal(workspaceRelativePath('C:\\ws', '.', 'C:\\ws\\p\\x.md'), 'p/x.md');
});
