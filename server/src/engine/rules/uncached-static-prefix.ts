/**
 * uncached-static-prefix: a static prompt prefix long enough to cache is paid at the full input price on
 * every call.
 * - Anthropic caches only what a `cache_control` breakpoint marks: a long static system prompt (or leading
 *   static messages) with no breakpoint is resent uncached. Fix (safe): wrap the system string into a block
 *   list with `cache_control`.
 * OpenAI and Gemini cache the longest repeated prefix automatically; changing text placed before a long static
 * part there is cache-busting-prefix's finding.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { Fix, ObjectEntry, PromptPart, Span, TextEdit, Value } from '../model';
import { cacheMinimumTokens } from '../pricing';
import { hasNestedOption } from './call-facts';
import { cacheControlPropertyEdits, cachedBlockListEdit } from './fix-edits';
import { formatCallsPerDay, staticText, tokensPerMonth } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';

/** Options that have the provider compact or summarise the history later: what is sent is not a stable prefix. */
const COMPACTION_OPTIONS = ['contextManagement', 'context_management'];

const CACHE_WINDOW_NOTE = 'assumes cache hits on all but the first call in each 5-minute window';

function isStaticPart(part: PromptPart): boolean {
  return part.pieces.length > 0 && part.pieces.every((piece) => piece.kind === 'text');
}

function describe(part: PromptPart): string {
  if (part.messageIndex < 0) return part.role === 'system' ? 'the system prompt' : `the ${part.role} text`;
  return `message ${part.messageIndex + 1} (${part.role})`;
}

/** USD a month saved when `tokens` input tokens of every call are read from the cache instead. */
function cacheSavingPerMonth(analyzed: AnalyzedCallSite, tokens: number): number | null {
  const cost = analyzed.cost;
  if (!cost || cost.price.cacheReadPerMTok === undefined) return null;
  return tokensPerMonth(cost, tokens, cost.price.inputPerMTok - cost.price.cacheReadPerMTok);
}

function check(context: FileRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const analyzed of context.callSites) {
    const site = analyzed.site;
    if (site.kind !== 'generation' || !site.model.value) continue;
    // A history the provider compacts (`contextManagement`) changes its prefix by design: nothing stable to cache.
    if (hasNestedOption(site, COMPACTION_OPTIONS)) continue;
    const provider = site.modelProvider ?? site.provider;
    const minimum = cacheMinimumTokens(provider, site.model.value);
    if (minimum == null) continue;
    const finding = provider === 'anthropic' ? anthropicFinding(context, analyzed, minimum) : null;
    if (finding) findings.push(finding);
  }
  return findings;
}

function anthropicFinding(context: FileRuleContext, analyzed: AnalyzedCallSite, minimum: number): RuleFinding | null {
  const site = analyzed.site;
  const parts = site.promptParts;
  if (parts.length === 0 || parts.some((part) => part.cached)) return null;
  const tokenizer = analyzed.tokens.tokenizer;
  const run: { part: PromptPart; cumulative: number }[] = [];
  let cumulative = 0;
  for (const part of parts) {
    if (!isStaticPart(part)) break;
    cumulative += context.countTokens(staticText(part), tokenizer);
    run.push({ part, cumulative });
  }
  if (run.length === 0 || cumulative < minimum) return null;
  // The system prompt is where people expect the breakpoint; otherwise mark the end of the static run.
  const breakpoint = run[0].part.role === 'system' && run[0].part.messageIndex < 0 && run[0].cumulative >= minimum ? run[0] : run[run.length - 1];
  const cachedTokens = breakpoint.cumulative;
  const saving = cacheSavingPerMonth(analyzed, cachedTokens);
  const money = saving !== null ? `: caching it saves up to ${formatUsd(saving)}/month at ${formatCallsPerDay(analyzed)} (${CACHE_WINDOW_NOTE})` : '';
  const fixes: Fix[] = [];
  if (site.provider === 'anthropic') {
    const edits = breakpointEdits(context, analyzed, breakpoint.part);
    if (edits.length > 0) fixes.push({ title: `Cache ${describe(breakpoint.part)} with cache_control (ephemeral)`, safe: true, edits });
  }
  return {
    file: site.file,
    span: site.calleeSpan,
    message: `Static prefix of ${formatTokens(cachedTokens)} tokens (${describe(breakpoint.part)}) is sent without cache_control, at the full input price on every call${money}.`,
    callSiteId: site.id,
    savingPerMonth: saving !== null && saving > 0 ? saving : undefined,
    related: breakpoint.part.span.file === site.file ? undefined : [{ span: breakpoint.part.span, message: 'the static prompt text' }],
    fixes,
  };
}

