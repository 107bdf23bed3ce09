/**
 * How many output tokens a call typically produces, judged from what it asks for, and how many reasoning tokens it
 * spends first. Both are assumptions, stated in a sentence; the cap stays the worst case and the config's
 * `expectedOutputTokens` overrides the typical figure.
 *
 * Visible output, first signal that applies:
 * 1. Length words in the prompt: "one word", "3 bullet points", "under 100 words", "two sentences", "one paragraph".
 * 2. The task kind (task-kind.ts): a label, a yes/no, a title, an extraction, a summary.
 * 3. A structured-output schema of known size: about as many tokens as the schema.
 * 4. Otherwise the default for a call (config `defaultExpectedOutputTokens`, 500).
 * Reasoning: the effort or thinking budget on the call, else the model's default (reasoning-defaults.json).
 */
import type { RequestSettings } from './model';
import reasoningDefaults from './pricing/reasoning-defaults.json';
import { judgeTask, type TaskKind } from './task-kind';

export interface OutputAssumption {
  tokens: number;
  /** Why, in a phrase: `asks for "3 bullet points"`, `a classification task`. */
  reason: string;
}

/** Typical visible output per task kind (a label, a word, a short JSON record, a paragraph). */
const TYPICAL_FOR_TASK: Partial<Record<TaskKind, number>> = {
  classification: 10,
  'yes-no': 5,
  title: 20,
  extraction: 150,
  summary: 250,
};

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, single: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/** English prose is about 1.35 o200k tokens per word (the support-prompt fixture: 4.3 characters per token, 5.8 per word). */
const TOKENS_PER_WORD = 1.35;

const LENGTH_UNITS: readonly { pattern: RegExp; tokensEach: number }[] = [
  { pattern: /\b(\d+|an?|one|single|two|three|four|five|six|seven|eight|nine|ten)[- ](?:single )?words?\b/i, tokensEach: TOKENS_PER_WORD },
  { pattern: /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:short |concise |brief )?(?:bullet points|bullets|bullet-points|key points|points|items)\b/i, tokensEach: 25 },
  { pattern: /\b(\d+|an?|one|single|two|three|four|five|six|seven|eight|nine|ten) (?:short |concise |brief )?sentences?\b/i, tokensEach: 30 },
  { pattern: /\b(\d+|an?|one|single|two|three|four|five|six|seven|eight|nine|ten) (?:short |concise |brief )?paragraphs?\b/i, tokensEach: 120 },
];

function countOf(word: string): number | null {
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBER_WORDS[word.toLowerCase()] ?? null;
}

/** The length the prompt asks for, from its static text. */
export function lengthAskedFor(promptText: string): OutputAssumption | null {
  for (const { pattern, tokensEach } of LENGTH_UNITS) {
    const match = pattern.exec(promptText);
    if (!match) continue;
    const count = countOf(match[1]);
    if (count === null || count <= 0 || count > 5000) continue;
    return { tokens: Math.max(1, Math.ceil(count * tokensEach)), reason: `the prompt asks for "${match[0].trim()}"` };
  }
  return null;
}

/** Typical visible output of a call, or null when nothing in the call says (the caller's default applies). */
export function typicalOutputOf(promptText: string, signals: { schemaTokens: number; structuredOutput: boolean }): OutputAssumption | null {
  const asked = lengthAskedFor(promptText);
  if (asked) return asked;
  const task = judgeTask(promptText, { structuredOutput: signals.structuredOutput });
  const forTask = TYPICAL_FOR_TASK[task.kind];
  if (forTask !== undefined) {
    // An extraction into a known schema is about the schema's size.
    if (task.kind === 'extraction' && signals.schemaTokens > 0) return { tokens: Math.max(20, signals.schemaTokens), reason: 'an extraction into the output schema (about its size)' };
    return { tokens: forTask, reason: `${task.kind === 'yes-no' ? 'a yes/no' : `a ${task.kind}`} task` };
  }
  if (signals.schemaTokens > 0) return { tokens: Math.max(20, signals.schemaTokens), reason: 'a structured output (about the size of its schema)' };
  return null;
}

interface ReasoningFamily {
  family: string;
  pattern: string;
  setting: 'effort' | 'budget' | 'always';
  defaultEffort?: string;
  defaultTokens?: number;
  defaultNote?: string;
  effortTokens?: Record<string, number>;
}

const FAMILIES = (reasoningDefaults.families as ReasoningFamily[]).map((family) => ({ ...family, regex: new RegExp(family.pattern) }));
export const THINKING_BUDGET_SHARE = reasoningDefaults.budgetShare;

export interface ReasoningAssumption extends OutputAssumption {
  /** The most reasoning the call can spend (a thinking budget), when one is set. */
  ceiling?: number;
  /** The setting as written (`reasoning_effort="high"`, `thinking.budget_tokens=8000`), or null for the model's default. */
  setting: string | null;
}

function modelName(model: string): string {
  return model.toLowerCase().replace(/^[a-z-]+\//, '');
}

/** Reasoning tokens a call spends before it answers, or null for a model that does not reason. */
export function reasoningOf(model: string | null, settings: RequestSettings | undefined): ReasoningAssumption | null {
  const name = model ? modelName(model) : '';
  const family = FAMILIES.find((candidate) => candidate.regex.test(name));
  const budget = settings?.thinkingBudget;
  const effort = settings?.reasoningEffort?.toLowerCase();
  const param = settings?.reasoningParam ?? 'reasoning';
  if (budget !== undefined && budget >= 0) {
    if (budget === 0) return { tokens: 0, reason: `thinking off (${param}=0)`, setting: `${param}=0` };
    const tokens = Math.round(budget * THINKING_BUDGET_SHARE);
    return { tokens, ceiling: budget, reason: `half the thinking budget (${param}=${budget.toLocaleString('en-US')}), an assumption`, setting: `${param}=${budget}` };
  }
  if (!family) return null;
  if (effort && family.effortTokens && family.effortTokens[effort] !== undefined) {
    return { tokens: family.effortTokens[effort], reason: `${param}="${effort}" (assumed ${family.effortTokens[effort].toLocaleString('en-US')} reasoning tokens)`, setting: `${param}="${effort}"` };
  }
  if (family.setting === 'effort' && family.defaultEffort && family.effortTokens) {
    const tokens = family.effortTokens[family.defaultEffort];
    return { tokens, reason: `no effort set: the default, "${family.defaultEffort}" (assumed ${tokens.toLocaleString('en-US')} reasoning tokens)`, setting: null };
  }
  const tokens = family.defaultTokens ?? 0;
  if (tokens === 0) return null;
  return { tokens, reason: `${family.defaultNote ?? 'the model reasons by default'} (assumed ${tokens.toLocaleString('en-US')} reasoning tokens)`, setting: null };
}

export interface ServiceTierPricing {
  multiplier: number;
  note: string;
}

/** The price multiplier of a service tier that changes the price (flex, priority), or null for the standard tier. */
export function serviceTierPricing(tier: string | undefined): ServiceTierPricing | null {
  if (!tier) return null;
  const row = (reasoningDefaults.serviceTiers as Record<string, ServiceTierPricing>)[tier.toLowerCase()];
  return row && row.multiplier !== 1 ? row : null;
}

/** Families and their assumptions, for docs and tests. */
export function reasoningFamilies(): readonly ReasoningFamily[] {
  return FAMILIES;
}
