/**
 * verbose-phrasing: filler in static prompt text (pleasantries, hedges, emphasis), repeated sentences and
 * whitespace runs. Every token of it is paid on every call. The fix rewrites the literal in place, only where
 * the text maps back to source character for character.
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { Fix, PromptPart, TextEdit } from '../model';
import { describePart, DYNAMIC_MARK, formatCallsPerDay, inputTokensPerMonth, isConversationTurn, isInstructionPart, writtenText, writtenTextEdit } from './prompt-text';
import { isTestFile } from './call-facts';
import type { FileRuleContext, Rule, RuleFinding } from './rule';
import { lineContaining } from '../text';
import { overlapsRegion, structuredRegions, type StructuredRegion } from './prompt-structure';
import phraseData from './verbose-phrases.json';

export type PhraseCategory = 'pleasantry' | 'hedge' | 'emphasis';

interface PhraseEntry {
  /** The phrase as a reader writes it, for the docs table. */
  text: string;
  pattern: string;
  replacement: string;
  category: PhraseCategory;
  sentenceStart?: boolean;
  wholeSentence?: boolean;
}

export const PHRASES: readonly (PhraseEntry & { regex: RegExp })[] = (phraseData.phrases as PhraseEntry[]).map((entry) => ({
  ...entry,
  // Word boundaries that also hold for phrases ending in punctuation (`please,`, `thank you!`).
  regex: new RegExp(`(?<![\\w'])(?:${entry.pattern})(?![\\w'])`, 'gi'),
}));

/** One change to the joined text of a part (offsets into joinedText). */
interface Change {
  kind: 'phrase' | 'repeat' | 'whitespace';
  label: string;
  start: number;
  end: number;
  newText: string;
}

const MIN_REPEAT_WORDS = 4;
const MIN_NEAR_DUPLICATE_WORDS = 6;
const NEAR_DUPLICATE_JACCARD = 0.9;
/**
 * Findings that save fewer tokens per call than the config's `minTokensSaved` (default 10) are not reported: on
 * the judged corpus, rewrites of one "please" or "Hello!" (1 to 5 tokens) were never worth a user's attention.
 */
export const DEFAULT_MIN_TOKENS_SAVED = 10;

function minTokensSaved(config: unknown): number {
  const value = (config as { minTokensSaved?: unknown } | null | undefined)?.minTokensSaved;
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? value : DEFAULT_MIN_TOKENS_SAVED;
}
/** Near-duplicate search is quadratic; very long prompts compare only their first sentences. */
const MAX_SENTENCES_COMPARED = 400;

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';
const isLineBreak = (ch: string | undefined) => ch === '\n' || ch === '\r';

/** Line starts and first non-blank offsets of the last text asked about: one long line must not make every match rescan it. */
let linesOf: { text: string; starts: number[]; firstNonBlank: Map<number, number> } | null = null;

function lineTable(text: string): NonNullable<typeof linesOf> {
  if (linesOf?.text !== text) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (isLineBreak(text[i])) starts.push(i + 1);
    linesOf = { text, starts, firstNonBlank: new Map() };
  }
  return linesOf;
}

/** Offset where the line holding `offset` starts. */
function lineStartOf(text: string, offset: number): number {
  const { starts } = lineTable(text);
  return starts[lineContaining(starts, offset)];
}

/** Offset of the first character after the indentation of the line starting at `lineStart`. */
function firstNonBlankOf(text: string, lineStart: number): number {
  const table = lineTable(text);
  let found = table.firstNonBlank.get(lineStart);
  if (found === undefined) {
    found = lineStart;
    while (found < text.length && (isBlank(text[found]) || /[^\S\r\n]/.test(text[found]))) found++;
    table.firstNonBlank.set(lineStart, found);
  }
  return found;
}

/** True when only spaces, tabs and a list marker (`-`, `*`, `1.`) precede `offset` on its line, or a sentence ends just before it. */
export function isSentenceStart(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && isBlank(text[i])) i--;
  if (i < 0 || isLineBreak(text[i]) || '.!?'.includes(text[i])) return true;
  const from = firstNonBlankOf(text, lineStartOf(text, offset));
  // A list marker is at most four characters: a longer run is not one, and is not worth slicing.
  return i + 1 - from <= 4 && /^(?:[-*\u2022]|\d{1,3}[.)])$/.test(text.slice(from, i + 1));
}

