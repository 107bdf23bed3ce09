/**
 * The notebook front end: nbformat 4 JSON -> one virtual Python module with a line map back to cells, and
 * edits of that module written back into the JSON with every other byte kept.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { analyzeFile, prepareLanguages } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import {
  applyNotebookEdits,
  buildNotebookModule,
  cellPosition,
  cellSourceSpans,
  notebookModuleOf,
  parseNotebook,
} from '../../server/src/engine/languages/notebook';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'notebooks');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** A notebook in Jupyter's own layout (one-space indent, source as a list of lines). */
function notebook(cells: { type?: 'code' | 'markdown'; source: string | string[] }[], metadata: Record<string, unknown> = { kernelspec: { language: 'python', name: 'python3' } }): string {
  const asLines = (source: string) => source.split(/(?<=\n)/);
  return (
    JSON.stringify(
      {
        cells: cells.map((cell) => ({
          cell_type: cell.type ?? 'code',
          metadata: {},
          source: typeof cell.source === 'string' ? asLines(cell.source) : cell.source,
          ...(cell.type === 'markdown' ? {} : { execution_count: null, outputs: [] }),
        })),
        metadata,
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    ) + '\n'
  );
}

describe('the virtual module', () => {
  test('code cells in order, each on lines of its own; markdown cells left out but counted', () => {
    const module = buildNotebookModule([
      { cell: 1, source: 'A = 1\n' },
      { cell: 3, source: 'print(A)' },
    ]);
    assert.equal(module.text, 'A = 1\n\nprint(A)');
    assert.deepEqual(module.layout.cells, [
      { cell: 1, firstLine: 0, lineCount: 2 },
      { cell: 3, firstLine: 2, lineCount: 1 },
    ]);
    assert.deepEqual(cellPosition(module.layout, module.text.indexOf('print')), { cell: 3, line: 0, column: 0 });
    assert.deepEqual(cellPosition(module.layout, module.text.indexOf('1')), { cell: 1, line: 0, column: 4 });
  });

  test('magics and shell lines become pass on their own line; assigned ones become None', () => {
    const module = buildNotebookModule([
      { cell: 0, source: '%pip install openai \\\n    anthropic\n!ls -la\nfiles = !ls\nfor f in files:\n    !echo $f\nclient?\nx = 1' },
    ]);
    assert.deepEqual(module.text.split('\n'), ['pass', '', 'pass', 'files = None', 'for f in files:', '    pass', 'pass', 'x = 1']);
  });

  test('a line starting with % or ! inside a triple-quoted string stays prompt text', () => {
    const source = 'PROMPT = """\n!Important: answer briefly.\n%s\n"""\n!pwd';
    const module = buildNotebookModule([{ cell: 0, source }]);
    assert.deepEqual(module.text.split('\n'), ['PROMPT = """', '!Important: answer briefly.', '%s', '"""', 'pass']);
  });

  test('%%time runs Python; %%bash does not, and its cell is blanked line for line', () => {
    const module = buildNotebookModule([
      { cell: 0, source: '%%time\nx = f()' },
      { cell: 1, source: '%%bash\necho "openai.chat.completions.create()"' },
    ]);
    assert.deepEqual(module.text.split('\n'), ['', 'x = f()', '', '']);
    assert.deepEqual(module.notes, ['cell 2 (%%bash) is not Python and is skipped']);
  });
});

describe('reading notebooks', () => {
  test('the fixture notebook: code cells only, with their indices among all cells', () => {
    const parsed = parseNotebook(fixture('triage.ipynb'));
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.codeCells.map((cell) => cell.cell),
      [1, 2, 4, 5, 6],
    );
    // Outputs are never read: the stdout of cell 5 mentions a call that is not in any source.
    assert.ok(!parsed.codeCells.some((cell) => cell.source.includes('billing (said')));
  });

  test('bad input gives one clear problem, never an exception', () => {
    const problem = (text: string) => {
      const parsed = parseNotebook(text);
      assert.equal(parsed.ok, false);
      return (parsed as { problem: string }).problem;
    };
    assert.match(problem(fixture('broken.ipynb')), /^not a valid notebook: the JSON does not parse/);
    assert.match(problem(fixture('r-kernel.ipynb')), /kernel language is R, not Python/);
    assert.match(problem('[]'), /not an object/);
    assert.match(problem('{"nbformat": 4, "metadata": {}}'), /no "cells" list/);
    assert.match(problem('{"nbformat": 3, "worksheets": []}'), /nbformat 3/);
  });

  test('a cell without source text is reported and the others are analysed', () => {
    const text = JSON.stringify({ cells: [{ cell_type: 'code', source: 42 }, { cell_type: 'code', source: 'x = 1' }], metadata: {}, nbformat: 4 });
    const module = notebookModuleOf(text);
    assert.ok(module.ok);
    assert.equal(module.text, 'x = 1');
    assert.deepEqual(module.skipped, ['cell 1 has no source text']);
  });

  test('a cell VS Code marks as another language is left out', () => {
    const text = JSON.stringify({
      cells: [
        { cell_type: 'code', metadata: { vscode: { languageId: 'sql' } }, source: 'SELECT 1' },
        { cell_type: 'code', metadata: {}, source: 'y = 2' },
      ],
      metadata: { kernelspec: { language: 'python' } },
      nbformat: 4,
    });
    const module = notebookModuleOf(text);
    assert.ok(module.ok);
    assert.equal(module.text, 'y = 2');
  });
});

