/**
 * cache-below-minimum: a `cache_control` breakpoint on a prefix shorter than the model's minimum cacheable
 * length. Anthropic caches nothing below the minimum (1,024 tokens for most Claude models, 2,048 or 4,096 for
 * some), so the marked prefix is billed at the full input price on every call while the code reads as cached.
 * No fix: the prefix reaches the minimum only with more content, and removing the marker changes no bill.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { PromptPart, Value } from '../model';
import { cacheMinimumSource, cacheMinimumTokens } from '../pricing';
import { callOptions, isTestFile } from './call-facts';
import { describePart, formatCallsPerDay, staticText, tokensPerMonth } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';

/**
 * Claude token counts here are estimates: report only a prefix clearly below the minimum (under this share of
 * it), so an estimate a little low never claims that a prefix which does cache caches nothing.
 */
const ESTIMATE_MARGIN = 0.8;

function isStaticPart(part: PromptPart): boolean {
  return part.pieces.length > 0 && part.pieces.every((piece) => piece.kind === 'text') && (part.media ?? []).length === 0;
}

/**
 * Anthropic-defined tools (text editor, computer use, bash: `{"type": "text_editor_20250124"}`,
 * `anthropic.tools.textEditor_20250124(...)`) add a system prompt of several hundred tokens that the code does
 * not show, so a prefix with one has an unknown length.
 */
function isProviderDefinedTool(value: Value): boolean {
  if (value.kind === 'call') return /\.tools\.\w+/.test(value.calleeText);
  if (value.kind === 'array') return value.items.some(isProviderDefinedTool);
  if (value.kind !== 'object') return false;
  return value.entries.some(
    (entry) =>
      (entry.key === 'type' && entry.value.kind === 'string' && entry.value.pieces.some((piece) => piece.kind === 'text' && /_\d{8}$/.test(piece.text))) ||
      isProviderDefinedTool(entry.value),
  );
}

/** Tool definitions are part of the cached prefix; their tokens are known only when every definition is static. */
function toolTokens(analyzed: AnalyzedCallSite): number | null {
  const tools = analyzed.site.requestSettings?.tools ?? [];
  // The tools as written (the settings rebuild a Vercel AI tool map into plain definitions, losing the call).
  const written = callOptions(analyzed.site).find((entry) => entry.key === 'tools')?.value;
  if (tools.some((tool) => tool.kind !== 'object' || isProviderDefinedTool(tool)) || (written && isProviderDefinedTool(written))) return null;
  return analyzed.tokens.tools ?? 0;
}

function check(context: FileRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const analyzed of context.callSites) {
    const site = analyzed.site;
    // Test code sends to mocked clients: nothing is billed.
    if (site.kind !== 'generation' || !site.model.value || isTestFile(site.file)) continue;
    const provider = site.modelProvider ?? site.provider;
    if (provider !== 'anthropic') continue;
    const minimum = cacheMinimumTokens(provider, site.model.value);
    if (minimum == null) continue;
    const parts = site.promptParts;
    let lastCached = -1;
    parts.forEach((part, index) => {
      if (part.cached) lastCached = index;
    });
    if (lastCached < 0) continue;
    const prefix = parts.slice(0, lastCached + 1);
    // A dynamic piece (a document, the history) or an image may make the prefix long enough: nothing to conclude.
    if (!prefix.every(isStaticPart) || site.argumentsOpaque) continue;
    const tools = toolTokens(analyzed);
    if (tools === null) continue;
    const tokenizer = analyzed.tokens.tokenizer;
    const prefixTokens = prefix.reduce((sum, part) => sum + context.countTokens(staticText(part), tokenizer), 0) + tools;
    if (prefixTokens >= minimum * ESTIMATE_MARGIN) continue;
    const marked = parts[lastCached];
    const cost = analyzed.cost;
    const extra =
      cost && cost.price.cacheReadPerMTok !== undefined ? tokensPerMonth(cost, prefixTokens, cost.price.inputPerMTok - cost.price.cacheReadPerMTok) : null;
    const money =
      extra !== null
        ? `; they cost up to ${formatUsd(extra)}/month more than the cache-read price the marker suggests, at ${formatCallsPerDay(analyzed)} (the best case of caching: hits on all but the first call in each 5-minute window)`
        : '';
    const toolsNote = tools > 0 ? `, ${formatTokens(tools)} of them tool definitions` : '';
    findings.push({
      file: site.file,
      span: site.calleeSpan,
      message: `The cache_control breakpoint on ${describePart(marked)} marks a prefix of about ${formatTokens(prefixTokens)} tokens${toolsNote}, below the ${formatTokens(minimum)} tokens ${site.model.value} caches from: nothing is cached and the prefix is billed at the full input price on every call${money}.`,
      callSiteId: site.id,
      related: marked.span.file === site.file ? [{ span: marked.span, message: 'the part with the cache breakpoint' }] : undefined,
      fixes: [],
    });
  }
  return findings;
}

