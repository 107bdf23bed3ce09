/** recordReads: which files an analysis read, for caches keyed by content (the CLI's scan cache). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalyzeContext } from '../../server/src/engine/languages/context';
import type { Value } from '../../server/src/engine/model';
import { createWorkspaceContext, type FileSource, type ModuleResolver } from '../../server/src/engine/workspace';

const source = (files: Record<string, string>): FileSource => ({ root: '/ws', readFile: (relPath) => files[relPath] });

/** Module files hold lines `NAME = "text"` or `NAME = import <module> <other>`; `<module>` is `<module>.py` in the same folder. */
const resolver: ModuleResolver = {
  moduleCandidates: (fromFile, specifier) => [`${fromFile.slice(0, fromFile.lastIndexOf('/') + 1)}${specifier}.py`],
  moduleConstants(file: string, text: string, ctx: AnalyzeContext) {
    const constants = new Map<string, Value>();
    for (const line of text.split('\n')) {
      const literal = /^(\w+) = "(.*)"$/.exec(line);
      if (literal) constants.set(literal[1], { kind: 'string', pieces: [{ kind: 'text', text: literal[2], verbatim: true, origin: { kind: 'literal' } }], span: { file, start: 0, end: 0 } });
      const imported = /^(\w+) = import (\S+) (\w+)$/.exec(line);
      if (imported) {
        const value = ctx.resolveImport(file, imported[2], imported[3]);
        if (value) constants.set(imported[1], value);
      }
    }
    return constants;
  },
};

const files = {
  'app/prompts.py': 'SYSTEM = import shared BASE',
  'app/shared.py': 'BASE = "Be brief."',
  'app/notes.md': 'Reply in French.',
};

test('an analysis reports the files behind its imports, transitively', () => {
  const ctx = createWorkspaceContext(source(files), { python: resolver });
  const { value, reads } = ctx.recordReads(() => ctx.resolveImport('app/chat.py', 'prompts', 'SYSTEM'));
  assert.equal(value?.kind, 'string');
  assert.deepEqual([...reads].sort(), ['app/prompts.py', 'app/shared.py']);
});

test('a later analysis hitting the memo reports the same files', () => {
  const ctx = createWorkspaceContext(source(files), { python: resolver });
  ctx.recordReads(() => ctx.resolveImport('app/chat.py', 'prompts', 'SYSTEM'));
  const second = ctx.recordReads(() => ctx.resolveImport('app/jobs.py', 'prompts', 'SYSTEM'));
  assert.deepEqual([...second.reads].sort(), ['app/prompts.py', 'app/shared.py']);
});

test('misses and prompt files are reads too', () => {
  const ctx = createWorkspaceContext(source(files), { python: resolver });
  const { reads } = ctx.recordReads(() => {
    ctx.resolveImport('app/chat.py', 'missing', 'X');
    ctx.readPromptFile('app/chat.py', 'notes.md', 'file');
  });
  assert.deepEqual([...reads].sort(), ['app/missing.py', 'app/notes.md']);
});

test('reads outside recordReads are not reported to a later recording', () => {
  const ctx = createWorkspaceContext(source(files), { python: resolver });
  ctx.readPromptFile('app/chat.py', 'notes.md', 'file');
  const { reads } = ctx.recordReads(() => 0);
  assert.deepEqual([...reads], []);
});
