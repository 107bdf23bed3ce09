/**
 * The extension manifest as the marketplace and VS Code read it: release fields, the walkthrough, the
 * problem matcher (applied to the CLI's real text output) and the language-model tool.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, runCli, scanJson } from '../cli/helpers';

interface MatcherPattern {
  regexp: string;
  file?: number;
  line?: number;
  column?: number;
  severity?: number;
  code?: number;
  message?: number;
  loop?: boolean;
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const ignored = readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n');

/** VS Code's multi-line matching: the first pattern sets the file, the looping last one matches each problem under it. */
function applyMatcher(patterns: readonly MatcherPattern[], output: string): { file: string; line: number; column: number; severity: string; code: string; message: string }[] {
  const [filePattern, problemPattern] = patterns.map((pattern) => ({ ...pattern, regex: new RegExp(pattern.regexp) }));
  const problems = [];
  let file: string | undefined;
  for (const line of output.split('\n')) {
    const problem = file !== undefined ? problemPattern.regex.exec(line) : null;
    if (problem) {
      problems.push({
        file,
        line: Number(problem[problemPattern.line!]),
        column: Number(problem[problemPattern.column!]),
        severity: problem[problemPattern.severity!],
        code: problem[problemPattern.code!],
        message: problem[problemPattern.message!],
      });
      continue;
    }
    const fileMatch = filePattern.regex.exec(line);
    file = fileMatch ? fileMatch[filePattern.file!] : undefined;
  }
  return problems as ReturnType<typeof applyMatcher>;
}

describe('extension manifest', () => {
  test('release fields: icon, categories, keywords, license, repository, capabilities', () => {
    assert.equal(manifest.icon, 'images/icon.png');
    const icon = readFileSync(path.join(REPO_ROOT, manifest.icon));
    assert.deepEqual([...icon.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join(''), 'PNG');
    assert.equal(icon.readUInt32BE(16), 128, 'width');
    assert.ok(manifest.categories.length > 0 && manifest.keywords.length > 0);
    assert.equal(manifest.license, 'MIT');
    assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
    assert.ok(['limited', true, false].includes(manifest.capabilities.untrustedWorkspaces.supported));
    assert.ok(['limited', true, false].includes(manifest.capabilities.virtualWorkspaces.supported));
    assert.ok(manifest.capabilities.virtualWorkspaces.description);
  });

  test('the web extension: a browser entry, shipped with its web-worker server; virtual workspaces are supported', () => {
    assert.equal(manifest.browser, './dist/web/extension.js');
    assert.ok(ignored.includes('!dist/web/extension.js') && ignored.includes('!dist/web/server.js'), '.vscodeignore ships both web bundles');
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
  });

  test('the walkthrough: first scan, calls per day, the report; each step\'s command exists and its media ships', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    const commands = new Set(manifest.contributes.commands.map((command: { command: string }) => command.command));
    assert.deepEqual(
      walkthrough.steps.map((step: { completionEvents: string[] }) => step.completionEvents[0]),
      ['onCommand:promptCost.scanWorkspace', 'onCommand:promptCost.setCallsPerDay', 'onCommand:promptCost.showReport'],
    );
    for (const step of walkthrough.steps) {
      const linked = /\(command:([\w.]+)\)/.exec(step.description)![1];
      assert.ok(commands.has(linked), linked);
      assert.ok(existsSync(path.join(REPO_ROOT, step.media.markdown)), step.media.markdown);
    }
    assert.ok(ignored.includes('!media/**') && ignored.includes('!images/icon.png'), '.vscodeignore ships the media and the icon');
  });

  test('the problem matcher reads every finding of `prompt-cost scan` text output', () => {
    const [matcher] = manifest.contributes.problemMatchers;
    assert.equal(matcher.name, 'prompt-cost');
    const examples = path.join(REPO_ROOT, 'examples');
    const run = runCli(['scan', examples]);
    const expected = scanJson(['--format', 'json', examples]).findings.filter((finding) => finding.cell === undefined);
    assert.ok(expected.length >= 5);
    const matched = applyMatcher(matcher.pattern, run.stdout);
    assert.deepEqual(
      matched.map((problem) => [problem.file, problem.line, problem.column, problem.severity, problem.code]),
      expected.map((finding) => [finding.file, finding.line, finding.column, finding.severity, finding.rule]),
    );
    assert.ok(matched.every((problem, index) => problem.message === expected[index].message.split('\n')[0]));
  });

  test('the language-model tool: declared, activated on use, with an input schema of file, line and model', () => {
    const [tool] = manifest.contributes.languageModelTools;
    assert.equal(tool.name, 'prompt-cost_estimate_call');
    assert.ok(manifest.activationEvents.includes(`onLanguageModelTool:${tool.name}`));
    assert.deepEqual(Object.keys(tool.inputSchema.properties).sort(), ['file', 'line', 'model']);
    assert.match(tool.modelDescription, /another model/);
    const source = readFileSync(path.join(REPO_ROOT, 'client', 'src', 'cost-tool.ts'), 'utf8');
    assert.match(source, new RegExp(`COST_TOOL_NAME = '${tool.name}'`));
  });
});