function pythonExample(system: string): string {
  return [
    'import anthropic',
    '',
    'client = anthropic.Anthropic()',
    '',
    `SYSTEM = "${system}"`,
    '',
    '',
    'def answer(question: str) -> str:',
    '    message = client.messages.create(',
    '        model="claude-sonnet-4-5",',
    '        max_tokens=512,',
    '        system=[{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}],',
    '        messages=[{"role": "user", "content": question}],',
    '    )',
    '    return message.content[0].text',
    '',
  ].join('\n');
}

function typeScriptExample(cached: boolean): string {
  const marker = cached ? ", cache_control: { type: 'ephemeral' }" : '';
  return [
    "import Anthropic from '@anthropic-ai/sdk';",
    '',
    'const anthropic = new Anthropic();',
    '',
    "const SYSTEM = 'You are a support assistant. Answer in two sentences and link the help-center article that fits.';",
    '',
    'export async function answer(question: string) {',
    '  const message = await anthropic.messages.create({',
    "    model: 'claude-haiku-4-5',",
    '    max_tokens: 512,',
    `    system: [{ type: 'text', text: SYSTEM${marker} }],`,
    "    messages: [{ role: 'user', content: question }],",
    '  });',
    '  return message.content;',
    '}',
    '',
  ].join('\n');
}

const SHORT_SYSTEM = 'You are a support assistant. Answer in two sentences and link the help-center article that fits.';

export const cacheBelowMinimum: Rule = {
  meta: {
    id: 'cache-below-minimum',
    defaultSeverity: 'info',
    description: "A cache_control breakpoint on a prefix shorter than the model's minimum cacheable length: it caches nothing.",
    fixable: 'none',
    docs: {
      whatItDoes: `Finds a call to a Claude model served by Anthropic (the Anthropic SDK, or the Vercel AI SDK's Anthropic provider and other SDKs whose model provider is Anthropic) whose last cache breakpoint (\`cache_control\`, \`providerOptions.anthropic.cacheControl\`) marks a prefix shorter than the model's minimum cacheable length. The prefix is the tool definitions, the system prompt and the messages up to and including the marked block, as Anthropic counts it. Minimums per model: ${cacheMinimumSource('anthropic', 'claude-sonnet-4-5')} Checked again on 2026-12-06 against the minimum table of Anthropic's prompt caching page as quoted in anthropics/anthropic-sdk-python issue #1194 (4,096 for Opus 4.6/4.5 and Haiku 4.5; 1,024 for Sonnet 4.6/4.5, Opus 4.1/4, Sonnet 4, Sonnet 3.7; 2,048 for Haiku 3.5/3); a gateway's copy of the table (docs.orq.ai, prompt caching) lists 2,048 for Sonnet 4.6, and the lower documented figure is used so the rule never reports a prefix that caches. Claude token counts are estimates, so only a prefix under ${Math.round(ESTIMATE_MARGIN * 100)}% of the minimum is reported; a prefix holding dynamic text, images, or tool definitions built at run time is not reported (its length is unknown).`,
      whyBad:
        'Below the minimum, Anthropic neither writes nor reads the cache: the request is processed, and billed, as if the marker were absent. The code reads as cached, and cost estimates that trust the marker count the prefix at a tenth of its real price.',
      fixSafety:
        'No fix. The prefix reaches the minimum only with more content (more instructions or examples before the breakpoint), which changes what the model reads; removing the marker changes no bill. Move the breakpoint to a later static block when the prompt has one, or drop it.',
      severityNote:
        '`info` by default: its first version reported 15 findings on the judged corpus and none was right (14 in SDK unit tests against mocked servers; 1 with an Anthropic-defined tool, whose hidden tool prompt leaves the prefix length unknown). Those shapes are no longer reported and it reports nothing else on the 26 repositories, so its precision is not measured yet.',
      incorrect: [
        { language: 'python', code: pythonExample(SHORT_SYSTEM) },
        { language: 'typescript', code: typeScriptExample(true) },
      ],
      correct: [{ language: 'typescript', code: typeScriptExample(false) }],
    },
  },
  check,
};
