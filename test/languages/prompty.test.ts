/**
 * The .prompty front end and provider: front matter -> provider, model, cap; template -> messages with
 * static and dynamic pieces at their exact offsets. Then a rule table: the rules run on .prompty files and
 * their fixes edit the YAML and the template (exact fixed text).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFile, type FileAnalysis } from '../../server/src/engine/analyze';
import { defaultConfig, type Config } from '../../server/src/engine/config';
import { isolatedContext } from '../../server/src/engine/languages/context';
import { parsePrompty } from '../../server/src/engine/languages/prompty';
import type { StringPiece } from '../../server/src/engine/model';
import { examplePolicyLines } from '../../server/src/engine/rules/uncached-static-prefix';
import { applyEdits, LineIndex } from '../../server/src/engine/text';

const FILE = 'prompts/triage.prompty';

function analyze(text: string, config: Config = defaultConfig()): FileAnalysis {
  return analyzeFile(FILE, text, isolatedContext, config);
}

/** Each piece as `text:<source slice>` or `dynamic:<expression>`, checking that text pieces map to their span exactly. */
function describePieces(text: string, pieces: readonly StringPiece[]): string[] {
  return pieces.map((piece) => {
    if (piece.kind === 'dynamic') return `dynamic:${piece.expression}`;
    assert.equal(piece.verbatim, true);
    assert.equal(text.slice(piece.span!.start, piece.span!.end), piece.text);
    return `text:${piece.text}`;
  });
}

const TRIAGE = `---
name: Ticket triage
description: Labels incoming support tickets.
model:
  api: chat
  configuration:
    type: azure_openai
    azure_deployment: gpt-4o-mini
    azure_endpoint: \${env:AZURE_OPENAI_ENDPOINT}
  parameters:
    max_tokens: 16
    temperature: 0
inputs:
  ticket:
    type: string
sample:
  ticket: My invoice shows the wrong VAT number.
---
system:
Classify the support ticket as billing, bug or other.
{% if examples %}Examples: {{ examples | join(", ") }}{% endif %}

user:
{{ticket}}
`;

