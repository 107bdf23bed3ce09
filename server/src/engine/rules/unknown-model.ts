/**
 * unknown-model: the model name resolves statically but the price table has no row for it: a typo, a retired
 * model, or a name the table spells differently. The call cannot be priced, and a typo fails at run time.
 */
import type { AnalyzedCallSite } from '../analyze';
import type { Fix } from '../model';
import type { PriceOverrides } from '../pricing';
import { knownModelNames, lookupPrice, nearestModelNames } from '../pricing';
import { editDistance } from '../pricing/names';
import { isTestFile } from './call-facts';
import { replaceStringBody, withRoutePrefix } from './fix-edits';
import { modelFindingSpan, whereModelIsSet } from './model-reference';
import type { FileRuleContext, Rule, RuleFinding } from './rule';

/** How many near names the message lists. */
const SUGGESTIONS = 3;

/** Routing prefixes of providers the price table covers (LiteLLM `openai/gpt-4o`, Vercel `anthropic:` …); other prefixes are self-hosted or third-party. */
const PRICED_PREFIXES = new Set(['openai', 'azure', 'anthropic', 'gemini', 'google', 'vertex_ai', 'vertex_ai_beta', 'bedrock']);

/** Names that are not model names we could ever price: deployments, ARNs, inference profiles, local routes. */
export function isUnpriceableName(analyzed: AnalyzedCallSite, model: string): boolean {
  const site = analyzed.site;
  // Azure deployment names are chosen by the user; they match a model name only by convention.
  if (site.provider === 'azure-openai' || site.modelProvider === 'azure-openai' || /(?:^|-)router$/.test(model)) return true;
  if (site.provider === 'bedrock' || site.modelProvider === 'bedrock') {
    if (/^arn:/.test(model) || /^(?:us|eu|apac|global|us-gov|jp|au|ca)\./.test(model)) return true;
  }
  const slash = model.indexOf('/');
  if (slash > 0 && !PRICED_PREFIXES.has(model.slice(0, slash).toLowerCase())) return true;
  return false;
}

/** The config's `prices` overrides: a model priced there is known. */
function priceOverridesOf(config: unknown): PriceOverrides | undefined {
  const prices = (config as { prices?: unknown } | null | undefined)?.prices;
  return prices && typeof prices === 'object' ? (prices as PriceOverrides) : undefined;
}

/**
 * Retired model names and the model that replaced them. Requests to a retired name fail, so these are reported
 * even when the price table still has a row for them.
 */
export const RETIRED_MODELS: Readonly<Record<string, string>> = {
  'gpt-4-vision-preview': 'gpt-4o',
  'gpt-4-32k': 'gpt-4o',
  'text-davinci-003': 'gpt-4o-mini',
  'gemini-1.5-pro-latest': 'gemini-2.5-pro',
  'gemini-1.5-flash-latest': 'gemini-2.5-flash',
  'gemini-pro': 'gemini-2.5-flash',
  'mistral-tiny': 'mistral-small-latest',
  'claude-2.1': 'claude-sonnet-4-5',
  'claude-instant-1.2': 'claude-haiku-4-5',
};

/** Names chosen to be no model: test placeholders and deliberately broken names in error-handling examples. */
const PLACEHOLDER = /(?:^|[-_/:.])(?:fake|test|mock|dummy|placeholder|example|sample|bad|invalid|non-?existent|nonexistent|unknown|foo|bar|my|your|primary|secondary|fallback|tei)(?:$|[-_/:.])|^(?:model|default|custom|local)$/i;

/** True when `name` cannot be a model id: characters no provider uses (`potato!`). */
function notAModelId(name: string): boolean {
  return !/^[\w.:@/-]+$/.test(name);
}

/** The digits of a name in order (`gemma-3-12b-it` -> `312`): a typo keeps them, another generation or size does not. */
function digitsOf(name: string): string {
  return name.replace(/\D+/g, '');
}

/** The leading word of a model name, its family (`claude-3-5-sonnet` -> `claude`, `magistral-small` -> `magistral`). */
function familyWordOf(name: string): string {
  return /^[a-z]*/.exec(name.toLowerCase())![0];
}

/** Family words of the model names the table knows for a provider. */
function knownFamilies(provider: Parameters<typeof knownModelNames>[0]): Set<string> {
  return new Set(knownModelNames(provider).map(familyWordOf));
}

/**
 * A name the table does not know is worth reporting only when it looks like a typo of a known one: within two
 * edits, with the same digits (family, generation and size unchanged). Anything further is most likely a real
 * model the table lacks (`gemma-3-12b-it`, `deepseek-chat`), which is a gap in the table, not a bug in the code.
 */
