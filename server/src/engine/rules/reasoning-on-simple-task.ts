/**
 * reasoning-on-simple-task: high reasoning effort or a large thinking budget on a classification / extraction-style
 * task. Reasoning tokens are billed as output and are spent before the short answer; a label or a small record
 * rarely needs them.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { Fix, RequestSettings } from '../model';
import { reasoningOf } from '../output-estimate';
import { TASK_KIND_LABELS } from '../task-kind';
import { articleFor, simpleTaskOf } from './flagship-on-simple-task';
import { isTestFile } from './call-facts';
import { replaceStringBody } from './fix-edits';
import { tokensPerMonth } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';

/** Efforts that count as high. */
const HIGH_EFFORTS: ReadonlySet<string> = new Set(['high', 'xhigh']);
/** A thinking budget at or above this many tokens is large for a short answer. */
export const LARGE_THINKING_BUDGET = 4096;

/** The lower setting the rule proposes and the reasoning it leaves, or null when the call's setting is not high. */
function lowerSetting(model: string, settings: RequestSettings): { label: string; reasoningTokens: number; replacement: string } | null {
  const effort = settings.reasoningEffort?.toLowerCase();
  if (effort && HIGH_EFFORTS.has(effort)) {
    const low = reasoningOf(model, { ...settings, thinkingBudget: undefined, reasoningEffort: 'low' });
    return { label: `${settings.reasoningParam ?? 'reasoning_effort'}="low"`, reasoningTokens: low?.tokens ?? 0, replacement: 'low' };
  }
  if (settings.thinkingBudget !== undefined && settings.thinkingBudget >= LARGE_THINKING_BUDGET) {
    return { label: /budget_tokens|budgetTokens/.test(settings.reasoningParam ?? '') ? 'thinking turned off' : `${settings.reasoningParam}=0`, reasoningTokens: 0, replacement: '0' };
  }
  return null;
}

function check(context: FileRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const analyzed of context.callSites) {
    const { site, cost } = analyzed;
    const settings = site.requestSettings;
    const model = site.model.value;
    if (site.kind !== 'generation' || !settings || !model || isTestFile(site.file)) continue;
    const lower = lowerSetting(model, settings);
    if (!lower) continue;
    const task = simpleTaskOf(analyzed);
    if (!task) continue;
    const setting = settings.reasoningEffort !== undefined ? `${settings.reasoningParam}="${settings.reasoningEffort}"` : `${settings.reasoningParam}=${formatTokens(settings.thinkingBudget ?? 0)}`;
    let money = '';
    let saving: number | undefined;
    if (cost && cost.reasoningTokens !== undefined && cost.visibleOutputTokens !== undefined) {
      const completions = cost.completions ?? 1;
      const cap = site.outputCap?.value ?? Infinity;
      const now = Math.min(cap, cost.visibleOutputTokens + cost.reasoningTokens);
      const after = Math.min(cap, cost.visibleOutputTokens + lower.reasoningTokens);
      const savedTokens = (now - after) * completions;
      if (savedTokens > 0) {
        saving = tokensPerMonth(cost, savedTokens, cost.price.outputPerMTok);
        money = `: ${lower.label} saves ≈ ${formatUsd(saving)}/month (≈ ${formatTokens(now - after)} fewer reasoning tokens per call)`;
      }
    }
    const fixes: Fix[] = [];
    const span = settings.reasoningValueSpan;
    const inFile = !!span && span.file === site.file;
    // Anthropic's budget_tokens cannot be 0 (thinking is turned off by removing it): no edit for that one.
    const anthropicBudget = /budget_tokens|budgetTokens/.test(settings.reasoningParam ?? '');
    if (span && inFile && (settings.reasoningValueIsString || !anthropicBudget)) {
      const edit = settings.reasoningValueIsString ? replaceStringBody(context.text, span, lower.replacement) : { file: span.file, start: span.start, end: span.end, newText: lower.replacement };
      fixes.push({ title: `Use ${lower.label}`, safe: false, edits: [edit] });
    }
    const evidence = task.evidence ? ` ("${task.evidence}")` : '';
    findings.push({
      file: site.file,
      span: settings.reasoningValueSpan && settings.reasoningValueSpan.file === site.file ? settings.reasoningValueSpan : site.calleeSpan,
      message: `${setting} on ${articleFor(TASK_KIND_LABELS[task.kind])} ${TASK_KIND_LABELS[task.kind]} task${evidence}${money}. Reasoning tokens are billed as output; check quality on your eval set first.`,
      callSiteId: site.id,
      savingPerMonth: saving !== undefined && saving > 0 ? saving : undefined,
      fixes,
    });
  }
  return findings;
}

export const reasoningOnSimpleTask: Rule = {
  meta: {
    id: 'reasoning-on-simple-task',
    defaultSeverity: 'info',
    description: 'High reasoning effort or a large thinking budget on a classification or extraction-style task.',
    fixable: 'unsafe',
    docs: {
      whatItDoes: `Finds calls that ask for high reasoning effort (\`reasoning_effort="high"\`, \`reasoning: { effort: "high" }\`, \`providerOptions.openai.reasoningEffort\`) or a thinking budget of ${formatTokens(LARGE_THINKING_BUDGET)} tokens or more (Anthropic \`thinking.budget_tokens\`, Gemini \`thinking_budget\`) on a simple task: classification, extraction, yes/no, a short title or a translation, judged from the prompt's static text or a small cap as \`flagship-on-simple-task\` judges it. The message gives the monthly saving of low effort, or of no thinking, with the reasoning assumptions of docs/tokens.md.`,
      whyBad:
        'Reasoning tokens are billed as output tokens and are spent before the answer: thousands of them for a one-word label can cost more than the rest of the call together.',
      fixSafety:
        'Unsafe: less reasoning may change the answers. The fix lowers the effort to "low" or sets a Gemini thinking budget to 0; an Anthropic thinking budget has no automatic fix (turn thinking off by removing `thinking`). Check quality on your eval set first.',
      severityNote: 'Info by default until its precision is measured on the judged findings corpus (a warning must reach 90% there).',
      incorrect: [
        {
          language: 'python',
          code: `from openai import OpenAI

client = OpenAI()


def label(ticket: str) -> str:
    response = client.chat.completions.create(
        model="o4-mini",
        reasoning_effort="high",
        max_completion_tokens=8000,
        messages=[
            {"role": "system", "content": "Classify the support ticket as billing, bug or account."},
            {"role": "user", "content": ticket},
        ],
    )
    return response.choices[0].message.content
`,
        },
      ],
      correct: [
        {
          language: 'python',
          code: `from openai import OpenAI

client = OpenAI()


def label(ticket: str) -> str:
    response = client.chat.completions.create(
        model="o4-mini",
        reasoning_effort="low",
        max_completion_tokens=8000,
        messages=[
            {"role": "system", "content": "Classify the support ticket as billing, bug or account."},
            {"role": "user", "content": ticket},
        ],
    )
    return response.choices[0].message.content
`,
        },
      ],
    },
  },
  check,
};