describe('prompty front end', () => {
  test('front matter: provider, model, cap; the call sits on the model key', () => {
    const analysis = analyze(TRIAGE);
    assert.deepEqual(analysis.errors, []);
    assert.equal(analysis.callSites.length, 1);
    const { site, cost } = analysis.callSites[0];
    assert.equal(site.id, `${FILE}:4:1`);
    assert.equal(site.language, 'prompty');
    assert.equal(site.provider, 'azure-openai');
    assert.equal(site.modelProvider, 'azure-openai');
    assert.equal(site.api, 'chat.completions.create');
    assert.deepEqual(site.model, {
      value: 'gpt-4o-mini',
      source: 'literal',
      editable: true,
      span: { file: FILE, start: TRIAGE.indexOf('gpt-4o-mini'), end: TRIAGE.indexOf('gpt-4o-mini') + 'gpt-4o-mini'.length },
      note: 'Azure deployment name; priced as the model of the same name',
    });
    assert.deepEqual(site.outputCap, { param: 'max_tokens', value: 16, span: { file: FILE, start: TRIAGE.indexOf('16\n'), end: TRIAGE.indexOf('16\n') + 2 } });
    assert.equal(TRIAGE.slice(site.calleeSpan.start, site.calleeSpan.end), 'model');
    assert.ok(cost, 'gpt-4o-mini has a price');
    // A classification's typical reply is a label; the cap is the worst case.
    assert.equal(cost.expectedOutputTokens, 10);
    assert.equal(cost.worstCaseOutputTokens, 16);
  });

  test('template: one message per role marker, text static and verbatim, {{ }} and {% %} dynamic, block ends dropped', () => {
    const [{ site }] = analyze(TRIAGE).callSites;
    assert.deepEqual(
      site.promptParts.map((part) => ({ role: part.role, index: part.messageIndex, pieces: describePieces(TRIAGE, part.pieces) })),
      [
        {
          role: 'system',
          index: 0,
          pieces: ['text:Classify the support ticket as billing, bug or other.\n', 'dynamic:{% if examples %}', 'text:Examples: ', 'dynamic:examples | join(", ")'],
        },
        { role: 'user', index: 1, pieces: ['dynamic:ticket'] },
      ],
    );
    const system = site.promptParts[0];
    assert.equal(TRIAGE.slice(system.span.start, system.span.end), 'Classify the support ticket as billing, bug or other.\n{% if examples %}Examples: {{ examples | join(", ") }}{% endif %}');
  });

  test('configuration types: openai with name, environment references with and without a default, completion api', () => {
    const openai = analyze('---\nmodel:\n  api: completion\n  configuration:\n    type: openai\n    name: "gpt-4o"\n---\nWrite a haiku about {{topic}}.\n');
    const site = openai.callSites[0].site;
    assert.equal(site.provider, 'openai');
    assert.equal(site.api, 'completions.create');
    assert.equal(site.model.value, 'gpt-4o');
    assert.equal(site.model.editable, true);
    assert.equal(openai.callSites[0].site.promptParts[0].role, 'system', 'text before any role marker is the system message');

    const withDefault = analyze('---\nmodel:\n  configuration:\n    azure_deployment: ${env:DEPLOYMENT:gpt-4o-mini}\n---\nuser:\nHi\n').callSites[0].site.model;
    assert.deepEqual([withDefault.value, withDefault.source, withDefault.editable, withDefault.note], ['gpt-4o-mini', 'default', false, 'default of environment variable DEPLOYMENT']);
    const withoutDefault = analyze('---\nmodel:\n  configuration:\n    azure_deployment: ${env:DEPLOYMENT}\n---\nuser:\nHi\n').callSites[0];
    assert.deepEqual([withoutDefault.site.model.value, withoutDefault.site.model.note], [null, 'environment variable DEPLOYMENT without a default']);
    assert.equal(withoutDefault.cost, null);
  });

  test('a YAML error is reported at its place and the template is still priced', () => {
    const text = '---\nmodel:\n  parameters: [1\n---\nuser:\nHello there\n';
    const analysis = analyze(text);
    assert.equal(analysis.errors.length > 0, true);
    assert.match(analysis.errors[0].message, /^front matter: /);
    assert.ok(analysis.errors[0].span.start >= text.indexOf('['));
    assert.deepEqual(analysis.callSites[0].site.promptParts.map((p) => describePieces(text, p.pieces)), [['text:Hello there']]);
  });

  test('an unclosed front matter is an error and no call', () => {
    const analysis = analyze('---\nmodel:\n  api: chat\nuser:\nHi\n');
    assert.deepEqual(analysis.errors.map((e) => e.message), ['front matter is not closed: no line `---` after the opening one']);
    assert.deepEqual(analysis.callSites, []);
  });

  test('CRLF files, a BOM and # role markers keep exact offsets', () => {
    const text = '\uFEFF---\r\nmodel:\r\n  configuration:\r\n    name: gpt-4o-mini\r\n---\r\n# system:\r\nBe brief.\r\n# user:\r\n{{q}}\r\n';
    const document = parsePrompty('a.prompty', text);
    assert.deepEqual(document.errors, []);
    assert.deepEqual(document.parts.map((p) => [p.role, describePieces(text, p.pieces)]), [
      ['system', ['text:Be brief.']],
      ['user', ['dynamic:q']],
    ]);
    assert.equal(text.slice(document.modelName!.span.start, document.modelName!.span.end), 'gpt-4o-mini');
  });

  test('comments in the front matter carry annotations and ignore directives', () => {
    const text = '---\n# prompt-cost: calls-per-day=5000\n# prompt-cost-ignore-next-line missing-max-tokens\nmodel:\n  configuration:\n    name: gpt-4o-mini\n---\nuser:\n{{q}}\n';
    const analysis = analyze(text);
    assert.equal(analysis.callSites[0].usage.callsPerDay, 5000);
    assert.equal(analysis.callSites[0].usage.source, 'annotation');
    assert.deepEqual(analysis.findings.filter((f) => f.rule === 'missing-max-tokens'), []);
  });
});

interface PromptyCase {
  name: string;
  code: string;
  /** 1-based lines of the rule's findings. */
  lines: number[];
  messageIncludes?: string;
  /** Exact text after the first finding's first fix; null: no fix. */
  output?: string | null;
  /** The config to analyse with (default: defaultConfig()). */
  config?: Config;
}

function runPromptyRule(rule: string, cases: PromptyCase[]): void {
  describe(`${rule} on .prompty files`, () => {
    for (const testCase of cases) {
      test(testCase.name, () => {
        const analysis = analyze(testCase.code, testCase.config);
        assert.deepEqual(analysis.errors, []);
        const findings = analysis.findings.filter((f) => f.rule === rule);
        const lines = new LineIndex(testCase.code);
        assert.deepEqual(
          findings.map((f) => lines.position(f.span.start).line + 1),
          testCase.lines,
          findings.map((f) => f.message).join(' | '),
        );
        if (testCase.messageIncludes) assert.ok(findings[0].message.includes(testCase.messageIncludes), findings[0].message);
        if (testCase.output === undefined) return;
        if (testCase.output === null) {
          assert.deepEqual(findings[0].fixes, []);
          return;
        }
        const fix = findings[0].fixes[0];
        assert.ok(fix.edits.every((edit) => edit.file === FILE));
        const output = applyEdits(testCase.code, fix.edits);
        assert.equal(output, testCase.output);
        const after = analyze(output, testCase.config);
        assert.deepEqual(after.errors, [], 'the fixed file still parses');
        assert.ok(after.findings.filter((f) => f.rule === rule).length < findings.length, 'the fixed finding is gone');
      });
    }
  });
}

const frontMatter = (model: string[]) => ['---', 'name: Sentiment', 'model:', ...model, '---', 'system:', 'Label the review as positive, negative or neutral.', '', 'user:', '{{review}}', ''].join('\n');

