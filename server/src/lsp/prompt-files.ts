/**
 * Prompt files read by code (`prompts/*.md`, `.txt`, `.jinja`, `.j2`) in the editor: an inlay hint at the end
 * of the file's first line with its token count, the call sites that send it and what they cost together,
 * and the findings whose text lives in the file (verbose phrasing) as diagnostics on the file itself.
 * Pure: the server passes the analyses it holds for the workspace.
 */
import { DiagnosticSeverity, InlayHintKind, type Diagnostic, type InlayHint } from 'vscode-languageserver';
import type { FileAnalysis } from '../engine/analyze';
import { formatUsd } from '../engine/format';
import { promptFileUses, type PromptFileUse } from '../engine/report/prompt-files';
import type { LineIndex } from '../engine/text';
import { compactCount } from './inline-label';

/** `1.2k tok · 2 calls · $340/mo`: what the hint shows. */
export function promptFileLabel(use: PromptFileUse): string {
  const calls = `${use.callSites.length} call${use.callSites.length === 1 ? '' : 's'}`;
  const money = use.callSites.length > use.unpriced ? ` · ${formatUsd(use.perMonth)}/mo` : ' · no price';
  return `${compactCount(use.tokens)} tok · ${calls}${money}`;
}

/** The use of prompt file `file` (workspace-relative) by the analysed call sites, or undefined when no call sends it. */
export function promptFileUseOf(file: string, analyses: readonly FileAnalysis[]): PromptFileUse | undefined {
  return promptFileUses(analyses).find((use) => use.file === file);
}

/** The inlay hint on the prompt file's first line; empty when no analysed call sends the file. */
export function promptFileInlayHints(file: string, lines: LineIndex, analyses: readonly FileAnalysis[]): InlayHint[] {
  const use = promptFileUseOf(file, analyses);
  if (!use) return [];
  const users = use.callSites.map(({ site }) => site.id).join('\n');
  return [
    {
      position: { line: 0, character: lines.lineText(0).length },
      label: promptFileLabel(use),
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: `Sent by:\n${users}`,
    },
  ];
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/**
 * Diagnostics on the prompt file: each finding whose fix edits the file or whose related text lives in it,
 * placed on the edited text (or the whole first line), once per rule and place.
 */
export function promptFileDiagnostics(file: string, lines: LineIndex, analyses: readonly FileAnalysis[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const analysis of analyses) {
    for (const finding of analysis.findings) {
      const edits = finding.fixes.flatMap((fix) => fix.edits).filter((edit) => edit.file === file);
      const related = (finding.related ?? []).filter((entry) => entry.span.file === file);
      const sendsFile = analysis.callSites.some(
        (analyzed) => analyzed.site.id === finding.callSiteId && analyzed.site.promptParts.some((part) => part.pieces.some((piece) => piece.kind === 'text' && piece.origin.kind === 'prompt-file' && piece.origin.path === file)),
      );
      if (edits.length === 0 && related.length === 0 && !(finding.rule === 'verbose-phrasing' && sendsFile)) continue;
      const start = edits.length > 0 ? Math.min(...edits.map((e) => e.start)) : 0;
      const end = edits.length > 0 ? Math.max(...edits.map((e) => e.end)) : lines.lineText(0).length;
      const key = `${finding.rule}:${start}:${end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const from = lines.position(start);
      const to = lines.position(end);
      diagnostics.push({
        range: { start: { line: from.line, character: from.column }, end: { line: to.line, character: to.column } },
        severity: SEVERITY[finding.severity],
        code: finding.rule,
        source: 'prompt-cost',
        message: `${finding.message} (sent by ${finding.callSiteId ?? analysis.file})`,
      });
    }
  }
  return diagnostics;
}
