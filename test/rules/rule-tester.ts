/**
 * A table-driven rule tester in the style of typescript-eslint's RuleTester: each case runs through the real
 * engine (front end -> providers -> tokens -> cost -> rules), invalid cases name the 1-based lines of the
 * findings, and `output` is the exact text after applying the first finding's first fix.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as ts from 'typescript';
import { analyzeFile, prepareLanguages, type FileAnalysis } from '../../server/src/engine/analyze';
import { defaultConfig, type Config } from '../../server/src/engine/config';
import { isolatedContext, type AnalyzeContext } from '../../server/src/engine/languages/context';
import type { Finding } from '../../server/src/engine/model';
import { applyEdits, LineIndex } from '../../server/src/engine/text';

export type CaseLanguage = 'python' | 'typescript';

export interface ValidCase {
  code: string;
  language: CaseLanguage;
  /** File name the code is analysed as (default `app.py` / `app.ts`); some rules look at paths. */
  file?: string;
  /** Workspace files the code may read as prompt files, by the path written in code (default: none). */
  files?: Record<string, string>;
  /** Parsed workspace config (default: defaultConfig()). */
  config?: unknown;
  name?: string;
}

export interface InvalidCase extends ValidCase {
  /** One entry per expected finding of the rule, in source order; `line` is 1-based. */
  errors: { line: number; messageIncludes?: string | string[] }[];
  /** The exact text after applying the first finding's first fix; null = the finding has no fix; undefined = not checked. */
  output?: string | null;
  /** The first fix is unsafe (changes the model's input or output). Checked whenever `output` is a string. */
  unsafe?: boolean;
}

/** A source file from its lines, ending with a newline as editors save it: keeps test code readable line by line. */
export const lines = (...l: string[]): string => l.join('\n') + '\n';

let languagesReady: Promise<void> | undefined;

export function ready(): Promise<void> {
  languagesReady ??= prepareLanguages(['python', 'typescript']);
  return languagesReady;
}

export function fileFor(testCase: Pick<ValidCase, 'file' | 'language'>): string {
  return testCase.file ?? (testCase.language === 'python' ? 'app.py' : 'app.ts');
}

/** A context that reads the given files (by the path as written in code) and resolves no imports. */
export function contextWithFiles(files: Record<string, string>): AnalyzeContext {
  return {
    resolveImport: () => undefined,
    readPromptFile: (_fromFile, path) => (Object.hasOwn(files, path) ? { path, text: files[path] } : undefined),
  };
}

export function analyzeCase(testCase: ValidCase, code = testCase.code): FileAnalysis {
  const context = testCase.files ? contextWithFiles(testCase.files) : isolatedContext;
  return analyzeFile(fileFor(testCase), code, context, (testCase.config ?? defaultConfig()) as Config);
}

export function findingsOf(analysis: FileAnalysis, ruleId: string): Finding[] {
  return analysis.findings.filter((finding) => finding.rule === ruleId);
}

/** TypeScript's own parse errors for a text (empty when it parses). */
export function typeScriptParseErrors(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function caseName(testCase: ValidCase, index: number): string {
  if (testCase.name) return testCase.name;
  const firstLine = testCase.code.split('\n').find((line) => /\b(create|generate|invoke|Chat|completion|messages)\b/.test(line)) ?? testCase.code.split('\n')[0];
  return `#${index + 1} ${testCase.language}: ${firstLine.trim().slice(0, 70)}`;
}

function lineOf(code: string, offset: number): number {
  return new LineIndex(code).position(offset).line + 1;
}

/** Registers the valid and invalid cases of one rule as node:test tests. */
export function runRuleTests(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    before(ready);

    describe('valid', () => {
      cases.valid.forEach((testCase, index) => {
        test(caseName(testCase, index), () => {
          const analysis = analyzeCase(testCase);
          assert.deepEqual(analysis.errors, [], 'the case must parse');
          const found = findingsOf(analysis, ruleId).map((f) => `line ${lineOf(testCase.code, f.span.start)}: ${f.message}`);
          assert.deepEqual(found, []);
        });
      });
    });

    describe('invalid', () => {
      cases.invalid.forEach((testCase, index) => {
        test(caseName(testCase, index), () => {
          const analysis = analyzeCase(testCase);
          assert.deepEqual(analysis.errors, [], 'the case must parse');
          const findings = findingsOf(analysis, ruleId);
          assert.deepEqual(
            findings.map((f) => lineOf(testCase.code, f.span.start)),
            testCase.errors.map((e) => e.line),
            `lines of the ${ruleId} findings: ${findings.map((f) => f.message).join(' | ')}`,
          );
          testCase.errors.forEach((expected, i) => {
            const wanted = expected.messageIncludes === undefined ? [] : Array.isArray(expected.messageIncludes) ? expected.messageIncludes : [expected.messageIncludes];
            for (const part of wanted) assert.ok(findings[i].message.includes(part), `message ${JSON.stringify(findings[i].message)} should include ${JSON.stringify(part)}`);
          });
          if (testCase.output === undefined) return;
          const first = findings[0];
          if (testCase.output === null) {
            assert.deepEqual(first.fixes, [], 'the finding should have no fix');
            return;
          }
          assert.ok(first.fixes.length > 0, 'the finding should have a fix');
          const fix = first.fixes[0];
          assert.equal(fix.safe, !testCase.unsafe, `fix "${fix.title}" safe flag`);
          const file = fileFor(testCase);
          assert.ok(fix.edits.every((edit) => edit.file === file), 'the fix edits only the analysed file');
          const output = applyEdits(testCase.code, fix.edits);
          assert.equal(output, testCase.output);

          // The result still parses, and the finding the fix was for is gone.
          const after = analyzeCase(testCase, output);
          if (testCase.language === 'typescript') assert.deepEqual(typeScriptParseErrors(file, output), []);
          assert.deepEqual(after.errors, [], 'the fixed text must parse');
          assert.ok(findingsOf(after, ruleId).length < findings.length, `the fixed finding is gone: ${findingsOf(after, ruleId).map((f) => f.message).join(' | ')}`);
        });
      });
    });
  });
}