runPromptyRule('missing-max-tokens', [
  {
    name: 'no max_tokens in parameters: added as their last key',
    code: frontMatter(['  api: chat', '  configuration:', '    type: openai', '    name: gpt-4o-mini', '  parameters:', '    temperature: 0']),
    lines: [3],
    messageIncludes: 'Set max_tokens',
    output: frontMatter(['  api: chat', '  configuration:', '    type: openai', '    name: gpt-4o-mini', '  parameters:', '    temperature: 0', '    max_tokens: 16']),
  },
  {
    name: 'no parameters at all: a parameters mapping is created under model',
    code: frontMatter(['  configuration:', '    type: openai', '    name: gpt-4o-mini']),
    lines: [3],
    output: frontMatter(['  configuration:', '    type: openai', '    name: gpt-4o-mini', '  parameters:', '    max_tokens: 16']),
  },
  {
    name: 'four-space indentation is kept',
    code: frontMatter(['    configuration:', '        type: openai', '        name: gpt-4o-mini']),
    lines: [3],
    output: frontMatter(['    configuration:', '        type: openai', '        name: gpt-4o-mini', '    parameters:', '        max_tokens: 16']),
  },
  {
    name: 'flow mapping parameters get one more entry',
    code: frontMatter(['  configuration:', '    type: openai', '    name: gpt-4o-mini', '  parameters: {temperature: 0}']),
    lines: [3],
    output: frontMatter(['  configuration:', '    type: openai', '    name: gpt-4o-mini', '  parameters: {temperature: 0, max_tokens: 16}']),
  },
  {
    name: 'a capped prompty is fine',
    code: frontMatter(['  configuration:', '    type: openai', '    name: gpt-4o-mini', '  parameters:', '    max_tokens: 16']),
    lines: [],
  },
]);

runPromptyRule('verbose-phrasing', [
  {
    name: 'filler in the template is rewritten in place',
    config: { ...defaultConfig(), minTokensSaved: 1 },
    code: '---\nmodel:\n  configuration:\n    name: gpt-4o-mini\n  parameters:\n    max_tokens: 300\n---\nsystem:\nPlease summarize the article in three bullet points. Make sure to keep each bullet short.\n\nuser:\n{{article}}\n',
    lines: [9],
    messageIncludes: 'filler "Please", "Make sure to"',
    output: '---\nmodel:\n  configuration:\n    name: gpt-4o-mini\n  parameters:\n    max_tokens: 300\n---\nsystem:\nSummarize the article in three bullet points. Keep each bullet short.\n\nuser:\n{{article}}\n',
  },
  {
    name: 'text around a placeholder is fixed without touching it',
    config: { ...defaultConfig(), minTokensSaved: 1 },
    code: '---\nmodel:\n  configuration:\n    name: gpt-4o-mini\n  parameters:\n    max_tokens: 300\n---\nuser:\nI would like you to translate {{text}} into French, please.\n',
    lines: [9],
    output: '---\nmodel:\n  configuration:\n    name: gpt-4o-mini\n  parameters:\n    max_tokens: 300\n---\nuser:\nTranslate {{text}} into French.\n',
  },
]);

runPromptyRule('flagship-on-simple-task', [
  {
    name: 'flagship deployment on a classification: the YAML scalar is swapped',
    code: frontMatter(['  configuration:', '    type: azure_openai', '    azure_deployment: gpt-4o', '  parameters:', '    max_tokens: 16']),
    lines: [6],
    messageIncludes: 'Flagship model gpt-4o on a classification task',
    output: frontMatter(['  configuration:', '    type: azure_openai', '    azure_deployment: gpt-4o-mini', '  parameters:', '    max_tokens: 16']),
  },
  {
    name: 'a quoted scalar keeps its quotes',
    code: frontMatter(['  configuration:', '    type: openai', "    name: 'gpt-4o'", '  parameters:', '    max_tokens: 16']),
    lines: [6],
    output: frontMatter(['  configuration:', '    type: openai', "    name: 'gpt-4o-mini'", '  parameters:', '    max_tokens: 16']),
  },
  {
    name: 'the cheaper tier is fine',
    code: frontMatter(['  configuration:', '    type: openai', '    name: gpt-4o-mini', '  parameters:', '    max_tokens: 16']),
    lines: [],
  },
]);

const policy = examplePolicyLines();
runPromptyRule('cache-busting-prefix', [
  {
    name: 'a placeholder before a long static policy defeats automatic prefix caching (no fix: reorder by hand)',
    code: ['---', 'model:', '  configuration:', '    type: openai', '    name: gpt-4.1', '  parameters:', '    max_tokens: 1024', '---', 'system:', 'Customer tier: {{tier}}', ...policy, '', 'user:', '{{question}}', ''].join('\n'),
    lines: [2],
    messageIncludes: 'Changing text (tier) comes before',
    output: null,
  },
  {
    name: 'static policy first, placeholders after: fine',
    code: ['---', 'model:', '  configuration:', '    type: openai', '    name: gpt-4.1', '  parameters:', '    max_tokens: 1024', '---', 'system:', ...policy, 'Customer tier: {{tier}}', '', 'user:', '{{question}}', ''].join('\n'),
    lines: [],
  },
]);
