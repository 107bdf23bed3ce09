/**
 * output-verbosity: the prompt asks for long output ("detailed", "comprehensive", "at least 500 words") while
 * the output cap is missing or large, so the most expensive tokens of the call have no ceiling.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import { isTestFile } from './call-facts';
import { isInstructionPart, outputCostPerCall, writtenText } from './prompt-text';
import type { Rule, RuleFinding } from './rule';

/** Caps at or above this leave a verbose prompt effectively unbounded. */
export const LARGE_CAP = 2000;

const VERBOSE_REQUEST =
  /(?<![\w-])(?:as\s+much\s+detail\s+as\s+possible|in\s+(?:great\s+|full\s+)?detail|detailed|comprehensive(?:ly)?|thorough(?:ly)?|elaborate|long-form|at\s+least\s+\d[\d,]*\s+words)(?![\w-])/gi;
/** A request negated just before it ("do not be detailed", "no lengthy", "avoid comprehensive") is the opposite. */
const NEGATION = /\b(?:not|no|never|avoid|without|don't|do\s+not|instead\s+of)\s+(?:\w+\s+){0,2}$/i;

/** The verbose requests in a call's instructions, in order, without repeats. */
export function verboseRequests(site: AnalyzedCallSite['site']): string[] {
  const found: string[] = [];
  const parts = site.promptParts;
  // The last assistant turn: user turns before it were answered already (conversation history, not this call's request).
  const lastAnswer = parts.reduce((last, part, index) => (part.role === 'assistant' ? index : last), -1);
  for (const [index, part] of parts.entries()) {
    if (!isInstructionPart(part)) continue;
    if (part.role === 'user' && index < lastAnswer) continue;
    const text = writtenText(part);
    VERBOSE_REQUEST.lastIndex = 0;
    for (let match = VERBOSE_REQUEST.exec(text); match; match = VERBOSE_REQUEST.exec(text)) {
      if (NEGATION.test(text.slice(Math.max(0, match.index - 40), match.index))) continue;
      const phrase = match[0].toLowerCase().replace(/\s+/g, ' ');
      if (!found.includes(phrase)) found.push(phrase);
    }
  }
  return found;
}

export const outputVerbosity: Rule = {
  meta: {
    id: 'output-verbosity',
    defaultSeverity: 'info',
    description: 'The prompt asks for detailed or long output while the output cap is missing or large.',
    fixable: 'none',
    docs: {
      whatItDoes: `Finds calls whose static prompt text asks for long output ("detailed", "comprehensive", "in detail", "thorough", "elaborate", "as much detail as possible", "long-form", "at least N words") while the call has no output cap or a cap of ${formatTokens(LARGE_CAP)} tokens or more. Only instructions written in code for this call count: words in assistant turns, in user turns the conversation already answered, in interpolated values and in data files read at run time (a pasted reference guide) describe the data, not the requested output. Test files are not reported. The message gives the worst-case output cost per call: at the cap, or at the model's maximum output when there is none.`,
      whyBad:
        'Output tokens cost several times as much as input tokens, and a prompt that asks for detail gets it: the reply runs to the cap. Without a cap that is the model\'s maximum output on every call.',
      severityNote:
        "`info` by default: on the judged corpus none of its findings was worth a warning (0 of 25: 7 wrong, 18 true but worthless). Length words often describe how to research or what a long deliverable must cover, which the rule cannot tell from a request for padding. Raise it to `warning` in prompt-cost.config.json where prompts are written for short answers.",
      fixSafety:
        'No automatic fix: whether the long answer is wanted is a product decision. Ask for the length you need ("in at most 5 bullet points") and set a cap that fits it.',
      incorrect: [
        {
          language: 'python',
          code: `import anthropic

client = anthropic.Anthropic()


def explain(topic: str) -> str:
    message = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=8192,
        messages=[{"role": "user", "content": f"Write a detailed, comprehensive explanation of {topic}."}],
    )
    return message.content[0].text
`,
        },
        {
          language: 'typescript',
          code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function report(data: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'Analyse the sales data in as much detail as possible.' },
      { role: 'user', content: data },
    ],
  });
  return response.choices[0].message.content;
}
`,
        },
      ],
      correct: [
        {
          language: 'python',
          code: `import anthropic

client = anthropic.Anthropic()


def explain(topic: str) -> str:
    message = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=600,
        messages=[{"role": "user", "content": f"Write a detailed explanation of {topic} in at most 300 words."}],
    )
    return message.content[0].text
`,
        },
      ],
    },
  },
  check(context) {
    const findings: RuleFinding[] = [];
    for (const analyzed of context.callSites) {
      const site = analyzed.site;
      // Test code calls mocked clients: no output is paid for there.
      if (site.kind !== 'generation' || isTestFile(site.file)) continue;
      const cap = site.outputCap;
      if (cap && (cap.value === null || cap.value < LARGE_CAP)) continue;
      // Parameters built at run time may hold a cap we cannot see.
      if (!cap && site.argumentsOpaque) continue;
      const requests = verboseRequests(site);
      if (requests.length === 0) continue;
      const asked = requests.map((r) => `"${r}"`).join(', ');
      const ceiling = cap ? cap.value : (analyzed.cost?.worstCaseOutputTokens ?? null);
      const price = analyzed.cost?.price;
      let exposure: string;
      if (ceiling !== null && price) {
        const perCall = outputCostPerCall(price, ceiling);
        exposure = cap
          ? `the cap ${cap.param}=${formatTokens(ceiling)} allows ≈ ${formatUsd(perCall)} of output per call in the worst case`
          : `with no cap a reply can run to ${formatTokens(ceiling)} output tokens, worst case ≈ ${formatUsd(perCall)} per call`;
      } else if (ceiling !== null) {
        exposure = cap ? `the cap ${cap.param}=${formatTokens(ceiling)} barely limits it` : `with no cap a reply can run to ${formatTokens(ceiling)} output tokens in the worst case`;
      } else {
        exposure = cap ? `the cap ${cap.param} is large` : "with no cap a reply can run to the model's maximum output";
      }
      findings.push({
        file: context.file,
        span: site.calleeSpan,
        callSiteId: site.id,
        message: `The prompt asks for long output (${asked}) and ${exposure}. Ask for the length you need and cap the output to match.`,
        fixes: [],
      });
    }
    return findings;
  },
};