function typoOf(model: string, nearest: readonly string[], families: ReadonlySet<string>): string | null {
  const bare = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  for (const known of nearest) {
    // `mistral-small` is no typo of `magistral-small`: a family word the table knows is never swapped for another.
    const family = familyWordOf(bare);
    if (family !== familyWordOf(known) && families.has(family)) continue;
    if (digitsOf(bare) === digitsOf(known) && editDistance(bare.replace(/[._\s]+/g, '-'), known.toLowerCase().replace(/[._\s]+/g, '-')) <= 2) return known;
  }
  return null;
}

function retiredFinding(context: FileRuleContext, analyzed: AnalyzedCallSite, model: string, replacement: string): RuleFinding {
  const site = analyzed.site;
  const ref = site.model;
  const fixes: Fix[] = [];
  const target = withRoutePrefix(model, replacement);
  if (ref.editable && ref.span && ref.span.file === site.file && site.provider !== 'bedrock') {
    fixes.push({ title: `Replace with ${target}`, safe: false, edits: [replaceStringBody(context.text, ref.span, target)] });
  }
  return {
    file: site.file,
    span: modelFindingSpan(site),
    message: `Retired model "${model}": the provider no longer serves it, so this call fails. Use ${target}, which replaced it.`,
    callSiteId: site.id,
    related: ref.source !== 'literal' ? whereModelIsSet(ref) : undefined,
    fixes,
  };
}

function check(context: FileRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const analyzed of context.callSites) {
    const site = analyzed.site;
    const model = site.model.value;
    if (!model) continue;
    // Test code sends placeholders to mocked clients.
    if (isTestFile(site.file)) continue;
    const bareName = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
    const retiredBy = RETIRED_MODELS[bareName];
    if (retiredBy) {
      findings.push(retiredFinding(context, analyzed, model, retiredBy));
      continue;
    }
    if (analyzed.cost) continue;
    if (isUnpriceableName(analyzed, model) || notAModelId(model) || PLACEHOLDER.test(bareName)) continue;
    if (lookupPrice(site.modelProvider ?? site.provider, model, priceOverridesOf(context.config))) continue;
    const nearest = nearestModelNames(model, site.modelProvider ?? site.provider, SUGGESTIONS);
    const typo = typoOf(model, nearest, knownFamilies(site.modelProvider ?? site.provider));
    if (!typo) continue;
    const fixes: Fix[] = [];
    const ref = site.model;
    if (ref.editable && ref.span && ref.span.file === site.file && site.provider !== 'bedrock') {
      const replacement = withRoutePrefix(model, typo);
      fixes.push({ title: `Replace with ${replacement}`, safe: false, edits: [replaceStringBody(context.text, ref.span, replacement)] });
    }
    findings.push({
      file: site.file,
      span: modelFindingSpan(site),
      message: `Unknown model "${model}": not in the price table and close to ${typo}, so probably a typo of it; this call cannot be priced.`,
      callSiteId: site.id,
      related: ref.source !== 'literal' ? whereModelIsSet(ref) : undefined,
      fixes,
    });
  }
  return findings;
}

export const unknownModel: Rule = {
  meta: {
    id: 'unknown-model',
    defaultSeverity: 'warning',
    description: 'A model name that looks like a typo of a known one, or a retired model.',
    fixable: 'unsafe',
    docs: {
      whatItDoes:
        'Finds calls whose model name is known statically and is either retired (reported with the model that replaced it) or missing from the price table while two edits away from a known name with the same digits (a typo: `gpt-4o-mnii`). Names further from every known one are real models the table lacks (`gemma-3-12b-it`, `deepseek-chat`), deployment or router names (`model-router`) or placeholders (`fake-model`), and are not reported; neither is test code. The fix never swaps in another family, generation or size.',
      whyBad: 'A misspelt model fails at run time, a retired one stops working on its retirement date, and neither can be priced, so the cost report leaves the call out.',
      fixSafety: 'Unsafe: the nearest name is a guess and a different model answers differently. Azure deployment names and Bedrock ARNs or inference profiles are never reported.',
      incorrect: [
        {
          language: 'typescript',
          code: [
            "import OpenAI from 'openai';",
            '',
            'const openai = new OpenAI();',
            '',
            'export async function tagline(product: string) {',
            '  const completion = await openai.chat.completions.create({',
            "    model: 'gpt-4o-mnii',",
            '    max_completion_tokens: 60,',
            "    messages: [{ role: 'user', content: `Write a tagline for ${product}` }],",
            '  });',
            '  return completion.choices[0].message.content;',
            '}',
            '',
          ].join('\n'),
        },
      ],
      correct: [
        {
          language: 'typescript',
          code: [
            "import OpenAI from 'openai';",
            '',
            'const openai = new OpenAI();',
            '',
            'export async function tagline(product: string) {',
            '  const completion = await openai.chat.completions.create({',
            "    model: 'gpt-4o-mini',",
            '    max_completion_tokens: 60,',
            "    messages: [{ role: 'user', content: `Write a tagline for ${product}` }],",
            '  });',
            '  return completion.choices[0].message.content;',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  check,
};
