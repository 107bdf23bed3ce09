/**
 * missing-max-tokens: a generation call with no output cap under its SDK's name. Without a cap the model may
 * write up to its maximum output on any call (a runaway list, a loop of repeated text), and output tokens
 * are the expensive ones.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { Fix } from '../model';
import { judgeTask, CAP_FOR_TASK } from '../task-kind';
import { hasNestedOption, hasOption, isAgentLoop, isTestFile } from './call-facts';
import { capInsertionEdits } from './fix-edits';
import { outputCostPerCall, promptStaticText } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';
import { toolLoopBoundedByModel } from '../loops';

/** Models that spend hidden reasoning tokens from the same budget: a task-sized cap would cut the answer off. */
const REASONING_MODELS = /^(?:[\w.-]+\/)?(?:o\d|gpt-5|gemini-2\.5|gemini-3|deepseek-reasoner|[\w.-]*-thinking\b|[\w.-]*-reasoning\b|qwq|magistral)/i;
/** Options that turn reasoning on for a model that also answers without it. */
const REASONING_OPTIONS = ['reasoning_effort', 'reasoningEffort', 'reasoning', 'thinking', 'thinkingConfig', 'thinking_config', 'thinkingBudget', 'thinking_budget', 'enableThinking', 'enable_thinking'];
const REASONING_CAP = { tokens: 4096, reason: 'reasoning model: thinking tokens count toward the cap' };
const AGENT_LOOP_CAP = { tokens: 4096, reason: 'multi-step tool loop: the cap applies to every step' };

/** True when the call reasons before it answers: a reasoning model, or reasoning turned on by an option. */
export function reasons(site: AnalyzedCallSite): boolean {
  return (!!site.site.model.value && REASONING_MODELS.test(site.site.model.value)) || hasNestedOption(site.site, REASONING_OPTIONS);
}

/** The cap a fix inserts at this call, sized to the task, with the reason. */
export function suggestedCap(site: AnalyzedCallSite): { tokens: number; reason: string } {
  if (reasons(site)) return REASONING_CAP;
  if (isAgentLoop(site.site) || isToolCallingLoop(site)) return AGENT_LOOP_CAP;
  const text = promptStaticText(site);
  const task = judgeTask(text, { structuredOutput: site.site.structuredOutput });
  if (ONE_SENTENCE.test(text)) return ONE_SENTENCE_CAP;
  return CAP_FOR_TASK[task.kind];
}

/** A call that passes tools inside a loop that runs until the model stops calling them: every step needs room for its tool calls. */
function isToolCallingLoop(site: AnalyzedCallSite): boolean {
  return site.site.inLoop && hasOption(site.site, ['tools', 'functions']) && toolLoopBoundedByModel(site.site.call.loops);
}

/** "Summarize … in one sentence", "answer in a single line": a short answer whatever the task. */
const ONE_SENTENCE = /\bin (?:one|a single|1) (?:short )?(?:sentence|line)\b/i;
const ONE_SENTENCE_CAP = { tokens: 100, reason: 'one-sentence answer' };

/** Models served on the user's own machine (Ollama, LM Studio, a localhost endpoint): an uncapped reply costs nothing. */
const LOCAL_MODEL = /\bollama\b|\blmstudio\b|\blm_studio\b|\bLMStudio|localhost|127\.0\.0\.1|0\.0\.0\.0/i;

/** True when the call or the client it goes through points at a local model server. */
function callsLocalModel(site: AnalyzedCallSite, text: string): boolean {
  const call = site.site.call;
  if (LOCAL_MODEL.test(text.slice(call.span.start, Math.min(call.span.end, call.span.start + 2000)))) return true;
  const receiver = call.receiver;
  if (receiver && receiver.span.file === site.site.file && LOCAL_MODEL.test(text.slice(receiver.span.start, Math.min(receiver.span.end, receiver.span.start + 2000)))) return true;
  return false;
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
    // A cap set per step (`prepareStep`) is a cap; test code calls mocked clients; local models cost nothing.
    if (hasOption(site, ['prepareStep']) || isTestFile(site.file) || callsLocalModel(analyzed, context.text)) continue;
    const worstTokens = analyzed.cost?.worstCaseOutputTokens ?? analyzed.cost?.price.maxOutputTokens ?? null;
    const paramName = site.capInsertion?.param ?? 'an output cap';
    let worst: string;
    if (worstTokens != null && analyzed.cost) {
      const perCall = outputCostPerCall(analyzed.cost.price, worstTokens);
      worst = `worst case ${formatTokens(worstTokens)} output tokens ≈ ${formatUsd(perCall)} per call (${analyzed.cost.price.model})`;
    } else {
      worst = "worst case the model's maximum output on every call";
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
    defaultSeverity: 'info',
    description: 'A generation call with no output cap (max_tokens, max_output_tokens, maxOutputTokens…).',
    fixable: 'unsafe',
    docs: {
      whatItDoes: 'Finds LLM generation calls that set no output cap under the name their SDK uses, including LangChain chat model constructors.',
      whyBad:
        "Output tokens cost several times input tokens, and with no cap one call may produce up to the model's maximum output. A cap sized to the task bounds the worst case per call.",
      fixSafety:
        'Unsafe: a cap can cut off an answer that is longer than expected. The fix inserts a cap sized to the task the prompt describes (classification 16, extraction 256, summary 300, a one-sentence answer 100, otherwise 1,024) in the SDK\'s own syntax. Reasoning models and calls with reasoning turned on (o-series, `deepseek-reasoner`, `*-thinking`, a reasoning effort, a thinking config at any depth of the options) and multi-step tool loops (`stopWhen`, `maxSteps`, a loop that runs until the model stops calling tools) get 4,096, since every step and its reasoning count toward the cap.',
      severityNote:
        "`info` by default, because most uncapped calls in the judged corpus were true but not worth a warning: one-shot samples and examples run by hand, evaluation scripts, calls whose worst case is a fraction of a cent (9 of 42 judged findings still reported were worth acting on, 21%). The rule cannot tell a production call from a demo by reading the call. Raise it to `warning` or `error` in prompt-cost.config.json (`\"rules\": {\"missing-max-tokens\": \"warning\"}`) for application code, where an uncapped call is a real risk; CI gates (`--fail-on info`) see it either way. Test files, local model servers (Ollama, LM Studio, localhost) and calls with a per-step cap (`prepareStep`) are never reported.",
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