describe('analysis', () => {
  before(() => prepareLanguages(['python']));

  test('a constant of one cell resolves at a call in a later cell; positions name the cell', () => {
    const analysis = analyzeFile('nb/triage.ipynb', fixture('triage.ipynb'), isolatedContext, defaultConfig());
    assert.deepEqual(analysis.errors, []);
    const calls = analysis.callSites.map(({ site }) => ({ api: site.api, model: site.model.value, source: site.model.source, at: cellPosition(analysis.notebook!, site.span.start) }));
    assert.deepEqual(calls, [
      { api: 'chat.completions.create', model: 'gpt-4o', source: 'constant', at: { cell: 4, line: 1, column: 11 } },
      { api: 'messages.create', model: 'claude-sonnet-4-5', source: 'literal', at: { cell: 5, line: 1, column: 10 } },
    ]);
    assert.deepEqual(analysis.findings.map((finding) => finding.rule).sort(), ['flagship-on-simple-task', 'missing-max-tokens']);
  });

  test('a notebook that cannot be read is one error naming why', () => {
    const analysis = analyzeFile('r.ipynb', fixture('r-kernel.ipynb'), isolatedContext, defaultConfig());
    assert.deepEqual(analysis.callSites, []);
    assert.deepEqual(analysis.errors.map((error) => error.message), ["not analysed: the notebook's kernel language is R, not Python"]);
  });

  test("a syntax error's message counts lines in its cell", () => {
    const analysis = analyzeFile('bad.ipynb', notebook([{ source: 'import openai\n' }, { source: 'x = 1\ny = (\n' }]), isolatedContext, defaultConfig());
    assert.ok(analysis.errors.length > 0);
    assert.match(analysis.errors[0].message, /\(cell 2, line \d\)/);
  });
});