/** True when the phrase at [start, end), at a sentence start, is the whole sentence: only whitespace, the end or another sentence follows. */
function closesSentence(text: string, start: number, end: number): boolean {
  let next = end;
  while (isBlank(text[next])) next++;
  if (next === text.length || isLineBreak(text[next])) return true;
  // Mid-line, the phrase must close its sentence itself: "Thank you! Reply…", not "Thank you for…".
  return /[.!]$/.test(text.slice(start, end)) && next > end;
}

/**
 * The change that removes [start, end) and the whitespace that would be left doubled or dangling:
 * a whole line when nothing else is on it, else the spaces on one side.
 */
function removal(text: string, start: number, end: number): { start: number; end: number } {
  const lineStart = lineStartOf(text, start);
  const onlyIndentBefore = firstNonBlankOf(text, lineStart) >= start;
  let lineEnd = end;
  while (isBlank(text[lineEnd])) lineEnd++;
  if (onlyIndentBefore && (lineEnd === text.length || isLineBreak(text[lineEnd]))) {
    // The whole line goes, with its line break (or the one before it at the end of the text).
    if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') return { start: lineStart, end: lineEnd + 2 };
    if (isLineBreak(text[lineEnd])) return { start: lineStart, end: lineEnd + 1 };
    if (lineStart > 0) {
      const breakStart = text[lineStart - 1] === '\n' && text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
      return { start: breakStart, end: lineEnd };
    }
    return { start: lineStart, end: lineEnd };
  }
  if (onlyIndentBefore) {
    // At the start of a line: take the spaces after it so the next word moves into place.
    let newEnd = end;
    while (isBlank(text[newEnd])) newEnd++;
    return { start, end: newEnd };
  }
  if (isBlank(text[start - 1]) && isBlank(text[end])) {
    let newEnd = end;
    while (isBlank(text[newEnd])) newEnd++;
    return { start, end: newEnd };
  }
  if (isBlank(text[start - 1])) {
    // Before punctuation or the end of a line: take the spaces before it.
    let newStart = start;
    while (newStart > lineStart && isBlank(text[newStart - 1])) newStart--;
    // "reply in one sentence, please." -> "reply in one sentence.": the comma that led into it goes too.
    const closes = end === text.length || isLineBreak(text[end]) || '.!?;:'.includes(text[end]);
    if (closes && text[newStart - 1] === ',') newStart--;
    return { start: newStart, end };
  }
  return { start, end };
}

function phraseChanges(text: string): Change[] {
  const candidates: { start: number; end: number; text: string; phrase: (typeof PHRASES)[number] }[] = [];
  for (const phrase of PHRASES) {
    phrase.regex.lastIndex = 0;
    for (let match = phrase.regex.exec(text); match; match = phrase.regex.exec(text)) {
      candidates.push({ start: match.index, end: match.index + match[0].length, text: match[0], phrase });
    }
  }
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);

  const changes: Change[] = [];
  let coveredUntil = 0;
  // Where a removed phrase at the start of a sentence hands its capital to what follows ("Please kindly read" -> "Read").
  let capitalAt = -1;
  let handingOver: Change | null = null;
  /** The filler after a capitalised removal was not removed after all: the removal capitalises the next letter itself. */
  const keepCapital = () => {
    if (handingOver && /[a-z]/.test(text[handingOver.end] ?? '')) {
      handingOver.newText += text[handingOver.end].toUpperCase();
      handingOver.end++;
      coveredUntil = Math.max(coveredUntil, handingOver.end);
    }
    handingOver = null;
    capitalAt = -1;
  };
  for (const { start, end, text: matched, phrase } of candidates) {
    if (handingOver && start > capitalAt) keepCapital();
    if (start < coveredUntil) continue;
    const inherited = start === capitalAt;
    const sentenceStart = inherited || isSentenceStart(text, start);
    if (phrase.sentenceStart && !sentenceStart) continue;
    if (phrase.wholeSentence && !(sentenceStart && closesSentence(text, start, end))) continue;
    if (inherited) {
      handingOver = null;
      capitalAt = -1;
    }
    const label = matched.replace(/[,.!]$/, '').replace(/\s+/g, ' ');
    const capitalised = inherited || (/^[A-Z]/.test(matched) && sentenceStart);
    if (phrase.replacement !== '') {
      const newText = capitalised ? phrase.replacement[0].toUpperCase() + phrase.replacement.slice(1) : phrase.replacement;
      changes.push({ kind: 'phrase', label, start, end, newText });
      coveredUntil = end;
      continue;
    }
    const range = removal(text, start, end);
    let newText = '';
    if (capitalised && range.start === start) {
      if (candidates.some((next) => next.start === range.end && next.phrase.replacement === '')) {
        // The next word may be filler too: it decides the capital.
        capitalAt = range.end;
      } else if (/[a-z]/.test(text[range.end] ?? '')) {
        // "Please summarize" -> "Summarize": the next word takes over the capital.
        newText = text[range.end].toUpperCase();
        range.end++;
      }
    }
    const change: Change = { kind: 'phrase', label, start: range.start, end: range.end, newText };
    if (capitalAt === range.end) handingOver = change;
    changes.push(change);
    coveredUntil = range.end;
  }
  keepCapital();
  return changes;
}

