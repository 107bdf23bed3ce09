/**
 * cache-busting-prefix: text that changes from call to call (a date, a request id, the user's input) placed
 * before a long static part, so the provider's prefix cache can never reuse the static part.
 * - OpenAI and Gemini cache the longest repeated prefix automatically (from 1,024 / 2,048+ tokens): a changing
 *   value near the start makes every prefix unique.
 * - Anthropic caches the prefix up to a `cache_control` breakpoint: a changing value before the breakpoint makes
 *   each call write a new cache entry (at the cache-write price) that no later call reads.
 * Fix (unsafe, changes the order of the input): move a wholly dynamic message after the static messages that
 * follow it, when that is a pure reordering of whole list items.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { Fix, PromptPart, Provider, StringPiece, TextEdit, Value } from '../model';
import { cacheMinimumTokens } from '../pricing';
import { hasNestedOption, isTestFile } from './call-facts';
import { moveItemAfter } from './fix-edits';
import { describePart, formatCallsPerDay, tokensPerMonth } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';
import { examplePolicyLines } from './uncached-static-prefix';

const AUTOMATIC_CACHING_PROVIDERS: readonly Provider[] = ['openai', 'azure-openai', 'google'];

/** Options that have the provider compact or summarise the history later: what is sent is not a stable prefix. */
const COMPACTION_OPTIONS = ['contextManagement', 'context_management'];

const CACHE_WINDOW_NOTE = 'assumes cache hits on all but the first call in each 5-minute window';

/**
 * Values that usually stay the same from one call to the next (a document asked several questions, a schema,
 * a prompt template read at run time): placed first they still form a repeated prefix, so they do not bust it.
 */
