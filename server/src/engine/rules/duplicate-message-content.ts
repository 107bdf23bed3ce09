/**
 * duplicate-message-content: the same static block sent twice in one call — the system prompt repeated in a
 * user message, an instruction block pasted into every few-shot turn, one document constant or prompt file
 * placed twice. The second copy is paid for on every call.
 * Repeated sentences inside one part are verbose-phrasing's; this rule compares whole blocks across the parts
 * of a call, and within one part only the same constant or prompt file placed twice.
 * No fix: which copy to keep is a choice about the prompt (the model reads them at different places).
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatTokens, formatUsd } from '../format';
import type { PromptPart, StringPiece } from '../model';
import { hasNestedOption, isTestFile } from './call-facts';
import { DYNAMIC_MARK, describePart, formatCallsPerDay, inputTokensPerMonth, joinedText } from './prompt-text';
import type { FileRuleContext, Rule, RuleFinding } from './rule';

/** Options that have the provider compact the context past a threshold: content there is padding the provider rewrites. */
const COMPACTION_OPTIONS = ['contextManagement', 'context_management'];

/** Blocks shorter than this are phrases (verbose-phrasing's), not duplicated content worth a finding. */
const MIN_BLOCK_TOKENS = 50;

interface Block {
  text: string;
  tokens: number;
  partIndex: number;
}