function normaliseSentence(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Words before a full stop that do not end a sentence (`e.g.`, `Dr.`, `approx.`), lower case without their dots. */
const ABBREVIATIONS = new Set(['eg', 'ie', 'etc', 'vs', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'no', 'nr', 'approx', 'fig', 'inc', 'ltd', 'jr', 'sr', 'cf', 'al', 'esp', 'incl', 'min', 'max', 'est', 'dept', 'vol', 'p', 'pp']);

/**
 * The sentences of a text as [start, end) offsets: a sentence ends at a line break, a dynamic value, or a run of
 * `.`, `!`, `?` followed by whitespace or the end. A full stop inside a number (`129.99`), a file name or a URL is
 * followed by no whitespace, so it never splits; one after an abbreviation or a single initial does not either.
 */
export function sentenceSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  const close = (end: number, next: number) => {
    if (end > start) spans.push({ start, end });
    start = next;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r' || ch === DYNAMIC_MARK) {
      close(i, i + 1);
      continue;
    }
    if (!'.!?'.includes(ch)) continue;
    let end = i + 1;
    while (end < text.length && '.!?'.includes(text[end])) end++;
    const next = text[end];
    if (next !== undefined && !/\s/.test(next) && next !== DYNAMIC_MARK) {
      i = end - 1;
      continue;
    }
    if (ch === '.' && end === i + 1) {
      const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(start, i - 12), i))?.[1] ?? '';
      const bare = word.replace(/\./g, '').toLowerCase();
      if (ABBREVIATIONS.has(bare) || /^\p{Lu}$/u.test(word) || /\p{L}\.\p{L}$/u.test(word)) {
        i = end - 1;
        continue;
      }
    }
    close(end, end);
    i = end - 1;
  }
  close(text.length, text.length);
  return spans;
}

/**
 * Later copies of a sentence already said (equal after normalising, or near-duplicates of ≥ 6 words). Sentences
 * inside structured regions (JSON, tables, markup, code) are data: records share lines on purpose.
 */
function repeatChanges(text: string, regions: readonly StructuredRegion[]): Change[] {
  const seen = new Map<string, true>();
  const earlier: { words: Set<string>; count: number }[] = [];
  const changes: Change[] = [];
  for (const span of sentenceSpans(text)) {
    const raw = text.slice(span.start, span.end);
    const leading = raw.length - raw.trimStart().length;
    const sentence = raw.trim();
    if (sentence === '' || overlapsRegion(regions, span.start + leading, span.start + leading + sentence.length)) continue;
    const words = normaliseSentence(sentence.replace(/^(?:[-*\u2022]|\d{1,3}[.)])\s+/, ''));
    if (words.length < MIN_REPEAT_WORDS) continue;
    const key = words.join(' ');
    const wordSet = new Set(words);
    let duplicate = seen.has(key);
    if (!duplicate && words.length >= MIN_NEAR_DUPLICATE_WORDS) {
      duplicate = earlier.some((other) => other.count >= MIN_NEAR_DUPLICATE_WORDS && jaccard(other.words, wordSet) >= NEAR_DUPLICATE_JACCARD);
    }
    if (duplicate) {
      const start = span.start + leading;
      const range = removal(text, start, start + sentence.length);
      changes.push({ kind: 'repeat', label: sentence, start: range.start, end: range.end, newText: '' });
      continue;
    }
    seen.set(key, true);
    if (earlier.length < MAX_SENTENCES_COMPARED) earlier.push({ words: wordSet, count: words.length });
  }
  return changes;
}

