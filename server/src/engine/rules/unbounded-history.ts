/**
 * unbounded-history: a message list that grows inside a loop or across calls and is never trimmed, so each
 * call re-sends the whole conversation and input cost climbs with every turn.
 */
import { formatTokens } from '../format';
import { toolLoopBoundedByModel } from '../loops';
import type { ListGrowth, Span, Value } from '../model';
import { ruleDocsUrl } from '../report/aggregate';
import { hasNestedOption } from './call-facts';
import type { Rule, RuleFinding } from './rule';

/** A web page, not a repository path: a diagnostic's link must open wherever the user reads it. */
export const TRIMMING_DOCS = `${ruleDocsUrl('unbounded-history')}#how-to-fix`;

/** The list's name from an append (`messages.append(...)`, `history.push(...)`, `self.messages += [...]`). */
function listName(text: string, appends: readonly Span[]): string | null {
  for (const span of appends) {
    const match = /^\s*([\w$.]+?)\s*(?:\.\s*(?:append|push|extend|insert|concat|unshift)\b|\+=|=)/.exec(text.slice(span.start, span.end));
    if (match) return match[1];
  }
  return null;
}

/** Options that have the provider trim old turns server-side (Anthropic context management, OpenAI Responses). */
const SERVER_SIDE_TRIMMING = ['context_management', 'contextManagement'];

/**
 * True when a list local to its function is sent by a call outside every loop that appends to it: the list is
 * rebuilt on each call (a format conversion over the caller's messages, or the first request before an agent
 * loop), so what the call sends is bounded by its input, not by turns that pile up.
 */
function rebuiltPerCall(growth: ListGrowth, callSpan: Span): boolean {
  if (growth.outlivesFunction !== false || !growth.appendLoops) return false;
  const inside = (loop: Span) => loop.file === callSpan.file && loop.start <= callSpan.start && callSpan.end <= loop.end;
  return !growth.appendLoops.some(inside);
}

export const unboundedHistory: Rule = {
  meta: {
    id: 'unbounded-history',
    defaultSeverity: 'warning',
    description: 'A message list appended to inside a loop or across calls with no trimming or summarising.',
    fixable: 'none',
    docs: {
      whatItDoes:
        'Finds calls that send a message list which the code appends to inside a loop, or which outlives the function (a module-level or instance list), and which is never sliced, popped, cleared or reassigned. Not reported: a tool-calling loop that ends when the model stops calling tools (`while response.stop_reason == "tool_use":`, or a `break`/`return` when no tool call comes back) and reads no user turn, since it is bounded by its task; a list local to the function that is sent outside every loop that fills it (a format conversion that rebuilds the list from the caller\'s messages on every call, or the first request before an agent loop); and a call that has the provider trim old context server-side (`context_management` / `contextManagement`).',
      whyBad:
        'Every call re-sends the whole history. A conversation of n turns sends n × (n + 1) / 2 messages in total, so input cost grows with the square of its length until the context window overflows and the call fails.',
      fixSafety:
        'No automatic fix: how much history a feature needs is a product decision. Keep the system prompt and the last few turns (`messages[-10:]` / `messages.slice(-10)`), or replace older turns with a running summary, and cache the stable prefix.',
      incorrect: [
        {
          language: 'python',
          code: `from openai import OpenAI

client = OpenAI()
messages = [{"role": "system", "content": "You are a support assistant."}]


def chat_loop():
    while True:
        messages.append({"role": "user", "content": input("> ")})
        response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=500, messages=messages)
        messages.append({"role": "assistant", "content": response.choices[0].message.content})
`,
        },
        {
          language: 'typescript',
          code: `import OpenAI from 'openai';

const client = new OpenAI();
const history: { role: 'user' | 'assistant'; content: string }[] = [];

export async function reply(question: string) {
  history.push({ role: 'user', content: question });
  const response = await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages: history });
  history.push({ role: 'assistant', content: response.choices[0].message.content ?? '' });
  return response.choices[0].message.content;
}
`,
        },
      ],
      correct: [
        {
          language: 'python',
          code: `from openai import OpenAI

client = OpenAI()
messages = [{"role": "system", "content": "You are a support assistant."}]


def chat_loop():
    while True:
        messages.append({"role": "user", "content": input("> ")})
        del messages[1:-10]
        response = client.chat.completions.create(model="gpt-4o-mini", max_tokens=500, messages=messages)
        messages.append({"role": "assistant", "content": response.choices[0].message.content})
`,
        },
      ],
    },
  },
  check(context) {
    const findings: RuleFinding[] = [];
    for (const analyzed of context.callSites) {
      const site = analyzed.site;
      const list: Value | null = site.messageList;
      if (site.kind !== 'generation' || !list || list.kind !== 'array' || !list.growth) continue;
      const growth = list.growth;
      if (!growth.acrossIterations || growth.trimmed || growth.appends.length === 0) continue;
      if (rebuiltPerCall(growth, site.span)) continue;
      if (hasNestedOption(site, SERVER_SIDE_TRIMMING)) continue;
      if (site.inLoop && toolLoopBoundedByModel(site.call.loops)) continue;
      const appendsHere = growth.appends.filter((span) => span.file === context.file);
      const name = listName(context.text, appendsHere);
      const subject = name ? `\`${name}\`` : 'The message list';
      const count = growth.appends.length;
      const where = site.inLoop ? 'inside a loop' : 'across calls (the list outlives the function)';
      const perTurn = analyzed.tokens.static > 0 ? ` The static part alone is ${formatTokens(analyzed.tokens.static)} token${analyzed.tokens.static === 1 ? '' : 's'} per call today.` : '';
      findings.push({
        file: context.file,
        span: site.calleeSpan,
        callSiteId: site.id,
        message:
          `${subject} grows by ${count} append${count === 1 ? '' : 's'} ${where} and is never trimmed: every call re-sends the whole history, so input cost grows with each turn.` +
          `${perTurn} Keep the last turns or summarise older ones (see ${TRIMMING_DOCS}).`,
        related: appendsHere.map((span) => ({ span, message: 'appended here' })),
        fixes: [],
      });
    }
    return findings;
  },
};
