/**
 * What a prompt asks the model to do, judged from its static text: a small keyword classifier.
 *
 * How it decides (first rule that applies wins):
 * 1. Phrases that ask for open-ended writing ("write an article", "explain", "in detail", "step by step",
 *    "draft a reply") make the task `other`: a prompt that classifies *and* writes is not a simple task.
 * 2. Keyword patterns, in this order: classification, yes/no, extraction, title, translation, summary.
 *    The order puts the narrower outputs first ("classify … and return JSON" is a classification).
 *    A keyword that is not this call's task is skipped: negated ("avoid yes/no questions", "do not classify"),
 *    quoted ("the word 'classify'"), or what another model will do ("a prompt for a sub-agent to extract …").
 *    "Translate X into a research brief" is rephrasing, not a translation.
 * 3. With no keyword: a cap of 2 to 20 tokens means `classification` (there is room for a label only). A cap of
 *    1 token with no task words is a probe or a cache warm-up, not a task.
 *    A structured output schema alone says nothing: recipes, math steps and UI trees come back as JSON too.
 * 4. Otherwise `other`.
 * The evidence is the phrase that decided, as written in the prompt, so messages can quote it.
 */

export type TaskKind = 'classification' | 'extraction' | 'yes-no' | 'title' | 'translation' | 'summary' | 'other';

export interface TaskJudgement {
  kind: TaskKind;
  /** The phrase of the prompt (or the signal) that decided the kind; null for `other` with no evidence. */
  evidence: string | null;
}

export interface TaskSignals {
  /** The call's output cap, if any. */
  cap?: number | null;
  /** The call asks for a structured output schema / JSON mode. */
  structuredOutput?: boolean;
}

/** Kinds whose answer is short and checkable: a cheaper model tier usually does as well. */
export const SIMPLE_TASK_KINDS: ReadonlySet<TaskKind> = new Set(['classification', 'extraction', 'yes-no', 'title', 'translation']);

/** How each kind is named in messages. */
export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  classification: 'classification',
  extraction: 'extraction',
  'yes-no': 'yes/no',
  title: 'short title',
  translation: 'translation',
  summary: 'summary',
  other: 'general',
};

/** Output caps sized to the task, with the reason shown in the fix title. */
export const CAP_FOR_TASK: Record<TaskKind, { tokens: number; reason: string }> = {
  classification: { tokens: 16, reason: 'classification task: a label needs few tokens' },
  'yes-no': { tokens: 16, reason: 'yes/no task: the answer is a word' },
  title: { tokens: 32, reason: 'title task: a title is a few words' },
  extraction: { tokens: 256, reason: 'extraction task: a small fixed-format record' },
  translation: { tokens: 512, reason: 'translation task: about as long as the source text' },
  summary: { tokens: 300, reason: 'summary task: a paragraph' },
  other: { tokens: 1024, reason: 'no short task detected: a generous default' },
};

const OPEN_ENDED = [
  /\bwrite (?:an?|the) (?:detailed |long |full |comprehensive )?(?:article|essay|blog post|story|report|reply|response|email|letter|post|guide|tutorial)\b/i,
  /\bdraft (?:an?|the) (?:reply|response|email|letter)\b/i,
  /\bexplain\b/i,
  /\bin (?:great |full )?detail\b/i,
  /\bstep[- ]by[- ]step\b/i,
  /\bcomprehensive\b/i,
  /\bbrainstorm\b/i,
];

