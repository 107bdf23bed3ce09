/**
 * Prompt files read by code (`prompts/*.md`, `.txt`, `.jinja`, `.j2`): which call sites send each one, its
 * token count, and what those call sites cost together. Built from analysed files; the JSON and text reports
 * list it and the editor shows it on the prompt file's first line.
 */
import type { AnalyzedCallSite, FileAnalysis } from '../analyze';
import { countTokens } from '../tokens';

export interface PromptFileUse {
  /** Workspace-relative path of the prompt file. */
  file: string;
  /** Tokens of the file's text as the first using call site's tokenizer counts them. */
  tokens: number;
  tokenizer: string;
  /** The call sites that send the file, ordered by file and position. */
  callSites: AnalyzedCallSite[];
  /** Sum of the using call sites' monthly cost (priced ones only). */
  perMonth: number;
  /** Using call sites without a price (unknown model). */
  unpriced: number;
}

/** Every prompt file the analysed call sites send, sorted by path. */
export function promptFileUses(files: readonly FileAnalysis[]): PromptFileUse[] {
  const byFile = new Map<string, { text: string; sites: AnalyzedCallSite[] }>();
  for (const analysis of files) {
    for (const analyzed of analysis.callSites) {
      const seenHere = new Set<string>();
      for (const part of analyzed.site.promptParts ?? []) {
        for (const piece of part.pieces ?? []) {
          if (piece.kind !== 'text' || piece.origin.kind !== 'prompt-file') continue;
          const path = piece.origin.path;
          const entry = byFile.get(path) ?? { text: piece.text, sites: [] };
          // The untransformed read is the file as it is; a stripped or dedented copy is the fallback.
          if (piece.verbatim && piece.text.length > entry.text.length) entry.text = piece.text;
          if (!seenHere.has(path)) {
            entry.sites.push(analyzed);
            seenHere.add(path);
          }
          byFile.set(path, entry);
        }
      }
    }
  }
  const uses: PromptFileUse[] = [];
  for (const [file, { text, sites }] of byFile) {
    sites.sort((a, b) => (a.site.file !== b.site.file ? (a.site.file < b.site.file ? -1 : 1) : a.site.span.start - b.site.span.start));
    const tokenizer = sites[0].tokens.tokenizer;
    uses.push({
      file,
      tokens: countTokens(text, tokenizer),
      tokenizer,
      callSites: sites,
      perMonth: sites.reduce((sum, site) => sum + (site.cost?.perMonth ?? 0), 0),
      unpriced: sites.filter((site) => !site.cost).length,
    });
  }
  return uses.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
