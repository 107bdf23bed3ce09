/**
 * The Python front end: tree-sitter syntax tree -> neutral SourceView (engine/model.ts).
 */
import type { SourceView, Value } from '../model';
import type { AnalyzeContext } from './context';
import type { ParseReuse } from './parse-reuse';
import { PythonFileAnalyzer } from './python/analyzer';

export { initPythonParser } from './python/parser';

function withAnalyzer<T>(file: string, text: string, ctx: AnalyzeContext, use: (analyzer: PythonFileAnalyzer) => T, reuse?: ParseReuse): T {
  const analyzer = new PythonFileAnalyzer(file, text, ctx, reuse);
  try {
    return use(analyzer);
  } finally {
    analyzer.dispose();
  }
}

/** Analyses one Python file. Requires `initPythonParser()`; never throws on bad input. */
export function analyzePython(file: string, text: string, ctx: AnalyzeContext, reuse?: ParseReuse): SourceView {
  // Python refuses source with NUL bytes, so such a file is binary: parsing it would only cost time.
  if (text.includes('\u0000')) {
    const at = text.indexOf('\u0000');
    return { file, language: 'python', text, calls: [], errors: [{ message: 'not Python source: the file contains NUL bytes', span: { file, start: at, end: at + 1 } }], comments: [] };
  }
  try {
    return withAnalyzer(
      file,
      text,
      ctx,
      (analyzer) => ({
        file,
        language: 'python',
        text,
        calls: analyzer.calls(),
        errors: analyzer.errors(),
        comments: analyzer.comments(),
      }),
      reuse,
    );
  } catch (error) {
    if (error instanceof Error && error.message.includes('not initialised')) throw error;
    return {
      file,
      language: 'python',
      text,
      calls: [],
      errors: [{ message: `Python analysis failed: ${error instanceof Error ? error.message : String(error)}`, span: { file, start: 0, end: 0 } }],
      comments: [],
    };
  }
}

/** Module-level constants of a Python file, resolved, for files that import them. */
export function pythonModuleConstants(file: string, text: string, ctx: AnalyzeContext): Map<string, Value> {
  if (text.includes('\u0000')) return new Map();
  try {
    return withAnalyzer(file, text, ctx, (analyzer) => analyzer.moduleConstants());
  } catch {
    return new Map();
  }
}

/**
 * Workspace-relative files a module specifier may refer to, most likely first: relative imports from the
 * importing file's package; absolute ones from the scan root and from each folder above the importing file
 * (a scanned folder may hold several projects).
 */
export function pythonModuleCandidates(fromFile: string, moduleSpecifier: string): string[] {
  const dirs = fromFile.split('/').slice(0, -1);
  const dots = /^\.*/.exec(moduleSpecifier)![0].length;
  const rest = moduleSpecifier.slice(dots).split('.').filter(Boolean);
  const forBase = (base: string[]) => {
    const joined = [...base, ...rest].join('/');
    return rest.length ? [`${joined}.py`, `${joined}/__init__.py`] : [`${joined}/__init__.py`];
  };
  if (dots > 0) {
    if (dots - 1 > dirs.length) return [];
    return forBase(dirs.slice(0, dirs.length - (dots - 1)));
  }
  const candidates: string[] = [];
  for (let depth = 0; depth <= dirs.length; depth++) candidates.push(...forBase(dirs.slice(0, depth)));
  return [...new Set(candidates.map((c) => c.replace(/^\//, '')))];
}
