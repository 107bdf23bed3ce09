/** Reading prompt text for rules: the static text of a part, which parts are instructions, money per call and per month. */
import type { AnalyzedCallSite } from '../analyze';
import type { CostEstimate, PriceRow, PromptPart, Role, StringPiece, TextEdit } from '../model';

/** Stands in for a dynamic piece in joined text: neither a word character nor whitespace, so no phrase spans it. */
export const DYNAMIC_MARK = '\uFFFC';

/** Roles whose text is the instructions we send (assistant / tool turns are examples or results). */
const INSTRUCTION_ROLES: readonly Role[] = ['system', 'developer', 'user', 'prompt'];

export function isInstructionPart(part: PromptPart): boolean {
  return INSTRUCTION_ROLES.includes(part.role);
}

/**
 * A user message in a history that holds assistant replies: a turn a person wrote in a conversation ("thanks,
 * that works"), not instructions the code's author can rephrase.
 */
export function isConversationTurn(site: AnalyzedCallSite, part: PromptPart): boolean {
  return part.role === 'user' && part.messageIndex >= 0 && site.site.promptParts.some((other) => other.role === 'assistant');
}

/** A prompt file whose path says it holds instructions (`prompts/system.md`, `instructions.txt`, `summary.prompt`). */
const PROMPT_FILE_PATH = /prompt|instruction|system|template|persona|rules/i;

/**
 * True when a piece is text the code's author wrote as instructions, not data read at run time. A file's text
 * is instructions when its path names it a prompt (`prompts/summary.md`) or when it is the whole system or
 * developer prompt; other files (`data/error-message.txt`, a reference document, a corpus) are data, and a file
 * placed more than once in one part is repeated on purpose.
 */
export function isWrittenPiece(part: PromptPart, piece: StringPiece): boolean {
  if (piece.kind !== 'text') return false;
  if (piece.origin.kind !== 'prompt-file') return true;
  const path = piece.origin.path;
  const copies = part.pieces.filter((other) => other.kind === 'text' && other.origin.kind === 'prompt-file' && other.origin.path === path).length;
  if (copies > 1) return false;
  const wholePart = part.pieces.every((other) => other === piece || (other.kind === 'text' && other.text.trim() === ''));
  return PROMPT_FILE_PATH.test(path) || (wholePart && (part.role === 'system' || part.role === 'developer'));
}

/** The part's written text with every other piece (dynamic values, data read at run time) replaced by DYNAMIC_MARK. */
export function writtenText(part: PromptPart): string {
  return part.pieces.map((piece) => (isWrittenPiece(part, piece) ? (piece as { text: string }).text : DYNAMIC_MARK)).join('');
}

/**
 * The source edit replacing [start, end) of `writtenText(part)` with `newText`, when the range falls inside one
 * literal that maps to source character for character; null otherwise (escapes, interpolations, data).
 */
export function writtenTextEdit(part: PromptPart, start: number, end: number, newText: string): TextEdit | null {
  let offset = 0;
  for (const piece of part.pieces) {
    const written = isWrittenPiece(part, piece);
    const length = written && piece.kind === 'text' ? piece.text.length : DYNAMIC_MARK.length;
    if (start >= offset && end <= offset + length) {
      if (!written || piece.kind !== 'text' || !piece.verbatim || !piece.span) return null;
      const from = start - offset;
      // A raw string's backslash before the edit could start an escape with what the edit brings in.
      if (piece.text[from - 1] === '\\') return null;
      return { file: piece.span.file, start: piece.span.start + from, end: piece.span.start + end - offset, newText };
    }
    offset += length;
  }
  return null;
}

/** The part's text with each dynamic piece replaced by DYNAMIC_MARK. */
export function joinedText(part: PromptPart): string {
  return part.pieces.map((piece) => (piece.kind === 'text' ? piece.text : DYNAMIC_MARK)).join('');
}

/** The part's static text only (what a tokenizer would see of it, minus the dynamic values). */
export function staticText(part: PromptPart): string {
  return part.pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
}

/** The static text of every part of the call's prompt, one part a line, each dynamic piece a space: what a task is judged from. */
export function promptStaticText(site: AnalyzedCallSite): string {
  return site.site.promptParts.map((part) => part.pieces.map((piece) => (piece.kind === 'text' ? piece.text : ' ')).join('')).join('\n');
}

/** How people name a part in messages: `the system prompt`, `message 2 (user)`. */
export function describePart(part: PromptPart): string {
  if (part.messageIndex < 0) return part.role === 'prompt' ? 'the prompt' : `the ${part.role} prompt`;
  return `message ${part.messageIndex + 1} (${part.role})`;
}

/** USD a month for `tokens` tokens at `usdPerMTok` on every call of a priced site (30 days a month, as the cost estimate assumes). */
export function tokensPerMonth(cost: CostEstimate, tokens: number, usdPerMTok: number): number {
  return (tokens * usdPerMTok * cost.callsPerDay * 30) / 1_000_000;
}

/** USD a month for `tokens` more or fewer input tokens on every call of this site; null when the call has no price. */
export function inputTokensPerMonth(site: AnalyzedCallSite, tokens: number): number | null {
  if (!site.cost) return null;
  return tokensPerMonth(site.cost, tokens, site.cost.price.inputPerMTok);
}

/** USD for `tokens` output tokens on one call at this price. */
export function outputCostPerCall(price: PriceRow, tokens: number): number {
  return (tokens * price.outputPerMTok) / 1_000_000;
}

/** The traffic a monthly figure assumes and where it came from: `1,000 calls/day, the workspace default`. */
export function formatCallsPerDay(site: AnalyzedCallSite): string {
  const usage = site.usage;
  const perDay = `${usage.callsPerDay.toLocaleString('en-US')} calls/day`;
  switch (usage.source) {
    case 'annotation':
      return `${perDay} from the annotation on the call`;
    case 'feature':
    case 'file-glob':
      return `${perDay} from the usage in prompt-cost.config.json`;
    default:
      return `${perDay}, the workspace default`;
  }
}