describe('edits written back into the JSON', () => {
  test('only the edited cell source changes; every other byte stays (round trip through JSON.parse)', () => {
    const original = fixture('triage.ipynb');
    const module = notebookModuleOf(original);
    assert.ok(module.ok);
    const at = module.text.indexOf('    messages=[');
    const edited = applyNotebookEdits(original, [{ start: at, end: at, newText: '    max_completion_tokens=16,\n' }]);
    const before = JSON.parse(original);
    const after = JSON.parse(edited);
    after.cells.forEach((cell: { source: string[] }, index: number) => {
      if (index === 4) assert.deepEqual(cell.source, [...before.cells[4].source.slice(0, 3), '    max_completion_tokens=16,\n', ...before.cells[4].source.slice(3)]);
      else assert.deepEqual(cell, before.cells[index]);
    });
    // Byte-identical outside the cell's source value, and the source keeps Jupyter's one-line-per-element layout.
    const span = cellSourceSpans(original).get(4)!;
    const newSpan = cellSourceSpans(edited).get(4)!;
    assert.equal(edited.slice(0, newSpan.start), original.slice(0, span.start));
    assert.equal(edited.slice(newSpan.end), original.slice(span.end));
    assert.ok(edited.includes('\n    "    max_completion_tokens=16,\\n",\n'));
  });

  test('unchanged lines keep their original escapes; a string source stays a string', () => {
    const escaped = '{"cells": [{"cell_type": "code", "metadata": {}, "source": ["s = \\"caf\\u00e9\\"\\n", "t = 1"]}], "metadata": {}, "nbformat": 4}';
    const module = notebookModuleOf(escaped);
    assert.ok(module.ok);
    const at = module.text.indexOf('1');
    const edited = applyNotebookEdits(escaped, [{ start: at, end: at + 1, newText: '2' }]);
    assert.equal(edited, escaped.replace('"t = 1"', '"t = 2"'));

    const single = '{"cells":[{"cell_type":"code","source":"a = 1\\nb = 2"}],"metadata":{},"nbformat":4}';
    const singleModule = notebookModuleOf(single);
    assert.ok(singleModule.ok);
    const b = singleModule.text.indexOf('2');
    assert.equal(applyNotebookEdits(single, [{ start: b, end: b + 1, newText: '3' }]), single.replace('b = 2', 'b = 3'));
  });

  test('an edit that would cross from one cell into the next is refused', () => {
    const text = notebook([{ source: 'a = 1\n' }, { source: 'b = 2' }]);
    const module = notebookModuleOf(text);
    assert.ok(module.ok);
    assert.throws(() => applyNotebookEdits(text, [{ start: 0, end: module.text.length, newText: '' }]), /inside one cell/);
  });
});

describe('properties', () => {
  const cellSource = fc.array(fc.oneof(fc.string(), fc.constantFrom('%pip install x', '!ls', '    !echo', 'x = """', '"""', '%%time', '%%bash', '\\', 'a = !ls', '\r\n', '\n')), { maxLength: 6 }).map((parts) => parts.join('\n'));
  const cells = fc.array(fc.record({ markdown: fc.boolean(), source: cellSource, asList: fc.boolean() }), { maxLength: 5 });
  const toNotebook = (list: { markdown: boolean; source: string; asList: boolean }[]) =>
    JSON.stringify(
      {
        cells: list.map((cell) => ({ cell_type: cell.markdown ? 'markdown' : 'code', metadata: {}, source: cell.asList ? cell.source.split(/(?<=\n)/) : cell.source })),
        metadata: {},
        nbformat: 4,
      },
      null,
      1,
    );

  test('every code cell keeps its line count in the module, and no input throws', () => {
    fc.assert(
      fc.property(cells, (list) => {
        const module = notebookModuleOf(toNotebook(list));
        assert.ok(module.ok);
        const code = list.filter((cell) => !cell.markdown);
        assert.deepEqual(
          module.layout.cells.map((cell) => cell.lineCount),
          code.map((cell) => cell.source.split(/\r\n|\r|\n/).length),
        );
        assert.equal(module.text.split(/\r\n|\r|\n/).length, code.length === 0 ? 1 : code.reduce((sum, cell) => sum + cell.source.split(/\r\n|\r|\n/).length, 0));
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => void notebookModuleOf(text)));
  });

  test('an insertion into one cell changes that cell only, by exactly the inserted text', () => {
    fc.assert(
      fc.property(cells, fc.nat(), fc.string({ maxLength: 8 }), (list, pick, inserted) => {
        const text = toNotebook(list);
        const module = notebookModuleOf(text);
        assert.ok(module.ok);
        if (module.layout.cells.length === 0) return;
        // A point at the start of some line of some code cell that kept its own text.
        const target = module.layout.cells[pick % module.layout.cells.length];
        const offset = module.layout.lineStarts[target.firstLine];
        const edited = applyNotebookEdits(text, [{ start: offset, end: offset, newText: inserted }]);
        const before = JSON.parse(text);
        const after = JSON.parse(edited);
        after.cells.forEach((cell: { source: string | string[] }, index: number) => {
          const joined = (source: string | string[]) => (Array.isArray(source) ? source.join('') : source);
          if (index === target.cell) assert.equal(joined(cell.source), inserted + joined(before.cells[index].source));
          else assert.deepEqual(cell, before.cells[index]);
        });
        assert.equal(applyNotebookEdits(text, []), text);
      }),
    );
  });
});
