/**
 * `prompt-cost scan --fix [--unsafe-fixes]` as a user runs it: the built dist/cli.js on copies of the example
 * apps. Fixed files must still compile (python3 -m py_compile, the TypeScript parser) and a rescan must find
 * nothing more to fix.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { typeScriptParseErrors } from '../rules/rule-tester';
import { EXAMPLES_DIR, makeWorkspace, runCli, scanJson, type CliRun, type JsonReportShape } from './helpers';

function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === '__pycache__' || name.startsWith('.')) continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(full);
    }
  };
  walk(root);
  return found.sort();
}

function snapshot(root: string): Map<string, string> {
  return new Map(filesUnder(root).map((file) => [path.relative(root, file), readFileSync(file, 'utf8')]));
}

const FIXED_LINE = /^fixed (\S+):(\d+) ([a-z-]+): (.+)$/;

function fixedLines(stdout: string): { file: string; line: number; rule: string; title: string }[] {
  return stdout
    .split('\n')
    .map((line) => FIXED_LINE.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ file: match[1], line: Number(match[2]), rule: match[3], title: match[4] }));
}

function countByFileAndRule(report: JsonReportShape): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of report.findings) counts.set(`${finding.file} ${finding.rule}`, (counts.get(`${finding.file} ${finding.rule}`) ?? 0) + 1);
  return counts;
}

for (const example of readdirSync(EXAMPLES_DIR).filter((name) => statSync(path.join(EXAMPLES_DIR, name)).isDirectory())) {
  describe(`scan --fix --unsafe-fixes on examples/${example}`, () => {
    let workspace: string;
    let original: Map<string, string>;
    let beforeFix: JsonReportShape;
    let run: CliRun;
    let afterFix: JsonReportShape;

    before(() => {
      workspace = path.join(mkdtempSync(path.join(tmpdir(), 'prompt-cost-fix-')), example);
      cpSync(path.join(EXAMPLES_DIR, example), workspace, { recursive: true });
      original = snapshot(workspace);
      beforeFix = scanJson(['.'], workspace);
      run = runCli(['scan', '.', '--fix', '--unsafe-fixes'], workspace);
      afterFix = scanJson(['.'], workspace);
    });

    test('exits 0 and prints one line per applied fix', () => {
      assert.equal(run.code, 0, run.stderr);
      const fixed = fixedLines(run.stdout);
      assert.ok(fixed.length > 0, run.stdout);
      assert.match(run.stdout, new RegExp(`Applied ${fixed.length} fix(es)? in \\d+ files?\\.`));
    });

    test('every finding that had a fix was fixed', () => {
      const fixed = new Set(fixedLines(run.stdout).map((fix) => `${fix.file} ${fix.rule}`));
      const fixable = [...new Set(beforeFix.findings.filter((f) => f.fixes.length > 0).map((f) => `${f.file} ${f.rule}`))];
      assert.ok(fixable.length > 0);
      assert.deepEqual(fixable.filter((key) => !fixed.has(key)), []);
    });

    test('Python files still compile', () => {
      const python = filesUnder(workspace).filter((file) => file.endsWith('.py'));
      assert.ok(python.length > 0 || !example.startsWith('python'));
      if (python.length === 0) return;
      const compiled = spawnSync('python3', ['-m', 'py_compile', ...python], { encoding: 'utf8' });
      assert.equal(compiled.status, 0, compiled.stderr);
    });

    test('TypeScript files still parse', () => {
      for (const file of filesUnder(workspace).filter((f) => /\.[cm]?tsx?$/.test(f))) {
        assert.deepEqual(typeScriptParseErrors(file, readFileSync(file, 'utf8')), [], path.relative(workspace, file));
      }
    });

    test('a rescan finds none of the fixed findings and nothing more to fix', () => {
      const withFixes = afterFix.findings.filter((f) => f.fixes.length > 0).map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`);
      assert.deepEqual(withFixes, []);
      const before = countByFileAndRule(beforeFix);
      const after = countByFileAndRule(afterFix);
      for (const fix of fixedLines(run.stdout)) {
        const key = `${fix.file} ${fix.rule}`;
        assert.ok((after.get(key) ?? 0) < (before.get(key) ?? 0), `${key}: ${before.get(key)} findings before, ${after.get(key)} after`);
      }
    });

    test('only the fixed files changed, and a second run changes nothing', () => {
      const changed = [...snapshot(workspace)].filter(([file, text]) => original.get(file) !== text).map(([file]) => file.split(path.sep).join('/'));
      assert.ok(changed.length > 0);
      // Source files, .prompty files and prompt files read unchanged by code; configs and READMEs are never rewritten.
      for (const file of changed) assert.match(file, /\.(py|[cm]?[jt]sx?|prompty)$|(^|\/)prompts\/[^/]+\.md$/);
      const afterFirst = snapshot(workspace);
      const again = runCli(['scan', '.', '--fix', '--unsafe-fixes'], workspace);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^No fixes applied\.$/m);
      assert.deepEqual(snapshot(workspace), afterFirst);
      assert.equal(readdirSync(workspace).filter((name) => name.includes('.prompt-cost-')).length, 0, 'no temporary files left');
    });
  });
}

describe('scan --fix on a small workspace', () => {
  const uncapped = (lineBreak: string) =>
    ['from openai import OpenAI', '', 'client = OpenAI()', '', 'def label(text):', '    return client.chat.completions.create(', '        model="gpt-4o-mini",', '        messages=[{"role": "user", "content": "I would like you to kindly classify the sentiment as positive or negative: " + text}],', '    )', ''].join(lineBreak);

  test('--fix alone applies only safe fixes and says how many unsafe ones are left', () => {
    const root = makeWorkspace({ 'app.py': uncapped('\n') });
    const run = runCli(['scan', '.', '--fix'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(path.join(root, 'app.py'), 'utf8'), uncapped('\n'));
    assert.match(run.stdout, /^No fixes applied\.$/m);
    assert.match(run.stdout, /^\d+ more fix(es)? available with --unsafe-fixes\.$/m);
  });

  test('--unsafe-fixes keeps CRLF line endings', () => {
    // Every rewrite reported, so the one-word filler here gets its fix too.
    const root = makeWorkspace({ 'app.py': uncapped('\r\n'), 'prompt-cost.config.json': JSON.stringify({ minTokensSaved: 1 }) });
    const run = runCli(['scan', '.', '--fix', '--unsafe-fixes'], root);
    assert.equal(run.code, 0, run.stderr);
    const fixed = readFileSync(path.join(root, 'app.py'), 'utf8');
    assert.notEqual(fixed, uncapped('\r\n'));
    assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.match(run.stdout, /^fixed app\.py:8 verbose-phrasing: /m);
    assert.ok(fixed.includes('"Classify the sentiment as positive or negative: "'), fixed);
  });

  test('a file with parse errors is never touched', () => {
    const broken = uncapped('\n') + '\ndef broken(:\n    pass\n';
    const root = makeWorkspace({ 'app.py': broken });
    const run = runCli(['scan', '.', '--fix', '--unsafe-fixes'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(path.join(root, 'app.py'), 'utf8'), broken);
    assert.doesNotMatch(run.stdout, /^fixed /m);
  });

  test('--unsafe-fixes without --fix is a usage error', () => {
    const root = makeWorkspace({ 'app.py': uncapped('\n') });
    const run = runCli(['scan', '.', '--unsafe-fixes'], root);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'prompt-cost: --unsafe-fixes needs --fix\n');
  });
});