/** The expression after `key=` / `key:` of an entry, or the key itself for a `{ system }` shorthand. */
function entryExpression(context: FileRuleContext, entry: ObjectEntry): { span: Span; shorthand: boolean } {
  const text = context.text;
  let start = entry.keySpan.end;
  while (start < entry.span.end && /[\s"'`]/.test(text[start])) start++;
  if (start >= entry.span.end) return { span: entry.span, shorthand: true };
  if (text[start] === '=' || text[start] === ':') start++;
  while (start < entry.span.end && /\s/.test(text[start])) start++;
  return { span: { file: entry.span.file, start, end: entry.span.end }, shorthand: false };
}

function entryOf(value: Value | undefined, key: string): ObjectEntry | undefined {
  if (!value) return undefined;
  if (value.kind === 'object') return value.entries.find((entry) => entry.key === key);
  if (value.kind === 'call') return value.args.named.find((entry) => entry.key === key);
  return undefined;
}

/** The argument entry that holds the breakpoint part: `system=` of the call, or `content` of a message. */
function partEntry(analyzed: AnalyzedCallSite, part: PromptPart): ObjectEntry | undefined {
  const site = analyzed.site;
  if (part.messageIndex < 0) {
    if (part.role !== 'system') return undefined;
    const args = site.call.args;
    const options = args.positional[0]?.kind === 'object' ? args.positional[0] : undefined;
    return args.named.find((entry) => entry.key === 'system') ?? entryOf(options, 'system');
  }
  const list = site.messageList;
  if (!list || list.kind !== 'array') return undefined;
  return entryOf(list.items[part.messageIndex], 'content');
}

function breakpointEdits(context: FileRuleContext, analyzed: AnalyzedCallSite, part: PromptPart): TextEdit[] {
  const entry = partEntry(analyzed, part);
  if (!entry || entry.span.file !== context.file) return [];
  const value = entry.value;
  if (value.kind === 'array') {
    const last = value.items[value.items.length - 1];
    if (!last || last.kind !== 'object' || last.span.file !== context.file) return [];
    return cacheControlPropertyEdits(context.text, last.span, context.language);
  }
  if (value.kind !== 'string') return [];
  const expression = entryExpression(context, entry);
  const edit = cachedBlockListEdit(context.text, expression.span, context.language);
  if (expression.shorthand) edit.newText = `${context.text.slice(entry.keySpan.start, entry.keySpan.end)}: ${edit.newText}`;
  return [edit];
}

/** A support policy long enough to cache (about 1,500 tokens), for the documentation examples. */
export function examplePolicyLines(): string[] {
  const topics = ['refunds', 'invoices', 'password resets', 'data export', 'account deletion', 'plan upgrades', 'plan downgrades', 'outages', 'API rate limits', 'SSO setup', 'billing disputes', 'team invitations', 'two-factor authentication', 'storage quotas', 'webhook failures', 'domain verification'];
  const actions = [
    'check the customer\'s plan and region in the account panel before you answer, and quote the relevant section of the terms of service by its number',
    'never promise a date or an exception that the policy does not state; offer to escalate to a human agent through the escalation form instead',
    'link the matching help-center article, summarise its steps in your own words, and ask whether the steps solved the problem before closing',
  ];
  const lines: string[] = [];
  topics.forEach((topic, i) => actions.forEach((action, j) => lines.push(`${i * actions.length + j + 1}. For questions about ${topic}: ${action}.`)));
  return lines;
}

function anthropicExample(systemArgument: string): string {
  return [
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
    `        ${systemArgument}`,
    '        messages=[{"role": "user", "content": question}],',
    '    )',
    '    return message.content[0].text',
    '',
  ].join('\n');
}

function typeScriptAnthropicExample(systemProperty: string): string {
  return [
    "import Anthropic from '@anthropic-ai/sdk';",
    '',
    'const anthropic = new Anthropic();',
    '',
    'const SUPPORT_POLICY = `You are the support assistant of Acme Cloud. Follow these rules:',
    ...examplePolicyLines(),
    '`;',
    '',
    'export async function answer(question: string) {',
    '  const message = await anthropic.messages.create({',
    "    model: 'claude-sonnet-4-5',",
    '    max_tokens: 1024,',
    `    ${systemProperty}`,
    "    messages: [{ role: 'user', content: question }],",
    '  });',
    '  return message.content;',
    '}',
    '',
  ].join('\n');
}

export const uncachedStaticPrefix: Rule = {
  meta: {
    id: 'uncached-static-prefix',
    defaultSeverity: 'info',
    description: 'A static prompt prefix long enough to cache is sent to Anthropic with no cache_control breakpoint.',
    fixable: 'safe',
    docs: {
      whatItDoes:
        "Anthropic: finds a static system prompt or leading static messages at or above the model's minimum cacheable length (1,024 tokens for Sonnet/Opus, 2,048 for Haiku) with no cache_control breakpoint. Cache markers anywhere in the prompt count as caching: `cache_control` on a block or message, `providerOptions: { anthropic: { cacheControl } }` on a message or content part (Vercel AI SDK), a Bedrock `cachePoint` block; cached tokens are priced at the cache-read rate. A call whose history the provider compacts (`contextManagement` / `context_management`) has no stable prefix and is not reported. OpenAI and Gemini cache repeated prefixes automatically; changing text placed before a long static part there is reported by [cache-busting-prefix](cache-busting-prefix.md).",
      whyBad: 'Cached input tokens cost a tenth (Anthropic, recent OpenAI models) to a half of the input price. A long static prompt resent uncached on every call pays the full price each time.',
      fixSafety:
        'Adding cache_control is safe: the model sees the same input.',
      severityNote:
        "`info` by default: on the judged corpus none of its findings was right (0 of 2; 0 of 6 in the first sample). Both were examples whose history the provider compacts later; they are no longer reported, and it reports nothing else there, so its precision is not measured yet. Raise it to `warning` in prompt-cost.config.json where long static system prompts are sent uncached.",
      incorrect: [
        { language: 'python', code: anthropicExample('system=SUPPORT_POLICY,') },
        { language: 'typescript', code: typeScriptAnthropicExample('system: SUPPORT_POLICY,') },
      ],
      correct: [
        { language: 'python', code: anthropicExample('system=[{"type": "text", "text": SUPPORT_POLICY, "cache_control": {"type": "ephemeral"}}],') },
        { language: 'typescript', code: typeScriptAnthropicExample("system: [{ type: 'text', text: SUPPORT_POLICY, cache_control: { type: 'ephemeral' } }],") },
      ],
    },
  },
  check,
};
