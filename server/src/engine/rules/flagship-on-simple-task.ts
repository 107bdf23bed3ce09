/**
 * flagship-on-simple-task: a flagship model used for a task a cheaper tier of the same provider handles
 * (classification, extraction into a fixed format, yes/no, short titles, short translation), judged from the
 * prompt's static text or a small cap. A schema alone, agent loops and test files do not count.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatUsd } from '../format';
import type { Fix } from '../model';
import { cheaperTierFor, isFlagship } from '../pricing';
import { beyondExtraction, isFormatOnlyExtraction, isSimpleTask, judgeTask, PROBE_CAP, TASK_KIND_LABELS, type TaskJudgement } from '../task-kind';
import { isAgentLoop, isTestFile } from './call-facts';
import { replaceStringBody, withRoutePrefix } from './fix-edits';
import { modelFindingSpan, whereModelIsSet } from './model-reference';
import { formatCallsPerDay, promptStaticText } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';

/** A cap at or below this many tokens means a short answer, whatever the prompt says. */
const SMALL_CAP = 64;

/** An extraction allowed this many output tokens or more is a long structured answer (an org chart, a whole document), not a short record. */
const LONG_EXTRACTION_CAP = 2000;

/** Below this monthly saving a finding is not worth a warning. */
export const MIN_MONTHLY_SAVING_USD = 1;

/** Why this call counts as a simple task, or null when it does not. */
export function simpleTaskOf(analyzed: AnalyzedCallSite): TaskJudgement | null {
  const site = analyzed.site;
  // A multi-step agent or tool loop plans and acts: not a simple task, whatever one prompt says.
  if (isAgentLoop(site)) return null;
  const cap = site.outputCap?.value ?? null;
  const text = promptStaticText(analyzed);
  const task = judgeTask(text, { cap, structuredOutput: site.structuredOutput });
  if (task.kind === 'extraction') {
    // Extraction that also summarises, answers or explains, or may write thousands of tokens, is not a short record.
    if (beyondExtraction(text) !== null) return null;
    // With thinking or a reasoning effort set, the cap also covers reasoning tokens: it says nothing about the answer's length.
    const capCoversReasoning = site.requestSettings?.reasoningParam !== undefined;
    if (cap !== null && cap >= LONG_EXTRACTION_CAP && !capCoversReasoning) return null;
    // "Only return JSON" names a format, not a task: like a schema, it is no evidence on its own.
    if (isFormatOnlyExtraction(task) && (cap === null || cap > SMALL_CAP)) return null;
  }
  if (isSimpleTask(task.kind)) return task;
  if (task.kind === 'other' && task.evidence !== null) return null; // asks for open-ended writing
  // A cap of a few tokens with no task words is a probe or a cache warm-up.
  if (cap !== null && cap <= PROBE_CAP) return null;
  if (cap !== null && cap <= SMALL_CAP) return { kind: task.kind === 'other' ? 'classification' : task.kind, evidence: `${site.outputCap!.param}=${cap}` };
  return null;
}

