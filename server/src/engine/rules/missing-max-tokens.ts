/**
 * missing-max-tokens: a generation call with no output cap under its SDK's name. Without a cap the model may
 * write up to its maximum output on any call (a runaway list, a loop of repeated text), and output tokens
 * are the expensive ones.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { Fix } from '../model';
import { judgeTask, CAP_FOR_TASK } from '../task-kind';
import { capInsertionEdits } from './fix-edits';
import { outputCostPerCall, promptStaticText } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';

/** Models that spend hidden reasoning tokens from the same budget: a task-sized cap would cut the answer off. */
const REASONING_MODELS = /^(?:[\w-]+\/)?(?:o\d|gpt-5|gemini-2\.5|gemini-3)/i;
const REASONING_CAP = { tokens: 4096, reason: 'reasoning model: thinking tokens count toward the cap' };

/** The cap a fix inserts at this call, sized to the task, with the reason. */
export function suggestedCap(site: AnalyzedCallSite): { tokens: number; reason: string } {
  if (site.site.model.value && REASONING_MODELS.test(site.site.model.value)) return REASONING_CAP;
  const task = judgeTask(promptStaticText(site), { structuredOutput: site.site.structuredOutput });
  return CAP_FOR_TASK[task.kind];
}

/** Parameters the cap could hide in when their value is not known statically. */
const CONFIG_PARAMS = ['config', 'generation_config', 'generationConfig', 'inferenceConfig', 'model_kwargs', 'modelKwargs', 'providerOptions'];

/** True when the call's parameters are partly unknown, so a missing cap may just be out of sight. */
function capMayBeHidden(analyzed: AnalyzedCallSite): boolean {
  const args = analyzed.site.call.args;
  const options = args.positional[0];
  // JS SDKs take one options object; legacy Gemini model objects take the content instead.
  const optionsFirst = analyzed.site.language !== 'python' && !analyzed.site.api.startsWith('GenerativeModel.');
  if (optionsFirst && options && options.kind !== 'object') return true;
  const entries = [...args.named, ...(options?.kind === 'object' ? options.entries : [])];
  return entries.some((entry) => CONFIG_PARAMS.includes(entry.key) && entry.value.kind === 'unknown');
}

function check(context: FileRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const analyzed of context.callSites) {
    const site = analyzed.site;
    if (site.kind !== 'generation' || site.outputCap || site.argumentsOpaque || capMayBeHidden(analyzed)) continue;
    const worstTokens = analyzed.cost?.worstCaseOutputTokens ?? analyzed.cost?.price.maxOutputTokens ?? null;
    const paramName = site.capInsertion?.param ?? 'an output cap';
    let worst: string;
    if (worstTokens != null && analyzed.cost) {
      const perCall = outputCostPerCall(analyzed.cost.price, worstTokens);
      worst = `up to ${formatTokens(worstTokens)} output tokens ≈ ${formatUsd(perCall)} per call (${analyzed.cost.price.model})`;
    } else {
      worst = "up to the model's maximum output";
    }
    const fixes: Fix[] = [];
    if (site.capInsertion) {
      const cap = suggestedCap(analyzed);
      fixes.push({
        title: `Add ${site.capInsertion.param}=${cap.tokens} (${cap.reason})`,
        safe: false,
        edits: capInsertionEdits(context.text, site.file, site.capInsertion, cap.tokens, site.language),
      });
    }
    findings.push({
      file: site.file,
      span: site.calleeSpan,
      message: `No output cap: ${worst}. Set ${paramName} to bound the worst case.`,
      callSiteId: site.id,
      fixes,
    });
  }
  return findings;
}

export const missingMaxTokens: Rule = {
  meta: {
    id: 'missing-max-tokens',
    defaultSeverity: 'warning',
    description: 'A generation call with no output cap (max_tokens, max_output_tokens, maxOutputTokens…).',
    fixable: 'unsafe',
    docs: {
      whatItDoes: 'Finds LLM generation calls that set no output cap under the name their SDK uses, including LangChain chat model constructors.',
      whyBad:
        "Output tokens cost several times input tokens, and with no cap one call may produce up to the model's maximum output. A cap sized to the task bounds the worst case per call.",
      fixSafety:
        'Unsafe: a cap can cut off an answer that is longer than expected. The fix inserts a cap sized to the task the prompt describes (classification 16, extraction 256, summary 300, otherwise 1,024; reasoning models 4,096) in the SDK\'s own syntax.',
      incorrect: [
        {
          language: 'python',
          code: [
            'from openai import OpenAI',
            '',
            'client = OpenAI()',
            '',
            'def classify(ticket: str) -> str:',
            '    response = client.chat.completions.create(',
            '        model="gpt-4o-mini",',
            '        messages=[',
            '            {"role": "system", "content": "Classify the support ticket as billing, bug or other."},',
            '            {"role": "user", "content": ticket},',
            '        ],',
            '    )',
            '    return response.choices[0].message.content',
            '',
          ].join('\n'),
        },
        {
          language: 'typescript',
          code: [
            "import Anthropic from '@anthropic-ai/sdk';",
            '',
            'const anthropic = new Anthropic();',
            '',
            'export async function summarize(text: string) {',
            '  return anthropic.messages.create({',
            "    model: 'claude-haiku-4-5',",
            "    messages: [{ role: 'user', content: `Summarize this article:\\n${text}` }],",
            '  });',
            '}',
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
            'def classify(ticket: str) -> str:',
            '    response = client.chat.completions.create(',
            '        model="gpt-4o-mini",',
            '        messages=[',
            '            {"role": "system", "content": "Classify the support ticket as billing, bug or other."},',
            '            {"role": "user", "content": ticket},',
            '        ],',
            '        max_completion_tokens=16,',
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