const STABLE_VALUE = /(?:^|[._\s{(])(?:doc|docs|document|documents|book|article|paper|manual|transcript|corpus|knowledge|kb|reference|references|codebase|repo|schema|schemas|tools?|examples?|few_?shots?|instructions?|system|sys_?prompt|system_?prompt|prompt_?template|template|persona|policy|policies|rules|guidelines|preamble|prefix|header|context_?doc)(?:$|[._\s})\[(A-Z0-9]|_(?:text|content|str|md|prompt))/i;

/** True when the dynamic piece is a value that changes between calls (dates, ids, user input), as far as its expression tells. */
export function isChangingValue(piece: Extract<StringPiece, { kind: 'dynamic' }>): boolean {
  const expression = piece.expression.replace(/^\$\{|\}$/g, '').trim();
  return !STABLE_VALUE.test(expression);
}

/** USD a month saved when `tokens` input tokens of every call are read from the cache instead of paying `paidPerMTok`. */
function savingPerMonth(analyzed: AnalyzedCallSite, tokens: number, paidPerMTok: number | undefined): number | null {
  const cost = analyzed.cost;
  if (!cost || cost.price.cacheReadPerMTok === undefined || paidPerMTok === undefined) return null;
  return tokensPerMonth(cost, tokens, paidPerMTok - cost.price.cacheReadPerMTok);
}

interface BustingValue {
  partIndex: number;
  expression: string;
  /** Static tokens after the value, up to the end of the prompt (automatic caching) or the last breakpoint (Anthropic). */
  staticTokensAfter: number;
}

/** The first changing value in `parts` and the static text that follows it within `parts`. */
function firstBustingValue(context: FileRuleContext, analyzed: AnalyzedCallSite, parts: readonly PromptPart[]): BustingValue | null {
  let found: { partIndex: number; expression: string } | null = null;
  let staticAfter = '';
  parts.forEach((part, partIndex) => {
    for (const piece of part.pieces) {
      if (piece.kind === 'dynamic') {
        if (!found && isChangingValue(piece)) found = { partIndex, expression: piece.expression };
      } else if (found) {
        staticAfter += piece.text;
      }
    }
    if (found) staticAfter += '\n';
  });
  const value = found as { partIndex: number; expression: string } | null;
  if (!value) return null;
  return { ...value, staticTokensAfter: context.countTokens(staticAfter.trim(), analyzed.tokens.tokenizer) };
}

function check(context: FileRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const analyzed of context.callSites) {
    const site = analyzed.site;
    // Test code sends to mocked clients: nothing is billed.
    if (site.kind !== 'generation' || !site.model.value || isTestFile(site.file)) continue;
    // A history the provider compacts (`contextManagement`) changes its prefix by design: nothing stable to cache.
    if (hasNestedOption(site, COMPACTION_OPTIONS)) continue;
    const provider = site.modelProvider ?? site.provider;
    const minimum = cacheMinimumTokens(provider, site.model.value);
    if (minimum == null) continue;
    const finding =
      provider === 'anthropic'
        ? breakpointFinding(context, analyzed, minimum)
        : AUTOMATIC_CACHING_PROVIDERS.includes(provider)
          ? automaticCacheFinding(context, analyzed, minimum)
          : null;
    if (finding) findings.push(finding);
  }
  return findings;
}

function automaticCacheFinding(context: FileRuleContext, analyzed: AnalyzedCallSite, minimum: number): RuleFinding | null {
  const site = analyzed.site;
  const busting = firstBustingValue(context, analyzed, site.promptParts);
  if (!busting || busting.staticTokensAfter < minimum) return null;
  const saving = savingPerMonth(analyzed, busting.staticTokensAfter, analyzed.cost?.price.inputPerMTok);
  const money =
    saving !== null ? `; placed after them, the static text could be read at the cache-read price, saving up to ${formatUsd(saving)}/month at ${formatCallsPerDay(analyzed)} (${CACHE_WINDOW_NOTE})` : '';
  const fixes: Fix[] = [];
  const move = reorderEdit(context, analyzed, busting.partIndex);
  if (move) fixes.push({ title: `Move ${describePart(site.promptParts[busting.partIndex])} after the static messages`, safe: false, edits: [move] });
  return {
    file: site.file,
    span: site.calleeSpan,
    message: `Changing text (${busting.expression}) comes before ${formatTokens(busting.staticTokensAfter)} tokens of static text, so the provider's automatic prefix cache can never reuse them${money}.`,
    callSiteId: site.id,
    savingPerMonth: saving !== null && saving > 0 ? saving : undefined,
    fixes,
  };
}

function breakpointFinding(context: FileRuleContext, analyzed: AnalyzedCallSite, minimum: number): RuleFinding | null {
  const site = analyzed.site;
  const parts = site.promptParts;
  let lastCached = -1;
  parts.forEach((part, index) => {
    if (part.cached) lastCached = index;
  });
  if (lastCached < 0) return null;
  const busting = firstBustingValue(context, analyzed, parts.slice(0, lastCached + 1));
  if (!busting || busting.staticTokensAfter < minimum) return null;
  // A breakpoint on the last message of a growing conversation is read by the next turn: the history before it repeats.
  if (parts[busting.partIndex].messageIndex >= 0 && site.messageList?.kind !== 'array') return null;
  const price = analyzed.cost?.price;
  const saving = savingPerMonth(analyzed, busting.staticTokensAfter, price?.cacheWritePerMTok ?? price?.inputPerMTok);
  const money =
    saving !== null
      ? `; placed after the breakpoint, the static text would be read at the cache-read price instead of written at the cache-write price, saving up to ${formatUsd(saving)}/month at ${formatCallsPerDay(analyzed)} (${CACHE_WINDOW_NOTE})`
      : '';
  const fixes: Fix[] = [];
  const move = reorderEdit(context, analyzed, busting.partIndex);
  if (move) fixes.push({ title: `Move ${describePart(parts[busting.partIndex])} after the static messages`, safe: false, edits: [move] });
  return {
    file: site.file,
    span: site.calleeSpan,
    message: `Changing text (${busting.expression}) comes before ${formatTokens(busting.staticTokensAfter)} tokens of static text inside the cache_control prefix, so every call writes a new cache entry that no call reads${money}.`,
    callSiteId: site.id,
    savingPerMonth: saving !== null && saving > 0 ? saving : undefined,
    fixes,
  };
}

function isStaticPart(part: PromptPart): boolean {
  return part.pieces.length > 0 && part.pieces.every((piece) => piece.kind === 'text');
}

/**
 * Moving the wholly dynamic message after the run of fully static messages that follows it, keeping every
 * other message in order. Null when the dynamic text is only part of a message, not a list item, or carries
 * the breakpoint itself.
 */
function reorderEdit(context: FileRuleContext, analyzed: AnalyzedCallSite, partIndex: number): TextEdit | null {
  const site = analyzed.site;
  const parts = site.promptParts;
  const moved = parts[partIndex];
  const list = site.messageList;
  if (moved.messageIndex < 0 || !list || list.kind !== 'array' || list.span.file !== context.file) return null;
  if (moved.cached || !moved.pieces.every((piece) => piece.kind === 'dynamic')) return null;
  const item = list.items[moved.messageIndex];
  if (!item) return null;
  const run: Value[] = [];
  for (let index = moved.messageIndex + 1; index < list.items.length; index++) {
    const messageParts = parts.filter((part) => part.messageIndex === index);
    if (messageParts.length === 0 || !messageParts.every(isStaticPart)) break;
    run.push(list.items[index]);
  }
  if (run.length === 0) return null;
  return moveItemAfter(context.text, context.file, item.span, run[0].span, run[run.length - 1].span);
}

function openAiExample(fixed: boolean): string {
  const userMessage = "      { role: 'user', content: `Customer ${customerId}, ${new Date().toISOString()}` },";
  const policyMessage = "      { role: 'system', content: SUPPORT_POLICY },";
  return [
    "import OpenAI from 'openai';",
    '',
    'const openai = new OpenAI();',
    '',
    'const SUPPORT_POLICY = `You are the support assistant of Acme Cloud. Follow these rules:',
    ...examplePolicyLines(),
    '`;',
    '',
    'export async function answer(customerId: string, question: string) {',
    '  const completion = await openai.chat.completions.create({',
    "    model: 'gpt-4.1',",
    '    max_completion_tokens: 1024,',
    '    messages: [',
    ...(fixed ? [policyMessage, userMessage] : [userMessage, policyMessage]),
    "      { role: 'user', content: question },",
    '    ],',
    '  });',
    '  return completion.choices[0].message.content;',
    '}',
    '',
  ].join('\n');
}

function anthropicExample(fixed: boolean): string {
  const dated = '"text": f"Today is {date.today():%A %d %B %Y}.\\n\\n" + SUPPORT_POLICY';
  const plain = '"text": SUPPORT_POLICY';
  return [
    'from datetime import date',
    '',
    'import anthropic',
    '',
    'client = anthropic.Anthropic()',
    '',
    'SUPPORT_POLICY = """You are the support assistant of Acme Cloud. Follow these rules:',
    ...examplePolicyLines(),
    '"""',
    '',
    '',
    'def answer(question: str) -> str:',
    '    message = client.messages.create(',
    '        model="claude-sonnet-4-5",',
    '        max_tokens=1024,',
    `        system=[{"type": "text", ${fixed ? plain : dated}, "cache_control": {"type": "ephemeral"}}],`,
    fixed
      ? '        messages=[{"role": "user", "content": f"Today is {date.today():%A %d %B %Y}.\\n\\n{question}"}],'
      : '        messages=[{"role": "user", "content": question}],',
    '    )',
    '    return message.content[0].text',
    '',
  ].join('\n');
}

export const cacheBustingPrefix: Rule = {
  meta: {
    id: 'cache-busting-prefix',
    defaultSeverity: 'info',
    description: 'Changing text (a date, an id, user input) placed before a long static part, so the prefix cache never reuses it.',
    fixable: 'unsafe',
    docs: {
      whatItDoes:
        "Finds a value that changes from call to call placed before at least the provider's minimum cacheable length of static text. OpenAI (1,024 tokens) and Gemini (2,048 or more, implicit caching) cache the longest repeated prefix of a request automatically, so a date, a request id or the user's input ahead of a long system prompt makes every prefix unique. Anthropic caches the prefix up to a `cache_control` breakpoint, so a changing value before the breakpoint makes every call write a new cache entry (at the cache-write price, 1.25 times the input price) that no later call reads. Values that usually repeat between calls (a document asked several questions, a schema, a template read at run time: named `document`, `schema`, `template`, `instructions`…) are not counted as changing. The saving assumes the static text would be read from the cache on all but the first call in each 5-minute window: a best case, said as such in the message.",
      whyBad: 'Cached input tokens cost a tenth (Anthropic, recent OpenAI models) to a quarter of the input price. One changing value at the top of a prompt makes the whole static part after it full price on every call.',
      fixSafety:
        'The fix moves a wholly dynamic message after the run of static messages that follows it; it is unsafe because the model sees the same messages in another order. It is offered only when that is a pure reordering of whole list items. A changing value inside a message (a date in an f-string before the policy) has no fix: move it by hand to the end of the prompt or into the user message.',
      severityNote:
        '`info` by default: it reports nothing on the 26 repositories of the judged corpus (the order finding it took over from uncached-static-prefix was judged wrong twice there, both on calls whose context the provider compacts, which it skips), so its precision is not measured yet. Raise it to `warning` in prompt-cost.config.json where prompts are long and traffic is high.',
      incorrect: [
        { language: 'typescript', code: openAiExample(false) },
        { language: 'python', code: anthropicExample(false) },
      ],
      correct: [
        { language: 'typescript', code: openAiExample(true) },
        { language: 'python', code: anthropicExample(true) },
      ],
    },
  },
  check,
};