/** `a` or `an` before a word, by its first sound (vowel letters; good enough for the task labels). */
export function articleFor(word: string): 'a' | 'an' {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** Extra flagship patterns from the config (`flagshipModels: ["my-finetune-*"]`). */
function flagshipPatternsOf(config: unknown): string[] {
  const patterns = (config as { flagshipModels?: unknown } | null | undefined)?.flagshipModels;
  return Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : [];
}

function check(context: FileRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const analyzed of context.callSites) {
    const site = analyzed.site;
    const model = site.model.value;
    if (site.kind !== 'generation' || !model || !isFlagship(model, flagshipPatternsOf(context.config))) continue;
    // Test code calls mocked clients: no money is spent there.
    if (isTestFile(site.file)) continue;
    const task = simpleTaskOf(analyzed);
    if (!task) continue;
    const cheaper = cheaperTierFor(model);
    if (!cheaper) continue;
    const current = analyzed.cost;
    const alternative = context.costWithModel(analyzed, cheaper);
    let money = '';
    let saving: number | undefined;
    if (current && alternative) {
      saving = current.perMonth - alternative.perMonth;
      if (saving < MIN_MONTHLY_SAVING_USD) continue;
      money = ` would cost ≈ ${formatUsd(saving)}/month less (${formatUsd(alternative.perMonth)} instead of ${formatUsd(current.perMonth)} at ${formatCallsPerDay(analyzed)})`;
    } else {
      money = ' costs less per token';
    }
    const evidence = task.evidence ? ` ("${task.evidence}")` : '';
    const fixes: Fix[] = [];
    const ref = site.model;
    if (ref.editable && ref.span && ref.span.file === site.file && (ref.source === 'literal' || ref.source === 'constant') && site.provider !== 'bedrock') {
      const replacement = withRoutePrefix(model, cheaper);
      // A .prompty model is a YAML scalar whose span is already the name itself (no quotes to keep).
      const edit = site.language === 'prompty' ? { file: ref.span.file, start: ref.span.start, end: ref.span.end, newText: replacement } : replaceStringBody(context.text, ref.span, replacement);
      fixes.push({ title: `Use ${replacement} instead of ${model}`, safe: false, edits: [edit] });
    }
    findings.push({
      file: site.file,
      span: modelFindingSpan(site),
      related: ref.source === 'constant' ? whereModelIsSet(ref) : undefined,
      message: `Flagship model ${model} on ${articleFor(TASK_KIND_LABELS[task.kind])} ${TASK_KIND_LABELS[task.kind]} task${evidence}: ${cheaper}${money}. Check quality on your eval set first.`,
      callSiteId: site.id,
      savingPerMonth: saving !== undefined && saving > 0 ? saving : undefined,
      fixes,
    });
  }
  return findings;
}

export const flagshipOnSimpleTask: Rule = {
  meta: {
    id: 'flagship-on-simple-task',
    defaultSeverity: 'warning',
    description: 'A flagship model used for a simple task (classification, extraction, yes/no, short titles, translation).',
    fixable: 'unsafe',
    docs: {
      whatItDoes:
        'Finds calls to a flagship model (gpt-4o, gpt-4.1, gpt-5, o-series, claude-opus, claude-sonnet, gemini-pro; extend with `flagshipModels` in the config) whose prompt asks for a simple task or whose cap is 2 to 64 tokens. A structured output schema or an output-format phrase alone ("return JSON") is not evidence (recipes, math steps and UI trees come back as JSON too). Task words that are not this call\'s task do not count: negated ("avoid yes/no questions"), quoted, or what another model will do ("a prompt for a sub-agent to extract …"); "translate … into a research brief" is rephrasing. An extraction that also asks for summaries, chapters, answers, explanations or reasoning, or whose cap is 2,000 tokens or more, is not simple. A cap of 1 token with no task words (`max_tokens=1`) is a probe or a cache warm-up and is not reported. Findings saving less than $1/month are dropped; multi-step agent and tool loops (`stopWhen`, `maxSteps`, tool runners) and test files are never reported.',
      whyBad: "A provider's cheaper tier (gpt-4o-mini, claude-haiku, gemini-flash) usually answers short, checkable tasks as well at a fraction of the price.",
      fixSafety: 'Unsafe: another model may answer differently. The fix replaces the model name (in the call or in a same-file constant); check quality on your eval set first.',
      incorrect: [
        {
          language: 'python',
          code: [
            'from openai import OpenAI',
            '',
            'client = OpenAI()',
            '',
            'def label(review: str) -> str:',
            '    response = client.chat.completions.create(',
            '        model="gpt-4o",',
            '        max_completion_tokens=16,',
            '        messages=[',
            '            {"role": "system", "content": "Classify the sentiment of the review as positive, negative or neutral."},',
            '            {"role": "user", "content": review},',
            '        ],',
            '    )',
            '    return response.choices[0].message.content',
            '',
          ].join('\n'),
        },
      ],
      correct: [
        {
          language: 'python',
          code: [
            'from openai import OpenAI',
            '',
            'client = OpenAI()',
            '',
            'def label(review: str) -> str:',
            '    response = client.chat.completions.create(',
            '        model="gpt-4o-mini",',
            '        max_completion_tokens=16,',
            '        messages=[',
            '            {"role": "system", "content": "Classify the sentiment of the review as positive, negative or neutral."},',
            '            {"role": "user", "content": review},',
            '        ],',
            '    )',
            '    return response.choices[0].message.content',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  check,
};