/** Runs of 2+ spaces between words, and 3+ line breaks in a row (blank lines holding only spaces count). */
function whitespaceChanges(text: string): Change[] {
  const changes: Change[] = [];
  const spaces = /[ \t]{2,}/g;
  for (let match = spaces.exec(text); match; match = spaces.exec(text)) {
    const before = text[match.index - 1];
    const after = text[match.index + match[0].length];
    const betweenWords = before !== undefined && after !== undefined && !/\s/.test(before) && !/\s/.test(after) && before !== DYNAMIC_MARK && after !== DYNAMIC_MARK;
    // Leading indentation is left alone: it is layout, and dedent may remove it anyway (a run between words never is).
    if (betweenWords) {
      changes.push({ kind: 'whitespace', label: 'whitespace', start: match.index, end: match.index + match[0].length, newText: ' ' });
    }
  }
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '\n') {
      i++;
      continue;
    }
    // Collect the line breaks that follow with only spaces, tabs and \r between them.
    const breaks = [i];
    let j = i + 1;
    for (;;) {
      let k = j;
      while (isBlank(text[k]) || (text[k] === '\r' && text[k + 1] === '\n')) k++;
      if (text[k] !== '\n') break;
      breaks.push(k);
      j = k + 1;
    }
    if (breaks.length >= 3) {
      const last = breaks[breaks.length - 1];
      const lineBreak = text[last - 1] === '\r' ? '\r\n' : '\n';
      changes.push({ kind: 'whitespace', label: 'blank lines', start: i + 1, end: last + 1, newText: lineBreak });
    }
    i = breaks[breaks.length - 1] + 1;
  }
  return changes;
}

/** Prompts seen recently: an editor re-checks every prompt of a file on each keystroke, and most did not change. */
const recentChanges = new Map<string, readonly Change[]>();
/** Characters of prompt text kept as keys, oldest dropped first (bounds the memory, whatever the prompt sizes). */
const RECENT_CHANGES_MAX_CHARS = 2_000_000;
let recentChangesChars = 0;

/**
 * The rewrites of `text` (read-only: the list is shared between calls with the same text). A conversation turn
 * (a user message in a history with assistant replies) is what a person wrote: its "thanks" is not filler.
 */
export function changesFor(text: string, conversationTurn = false): readonly Change[] {
  const key = conversationTurn ? '\u0000turn\u0000' + text : text;
  const known = recentChanges.get(key);
  if (known) return known;
  const changes = computeChanges(text, conversationTurn);
  if (text.length > RECENT_CHANGES_MAX_CHARS) return changes;
  for (const oldest of recentChanges.keys()) {
    if (recentChangesChars + key.length <= RECENT_CHANGES_MAX_CHARS) break;
    recentChanges.delete(oldest);
    recentChangesChars -= oldest.length;
  }
  recentChanges.set(key, changes);
  recentChangesChars += key.length;
  return changes;
}