interface Duplicate {
  block: Block;
  /** Where the second copy is. */
  partIndex: number;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Structured data (JSON, markup, tables, code) repeats by nature — records share keys, tables share rows —
 * and belongs to the data rules: a block that starts like data or holds a code fence is not compared.
 */
function looksLikeData(text: string): boolean {
  const trimmed = text.trim();
  if (/^[[{<]/.test(trimmed) || trimmed.includes('```')) return true;
  const lines = trimmed.split('\n');
  const tableRows = lines.filter((line) => /^\s*\|.*\|\s*$/.test(line)).length;
  return tableRows >= 2 && tableRows * 2 >= lines.length;
}

/** The static paragraphs of a part (split at blank lines and at dynamic pieces), long enough to matter. */
function blocksOf(context: FileRuleContext, analyzed: AnalyzedCallSite, part: PromptPart, partIndex: number): Block[] {
  const blocks: Block[] = [];
  for (const segment of joinedText(part).split(DYNAMIC_MARK)) {
    for (const paragraph of segment.split(/\n[ \t]*\n/)) {
      if (looksLikeData(paragraph)) continue;
      const text = normalise(paragraph);
      if (text.length < MIN_BLOCK_TOKENS) continue;
      const tokens = context.countTokens(text, analyzed.tokens.tokenizer);
      if (tokens >= MIN_BLOCK_TOKENS) blocks.push({ text, tokens, partIndex });
    }
  }
  return blocks;
}

type TextPiece = Extract<StringPiece, { kind: 'text' }>;

/**
 * Where a text piece comes from, when it is a constant or a file, with its text: a template constant resolves
 * to several pieces of one origin with different texts, so only the same origin with the same text is a copy.
 */
function sourceKey(piece: TextPiece): string | null {
  if (piece.origin.kind === 'constant') return `constant ${piece.origin.name}\u0000${normalise(piece.text)}`;
  if (piece.origin.kind === 'prompt-file') return `file ${piece.origin.path}\u0000${normalise(piece.text)}`;
  return null;
}

/** Blocks of earlier parts found again in a later part of the same call; each block counted once. */
function crossPartDuplicates(blocksByPart: readonly Block[][], parts: readonly PromptPart[]): Duplicate[] {
  const duplicates: Duplicate[] = [];
  const seen = new Set<string>();
  parts.forEach((part, later) => {
    const laterText = normalise(joinedText(part));
    for (let earlier = 0; earlier < later; earlier++) {
      for (const block of blocksByPart[earlier]) {
        if (seen.has(block.text) || !laterText.includes(block.text)) continue;
        seen.add(block.text);
        duplicates.push({ block, partIndex: later });
      }
    }
  });
  return duplicates;
}

/** The same constant or prompt file placed twice in one part. */
function repeatedSourceInPart(context: FileRuleContext, analyzed: AnalyzedCallSite, part: PromptPart, partIndex: number): Duplicate[] {
  const counts = new Map<string, { piece: TextPiece; count: number }>();
  for (const piece of part.pieces) {
    if (piece.kind !== 'text') continue;
    const key = sourceKey(piece);
    if (!key) continue;
    const entry = counts.get(key) ?? { piece, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const duplicates: Duplicate[] = [];
  for (const { piece, count } of counts.values()) {
    if (count < 2 || looksLikeData(piece.text)) continue;
    const text = normalise(piece.text);
    const tokens = context.countTokens(text, analyzed.tokens.tokenizer);
    if (tokens < MIN_BLOCK_TOKENS) continue;
    for (let copy = 1; copy < count; copy++) duplicates.push({ block: { text, tokens, partIndex }, partIndex });
  }
  return duplicates;
}

function quote(text: string): string {
  return text.length <= 50 ? `"${text}"` : `"${text.slice(0, 47).trimEnd()}…"`;
}

function check(context: FileRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const analyzed of context.callSites) {
    const site = analyzed.site;
    // Test code sends to mocked clients: nothing is billed.
    if (site.kind !== 'generation' || isTestFile(site.file)) continue;
    // A call whose context the provider compacts is built to be long, and its early context is summarised away.
    if (hasNestedOption(site, COMPACTION_OPTIONS)) continue;
    const parts = site.promptParts;
    const blocksByPart = parts.map((part, index) => blocksOf(context, analyzed, part, index));
    const duplicates = [...crossPartDuplicates(blocksByPart, parts), ...parts.flatMap((part, index) => repeatedSourceInPart(context, analyzed, part, index))];
    if (duplicates.length === 0) continue;
    const tokens = duplicates.reduce((sum, duplicate) => sum + duplicate.block.tokens, 0);
    const largest = duplicates.reduce((a, b) => (b.block.tokens > a.block.tokens ? b : a));
    const where =
      largest.block.partIndex === largest.partIndex
        ? `twice in ${describePart(parts[largest.partIndex])}`
        : `in ${describePart(parts[largest.block.partIndex])} and again in ${describePart(parts[largest.partIndex])}`;
    const others = duplicates.length > 1 ? ` (${duplicates.length} repeated blocks in all)` : '';
    const saving = inputTokensPerMonth(analyzed, tokens);
    const money = saving !== null ? `, ${formatUsd(saving)}/month at ${formatCallsPerDay(analyzed)}` : '';
    findings.push({
      file: site.file,
      span: site.calleeSpan,
      message: `The same ${formatTokens(largest.block.tokens)}-token block ${quote(largest.block.text)} is sent ${where}${others}: sending it once saves ${formatTokens(tokens)} input tokens per call${money}.`,
      callSiteId: site.id,
      savingPerMonth: saving !== null && saving > 0 ? saving : undefined,
      fixes: [],
    });
  }
  return findings;
}

const GUIDE = [
  'You are the release-notes writer of Acme Cloud. Write for administrators who manage teams of fifty to five hundred people.',
  'Lead with what changed for them, then what they must do, then what they may ignore. Keep each item to two sentences,',
  'name the setting or page by its exact title, and never promise a date that the engineering notes do not state.',
].join(' ');

function pythonExample(repeated: boolean): string {
  return [
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    `STYLE_GUIDE = "${GUIDE}"`,
    '',
    '',
    'def release_notes(changes: str) -> str:',
    '    response = client.chat.completions.create(',
    '        model="gpt-4.1",',
    '        max_completion_tokens=800,',
    '        messages=[',
    '            {"role": "system", "content": STYLE_GUIDE},',
    repeated
      ? '            {"role": "user", "content": STYLE_GUIDE + "\\n\\nEngineering notes:\\n" + changes},'
      : '            {"role": "user", "content": "Engineering notes:\\n" + changes},',
    '        ],',
    '    )',
    '    return response.choices[0].message.content',
    '',
  ].join('\n');
}

function typeScriptExample(repeated: boolean): string {
  return [
    "import Anthropic from '@anthropic-ai/sdk';",
    '',
    'const anthropic = new Anthropic();',
    '',
    `const STYLE_GUIDE = '${GUIDE}';`,
    '',
    'export async function releaseNotes(changes: string) {',
    '  const message = await anthropic.messages.create({',
    "    model: 'claude-sonnet-4-5',",
    '    max_tokens: 800,',
    '    system: STYLE_GUIDE,',
    repeated
      ? "    messages: [{ role: 'user', content: `${STYLE_GUIDE}\\n\\nEngineering notes:\\n${changes}` }],"
      : "    messages: [{ role: 'user', content: `Engineering notes:\\n${changes}` }],",
    '  });',
    '  return message.content;',
    '}',
    '',
  ].join('\n');
}

export const duplicateMessageContent: Rule = {
  meta: {
    id: 'duplicate-message-content',
    defaultSeverity: 'info',
    description: 'The same static block sent twice in one call: the system prompt repeated in a message, a document placed twice.',
    fixable: 'none',
    docs: {
      whatItDoes: `Compares the static text of every part of one call (the system prompt, each message) paragraph by paragraph, and finds a paragraph of at least ${MIN_BLOCK_TOKENS} tokens that an earlier part already sent: the system prompt pasted again at the top of the user message, an instruction block repeated in every few-shot turn. Within one part it finds the same constant or prompt file placed twice. The message gives the tokens sent twice and what they cost a month at the call's traffic. Structured data (JSON, markup, tables, fenced code) is not compared, and repeated sentences inside one part are left to verbose-phrasing. Test code and calls whose context the provider compacts (\`contextManagement\` / \`context_management\`: the context is padded on purpose and summarised away) are not reported.`,
      whyBad: 'Every copy after the first is paid at the full input price on every call, and a long prompt sent twice also leaves less of the context window for the task.',
      fixSafety:
        'No fix: which copy to keep is a choice about the prompt. Instructions repeated after a long document on purpose (a documented technique for long contexts) read differently at the end than at the start, and the copies often come from one constant used in two places, where the edit is to the message structure, not to text.',
      severityNote:
        '`info` by default: its first version reported 17 findings on the judged corpus and none was right (14 wrong: the pieces of one template around a placeholder taken for copies; 3 worthless: compaction demos that repeat a document on purpose). Those shapes are no longer reported and it reports nothing else on the 26 repositories, so its precision is not measured yet. Raise it to `warning` in prompt-cost.config.json to hear about every repeated block.',
      incorrect: [
        { language: 'python', code: pythonExample(true) },
        { language: 'typescript', code: typeScriptExample(true) },
      ],
      correct: [
        { language: 'python', code: pythonExample(false) },
        { language: 'typescript', code: typeScriptExample(false) },
      ],
    },
  },
  check,
};