const NEGATION_BEFORE = /\b(?:do not|don't|never|no|without|nor)\s+(?:\w+\s+)?$/i;

/** Words before a task keyword that turn it away from this call: "avoid yes/no questions", "rather than classify". */
const NEGATED_KEYWORD_BEFORE = /\b(?:do not|don't|does not|doesn't|never|no|not|without|nor|avoid|avoiding|instead of|rather than|other than|refrain from)\s+(?:\w+\s+){0,2}$/i;

/** Another model or agent as the subject of the keyword: "a prompt for a sub-agent to extract …", "the workers will classify …". */
const OTHER_ACTOR_BEFORE = /\b(?:sub-?agents?|agents?|workers?|other models?|another model|LLMs?|assistants?|they)\s+(?:\w+\s+){0,2}?(?:will|would|should|can|must|to|that|which|who)\s+(?:\w+\s+)?$/i;

/** "Translate … into a research question": the object is not a language, so the call rephrases. */
const REPHRASE_AFTER_TRANSLATE = /^[^.\n]*?\b(?:into|to)\s+(?:a|an|the|more|some|structured|concrete|json|sql|code|queries|query|search)\b/i;

/** Quote characters that mark a mention of the word rather than a use of it. */
const QUOTES = new Set(['"', "'", '`', '\u201c', '\u201d', '\u2018', '\u2019']);

/** Extraction that also asks for writing or reasoning is not a short fixed-format record. */
const BEYOND_EXTRACTION = [
  /\bsummar(?:y|ies|i[sz]e|i[sz]ing)\b/i,
  /\bchapters?\b/i,
  /\b(?:write|give|provide|compose) (?:the |an? |your )?answers?\b/i,
  /\banswer (?:to )?(?:the|this|each) (?:query|question)\b/i,
  /\bexplanations?\b/i,
  /\breasoning\b/i,
  /\breconstruct\b/i,
];

/** The extraction evidence is only an output format ("return JSON"), which says nothing about the task. */
const FORMAT_ONLY_EXTRACTION = /^(?:return|output|respond with|reply with)\b/i;

const KIND_PATTERNS: readonly { kind: TaskKind; patterns: readonly RegExp[] }[] = [
  {
    kind: 'classification',
    patterns: [
      /\bclassify\b[^.\n]*/i,
      /\bcategori[sz]e\b[^.\n]*/i,
      /\b(?:assign|choose|pick|select) (?:a |one |the |exactly one )?(?:single )?(?:label|category|tag|class)\b[^.\n]*/i,
      /\blabel (?:the|this|each|every)\b[^.\n]*/i,
      /\b(?:one of|exactly one of) (?:the following )?(?:labels|categories|classes|tags)\b[^.\n]*/i,
      /\bsentiment (?:of|analysis)\b[^.\n]*/i,
      /\b(?:respond|reply|answer) with (?:only )?(?:one|a single) (?:word|label|category)\b[^.\n]*/i,
      /\bis (?:this|the) (?:message|email|text|review|comment) (?:spam|toxic|positive|negative)\b[^.\n]*/i,
      // A single short value: "Return just the number of legs as an integer", "Only output the numeric score".
      /\b(?:return|output|respond with|reply with|answer with|give) (?:just|only) (?:the|a|an|one) (?:single )?(?:numeric |number |integer )?(?:number|integer|digit|score|rating|index|letter|word|label|category)\b[^.\n]*/i,
    ],
  },
  {
    kind: 'yes-no',
    patterns: [
      /\b(?:answer|respond|reply)(?: only)?(?: with)? ["']?yes["']? or ["']?no["']?[^.\n]*/i,
      /\byes\/no\b[^.\n]*/i,
      /\b(?:answer|respond|reply)(?: only)?(?: with)? ["']?true["']? or ["']?false["']?[^.\n]*/i,
    ],
  },
  {
    kind: 'extraction',
    patterns: [
      /\bextract\b[^.\n]*/i,
      /\b(?:return|output|respond with|reply with) (?:only )?(?:a |the )?(?:valid )?(?:json|yaml|csv)\b[^.\n]*/i,
      /\bthe following fields\b[^.\n]*/i,
      /\bfill in the (?:fields|schema|form)\b[^.\n]*/i,
      /\bparse (?:the|this)\b[^.\n]*/i,
    ],
  },
  {
    kind: 'title',
    patterns: [
      /\b(?:generate|write|create|suggest|give|propose) (?:me )?(?:a |an |the )?(?:short |concise |brief |catchy |one-line )?(?:title|headline|subject line)\b[^.\n]*/i,
      /\b(?:short|concise|brief) (?:title|headline)\b[^.\n]*/i,
    ],
  },
  {
    kind: 'translation',
    patterns: [/\btranslate\b[^.\n]*/i, /\btranslation (?:of|into|to)\b[^.\n]*/i],
  },
  {
    kind: 'summary',
    patterns: [/\bsummari[sz]e\b[^.\n]*/i, /\b(?:a |one-paragraph |short )?summary of\b[^.\n]*/i, /\btl;?dr\b[^.\n]*/i],
  },
];

/** Evidence phrases longer than this are cut, so messages stay one line. */
const MAX_EVIDENCE_LENGTH = 80;

export function judgeTask(staticText: string, signals: TaskSignals = {}): TaskJudgement {
  for (const pattern of OPEN_ENDED) {
    const match = new RegExp(pattern.source, 'gi');
    for (let found = match.exec(staticText); found; found = match.exec(staticText)) {
      // "Do not explain" asks for less writing, not more.
      if (!NEGATION_BEFORE.test(staticText.slice(Math.max(0, found.index - 24), found.index))) return { kind: 'other', evidence: evidenceOf(found[0]) };
    }
  }
  for (const { kind, patterns } of KIND_PATTERNS) {
    for (const pattern of patterns) {
      const match = new RegExp(pattern.source, 'gi');
      for (let found = match.exec(staticText); found; found = match.exec(staticText)) {
        if (isAsideMention(staticText, found.index, found[0])) continue;
        if (kind === 'translation' && REPHRASE_AFTER_TRANSLATE.test(found[0].replace(/^translat(?:e|ion)/i, ''))) continue;
        return { kind, evidence: evidenceOf(found[0]) };
      }
    }
  }
  if (signals.cap != null && signals.cap <= PROBE_CAP) return { kind: 'other', evidence: null };
  if (signals.cap != null && signals.cap <= 20) return { kind: 'classification', evidence: `an output cap of ${signals.cap} token${signals.cap === 1 ? '' : 's'}` };
  return { kind: 'other', evidence: null };
}

/**
 * A cap this small with no task words is a probe or a cache warm-up (`max_tokens=1`), not a classification.
 * Caps of 2 to 5 tokens stay evidence: evals that answer with a number or a letter use them.
 */
export const PROBE_CAP = 1;

/**
 * The phrase of an extraction prompt that asks for more than a fixed-format record (a summary, chapters, an
 * answer, explanations, reasoning), or null. Negated mentions ("no summary") do not count.
 */
export function beyondExtraction(staticText: string): string | null {
  for (const pattern of BEYOND_EXTRACTION) {
    const match = new RegExp(pattern.source, 'gi');
    for (let found = match.exec(staticText); found; found = match.exec(staticText)) {
      if (!isAsideMention(staticText, found.index, found[0])) return evidenceOf(found[0]);
    }
  }
  return null;
}

/** True when an extraction judgement rests on an output-format phrase only ("Only return JSON"). */
export function isFormatOnlyExtraction(judgement: TaskJudgement): boolean {
  return judgement.kind === 'extraction' && judgement.evidence !== null && FORMAT_ONLY_EXTRACTION.test(judgement.evidence);
}

/** A keyword that is negated, quoted, or what another model will do: not this call's task. */
function isAsideMention(text: string, index: number, phrase: string): boolean {
  const before = text.slice(Math.max(0, index - 60), index);
  if (NEGATED_KEYWORD_BEFORE.test(before) || OTHER_ACTOR_BEFORE.test(before)) return true;
  const keyword = /^[\w/-]+/.exec(phrase)?.[0] ?? phrase;
  const opening = text[index - 1];
  const closing = text[index + keyword.length];
  return opening !== undefined && QUOTES.has(opening) && closing !== undefined && QUOTES.has(closing);
}

export function isSimpleTask(kind: TaskKind): boolean {
  return SIMPLE_TASK_KINDS.has(kind);
}

function evidenceOf(phrase: string): string {
  const clean = phrase.replace(/\s+/g, ' ').trim().replace(/[,:;]$/, '');
  if (clean.length <= MAX_EVIDENCE_LENGTH) return clean;
  const cut = clean.slice(0, MAX_EVIDENCE_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace > 20 ? cut.slice(0, lastSpace) : cut) + '…';
}