/** Non-overlapping changes, earlier kinds first (repeats, phrases, whitespace), none inside a structured region. */
function computeChanges(text: string, conversationTurn: boolean): Change[] {
  const regions = structuredRegions(text);
  const candidates = [...repeatChanges(text, regions), ...(conversationTurn ? [] : phraseChanges(text)), ...whitespaceChanges(text)];
  const chosen: Change[] = [];
  for (const change of candidates) {
    if (change.end > change.start && overlapsRegion(regions, change.start, change.end)) continue;
    if (chosen.some((other) => change.start < other.end && other.start < change.end)) continue;
    chosen.push(change);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

function applyChanges(text: string, changes: readonly Change[]): string {
  let result = '';
  let cursor = 0;
  for (const change of changes) {
    result += text.slice(cursor, change.start) + change.newText;
    cursor = change.end;
  }
  return result + text.slice(cursor);
}

/** The source edit for a change when it falls inside one literal that maps to source character for character. */
function sourceEdit(part: PromptPart, change: Change): TextEdit | null {
  return writtenTextEdit(part, change.start, change.end, change.newText);
}

function quoted(labels: readonly string[]): string {
  return labels.map((label) => `"${label}"`).join(', ');
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : text.slice(0, length - 1) + '…';
}

function describeChanges(changes: readonly Change[]): string {
  const phrases: string[] = [];
  for (const change of changes) {
    if (change.kind === 'phrase' && !phrases.some((p) => p.toLowerCase() === change.label.toLowerCase())) phrases.push(change.label);
  }
  const repeats = changes.filter((c) => c.kind === 'repeat');
  const whitespace = changes.some((c) => c.kind === 'whitespace');
  const described: string[] = [];
  if (phrases.length > 0) described.push(`filler ${quoted(phrases)}`);
  if (repeats.length === 1) described.push(`repeated sentence "${truncate(repeats[0].label, 60)}"`);
  if (repeats.length > 1) described.push(`${repeats.length} repeated sentences`);
  if (whitespace) described.push('runs of whitespace');
  return described.join('; ');
}

/** The filler table of the rule's docs page, from the phrase data itself. */
function phraseTable(): string {
  const where = (entry: PhraseEntry) => (entry.wholeSentence ? 'when it is the whole sentence' : entry.sentenceStart ? 'at the start of a sentence' : 'anywhere');
  const rows = PHRASES.map((entry) => `| ${entry.text} | ${entry.category} | ${entry.replacement === '' ? '(removed)' : `"${entry.replacement}"`} | ${where(entry)} |`);
  return ['| Phrase | Kind | Becomes | Where |', '|---|---|---|---|', ...rows].join('\n');
}

function checkPart(context: FileRuleContext, analyzed: AnalyzedCallSite, part: PromptPart): RuleFinding | null {
  const text = writtenText(part);
  const changes = changesFor(text, isConversationTurn(analyzed, part));
  if (changes.length === 0) return null;
  const site = analyzed.site;
  const plain = (s: string) => s.split(DYNAMIC_MARK).join('');
  const tokenizer = analyzed.tokens.tokenizer;
  const saved = context.countTokens(plain(text), tokenizer) - context.countTokens(plain(applyChanges(text, changes)), tokenizer);
  // A rewrite that saves a few tokens a call is not worth a user's attention, and one that saves none never is.
  if (saved < minTokensSaved(context.config)) return null;
  // A part that is nothing but a greeting is a real chat turn ("Hello!"), not filler around an instruction.
  if (plain(applyChanges(text, changes)).trim() === '') return null;
  const perMonth = saved > 0 ? inputTokensPerMonth(analyzed, saved) : null;

  const edits: TextEdit[] = [];
  for (const change of changes) {
    const edit = sourceEdit(part, change);
    if (edit) edits.push(edit);
  }
  const savings =
    `Rewriting it saves ≈ ${formatTokens(saved)} token${saved === 1 ? '' : 's'} per call` +
    (perMonth !== null ? ` (≈ ${formatUsd(perMonth)}/month at ${formatCallsPerDay(analyzed)}).` : '.');
  const notEditable = edits.length === 0 ? ' The text is not a plain literal here, so edit it by hand.' : '';
  const fixes: Fix[] = [];
  if (edits.length > 0) {
    const partial = edits.length < changes.length ? ` (${edits.length} of ${changes.length} changes; the rest are not plain literal text)` : '';
    fixes.push({ title: `Rewrite ${describePart(part)} without the filler (−${formatTokens(saved)} token${saved === 1 ? '' : 's'})${partial}`, safe: false, edits });
  }
  const inThisFile = part.span.file === context.file;
  return {
    file: context.file,
    span: inThisFile ? part.span : site.span,
    callSiteId: site.id,
    message: `Verbose phrasing in ${describePart(part)}: ${describeChanges(changes)}. ${savings}${notEditable}`,
    savingPerMonth: perMonth ?? undefined,
    related: inThisFile ? undefined : [{ span: part.span, message: 'the prompt text' }],
    fixes,
  };
}

export const verbosePhrasing: Rule = {
  meta: {
    id: 'verbose-phrasing',
    defaultSeverity: 'info',
    description: 'Filler in static prompt text: pleasantries, hedges, emphasis, repeated sentences and runs of whitespace.',
    fixable: 'unsafe',
    docs: {
      whatItDoes:
        'Finds words in static prompt text that cost tokens without telling the model anything: pleasantries ("please", "thank you", "I would like you to", "kindly"), hedges and emphasis ("make sure to", "it is very important that you"), sentences said twice (the same or nearly the same words), runs of spaces between words and three or more line breaks in a row. One finding per prompt part lists what it found and the tokens and dollars a month that rewriting it saves. A rewrite is reported only when it saves at least 10 tokens per call (`minTokensSaved` in prompt-cost.config.json); a part that is only a greeting ("Hello!") is a real chat turn, and words that carry meaning ("Think carefully.") are not filler. Test files are not reported. Text read from data files at run time (a document interpolated into the prompt, a corpus copied several times on purpose) and text repeated with `.repeat()` or `*` are not phrasing; a prompt file that is a whole part of the prompt (`system=open("prompts/system.md").read()`), or one whose path names it a prompt, is.',
      whyBad:
        'Every token of a prompt is paid on every call. Modern models follow plain imperative instructions as well as polite or emphatic ones, so filler is pure cost, and repeated instructions also dilute the ones that matter.',
      severityNote:
        "`info` by default: on the judged corpus its findings were true but not worth a warning (0 of 2 now, 0 of 24 in the first sample): the filler it finds in real prompts saves a few tokens per call. Raise it to `warning` in prompt-cost.config.json for prompts sent at high volume.",
      sections: [
        { title: 'Filler it finds', markdown: phraseTable() },
        {
          title: 'Data is left alone',
          markdown:
            'Structured regions inside a prompt are data, not phrasing: JSON (and JSON templates), YAML, CSV/TSV, markdown tables, HTML/XML lines, fenced or indented code and lists of `key: value` records. The rule finds no repeated sentence inside them and never edits them (pretty-printed-data and row-data-format are the rules for their format). A full stop inside a number (`129.99`) or after an abbreviation (`e.g.`, `Dr.`) does not end a sentence. A user message in a history that holds assistant replies is a turn a person wrote, so its "thanks" is not filler.',
        },
      ],
      fixSafety:
        'Unsafe: the fix changes the text the model sees. It rewrites only literal text that maps back to the source character for character (no escapes, never inside interpolations; prompt files only when the code reads them unchanged) and keeps sentences grammatical ("Please summarize" becomes "Summarize"). The later copy of a repeated sentence is removed.',
      incorrect: [
        {
          language: 'python',
          code: `from openai import OpenAI

client = OpenAI()


def summarize(text: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=300,
        messages=[
            {"role": "system", "content": "I would like you to please summarize the article in three bullet points. It is very important that you keep each bullet short."},
            {"role": "user", "content": text},
        ],
    )
    return response.choices[0].message.content
`,
        },
        {
          language: 'typescript',
          code: `import OpenAI from 'openai';

const client = new OpenAI();

export async function extractDates(text: string) {
  const response = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 256,
    messages: [
      { role: 'system', content: 'I would like you to extract every date in the text. It is very important that you answer in ISO format.' },
      { role: 'user', content: text },
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
          code: `from openai import OpenAI

client = OpenAI()


def summarize(text: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=300,
        messages=[
            {"role": "system", "content": "Summarize the article in three short bullet points."},
            {"role": "user", "content": text},
        ],
    )
    return response.choices[0].message.content
`,
        },
      ],
    },
  },
  check(context) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const analyzed of context.callSites) {
      // Test code calls mocked clients: its prompts cost nothing per call.
      if (analyzed.site.kind !== 'generation' || isTestFile(analyzed.site.file)) continue;
      for (const part of analyzed.site.promptParts) {
        if (!isInstructionPart(part) || !part.pieces.some((piece) => piece.kind === 'text')) continue;
        // A constant shared by several calls is reported once.
        const spans = part.pieces.flatMap((piece) => (piece.kind === 'text' && piece.span ? [`${piece.span.file}:${piece.span.start}`] : []));
        const key = spans.length > 0 ? spans.join('|') : `${part.span.file}:${part.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const finding = checkPart(context, analyzed, part);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};
