/**
 * unknown-model: the model name resolves statically but the price table has no row for it: a typo, a retired
 * model, or a name the table spells differently. The call cannot be priced, and a typo fails at run time.
 */
import type { AnalyzedCallSite } from '../analyze';
import type { Fix } from '../model';
import type { PriceOverrides } from '../pricing';
import { lookupPrice, nearestModelNames } from '../pricing';
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
  if (site.provider === 'azure-openai') return true;
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

function check(context: FileRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const analyzed of context.callSites) {
    const site = analyzed.site;
    const model = site.model.value;
    if (!model || analyzed.cost) continue;
    if (isUnpriceableName(analyzed, model)) continue;
    if (lookupPrice(site.modelProvider ?? site.provider, model, priceOverridesOf(context.config))) continue;
    const nearest = nearestModelNames(model, site.modelProvider ?? site.provider, SUGGESTIONS);
    const fixes: Fix[] = [];
    const ref = site.model;
    if (nearest.length > 0 && ref.editable && ref.span && ref.span.file === site.file && site.provider !== 'bedrock') {
      const replacement = withRoutePrefix(model, nearest[0]);
      fixes.push({ title: `Replace with ${replacement}`, safe: false, edits: [replaceStringBody(context.text, ref.span, replacement)] });
    }
    const suggestion = nearest.length > 0 ? ` Nearest known: ${nearest.join(', ')}.` : '';
    findings.push({
      file: site.file,
      span: modelFindingSpan(site),
      message: `Unknown model "${model}": not in the price table (a typo or a retired model?), so this call cannot be priced.${suggestion}`,
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
    description: 'A model name the price table does not know: a typo or a retired model.',
    fixable: 'unsafe',
    docs: {
      whatItDoes: 'Finds calls whose model name is known statically but has no row in the price table, and lists the nearest known names.',
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
