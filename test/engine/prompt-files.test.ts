/**
 * Prompt files read by code: the report lists each with its tokens, the call sites that send it and their
 * combined monthly cost; verbose-phrasing fixes edit the prompt file itself when the code reads it unchanged.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzeFile, prepareLanguages, type FileAnalysis } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { frontEndModules } from '../../server/src/engine/language-modules';
import { toJsonReport } from '../../server/src/engine/report/json';
import { renderText } from '../../server/src/engine/report/text';
import { computeLineStarts, type ScanResult } from '../../server/src/engine/report/types';
import { countTokens } from '../../server/src/engine/tokens';
import { applyEdits } from '../../server/src/engine/text';
import { createWorkspaceContext } from '../../server/src/engine/workspace';

const POLICY = 'Please answer in two sentences. Make sure to cite the help-center article.\n';

const FILES: Record<string, string> = {
  'prompts/policy.md': POLICY,
  'prompts/crlf.txt': 'Please be brief.\r\nAnswer in English.\r\n',
  'app/answer.py': [
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    'POLICY = open("prompts/policy.md").read()',
    '',
    'def answer(question):',
    '    return client.chat.completions.create(',
    '        model="gpt-4o-mini",',
    '        max_completion_tokens=200,',
    '        messages=[{"role": "system", "content": POLICY}, {"role": "user", "content": question}],',
    '    )',
    '',
    'def short(question):',
    '    return client.chat.completions.create(',
    '        model="gpt-4o-mini",',
    '        max_completion_tokens=50,',
    '        messages=[{"role": "system", "content": open("prompts/crlf.txt").read()}, {"role": "user", "content": question}],',
    '    )',
    '',
  ].join('\n'),
  'web/answer.ts': [
    "import OpenAI from 'openai';",
    "import * as fs from 'node:fs';",
    "import * as path from 'node:path';",
    '',
    'const client = new OpenAI();',
    "const policy = fs.readFileSync(path.join(__dirname, '../prompts/policy.md'), 'utf8');",
    '',
    'export async function answer(question: string) {',
    '  return client.chat.completions.create({',
    "    model: 'gpt-4o-mini',",
    '    max_tokens: 200,',
    "    messages: [{ role: 'system', content: policy }, { role: 'user', content: question }],",
    '  });',
    '}',
    '',
  ].join('\n'),
};

describe('prompt files read by code', () => {
  let analyses: FileAnalysis[];
  let result: ScanResult;
  before(async () => {
    await prepareLanguages(['python', 'typescript']);
    const context = createWorkspaceContext({ root: '/ws', readFile: (rel) => FILES[rel] }, frontEndModules);
    // Every rewrite reported (minTokensSaved 1): the prompt files hold one-word filler.
    analyses = ['app/answer.py', 'web/answer.ts'].map((file) => analyzeFile(file, FILES[file], context, { ...defaultConfig(), minTokensSaved: 1 }));
    const lineStarts: Record<string, number[]> = {};
    for (const [file, text] of Object.entries(FILES)) lineStarts[file] = computeLineStarts(text);
    result = {
      root: '/ws',
      displayRoot: '.',
      prices: { source: 'test', asOf: '2025-01-01' },
      files: analyses,
      lineStarts,
      stats: { filesListed: 2, filesPrefiltered: 0, filesParsed: 2 },
      problems: [],
    };
  });

  test('the JSON report lists each prompt file with its tokens, users and their combined monthly cost', () => {
    const report = toJsonReport(result);
    const perMonth = (file: string, line: number) => report.callSites.find((s) => s.file === file && s.line === line)!.cost!.perMonth;
    assert.deepEqual(report.promptFiles, [
      {
        file: 'prompts/crlf.txt',
        tokens: countTokens('Please be brief.\r\nAnswer in English.\r\n', 'o200k_base'),
        tokenizer: 'o200k_base',
        usedBy: [{ file: 'app/answer.py', line: 14, column: 12 }],
        perMonth: perMonth('app/answer.py', 14),
        unpriced: 0,
      },
      {
        file: 'prompts/policy.md',
        tokens: countTokens(POLICY, 'o200k_base'),
        tokenizer: 'o200k_base',
        usedBy: [
          { file: 'app/answer.py', line: 7, column: 12 },
          { file: 'web/answer.ts', line: 9, column: 10 },
        ],
        perMonth: Number((perMonth('app/answer.py', 7) + perMonth('web/answer.ts', 9)).toPrecision(6)),
        unpriced: 0,
      },
    ]);
  });

  test('the text report has a Prompt files section', () => {
    const text = renderText(result);
    assert.match(text, /^Prompt files \(2\)$/m);
    assert.match(text, /^ {2}prompts\/policy\.md {2}\d+ tokens {2}used by app\/answer\.py:7, web\/answer\.ts:9 {2}\$[\d.,]+\/month$/m);
  });

  test('verbose-phrasing fixes edit a prompt file read unchanged, from Python and from TypeScript', () => {
    for (const analysis of analyses) {
      // The finding sits on the message content in code (the first call of each file sends the policy).
      const finding = analysis.findings.find((f) => f.rule === 'verbose-phrasing');
      assert.ok(finding, `${analysis.file}: ${analysis.findings.map((f) => f.message).join(' | ')}`);
      assert.equal(finding.fixes.length, 1);
      const edits = finding.fixes[0].edits;
      assert.ok(edits.every((edit) => edit.file === 'prompts/policy.md'));
      assert.equal(applyEdits(POLICY, edits), 'Answer in two sentences. Cite the help-center article.\n');
    }
  });

  test('a CRLF file read in Python text mode is not verbatim: reported without a fix', () => {
    const python = analyses[0];
    const finding = python.findings.filter((f) => f.rule === 'verbose-phrasing')[1];
    assert.ok(finding);
    assert.equal(finding.message, 'Verbose phrasing in message 1 (system): filler "Please". Rewriting it saves ≈ 1 token per call (≈ $0.0045/month at 1,000 calls/day, the workspace default). The text is not a plain literal here, so edit it by hand.');
    assert.deepEqual(finding.fixes, []);
  });
});
