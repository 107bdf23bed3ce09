import picomatch from 'picomatch';
import type { UsageAssumption } from '../model';
import type { Config } from './types';

export interface CommentLine {
  /** 0-based line number. */
  line: number;
  /** Comment text without the marker. */
  text: string;
}

/** What a `prompt-cost:` annotation says. */
export interface UsageAnnotation {
  callsPerDay?: number;
  feature?: string;
  /** 0-based line of the comment the calls-per-day figure (else the feature) came from. */
  line: number;
}

const ANNOTATION = /(?:^|\s)prompt-cost:\s*(.*)$/;
// Digits with `_` or `,` separators only: `5000`, `20_000`, `1,500`. `5k` is not a number here.
const CALLS_PER_DAY = /(?:^|\s)calls-per-day\s*=\s*([0-9][0-9_,]*)(?=$|[\s;])/;
const FEATURE = /(?:^|\s)feature\s*=\s*([A-Za-z0-9][A-Za-z0-9_.\-/]*)/;

/** Each file's comments by line, built once per comment list (every call of the file asks). */
const commentsByLineOf = new WeakMap<readonly CommentLine[], Map<number, CommentLine>>();

function commentsByLine(comments: readonly CommentLine[]): Map<number, CommentLine> {
  let byLine = commentsByLineOf.get(comments);
  if (byLine) return byLine;
  byLine = new Map<number, CommentLine>();
  for (const comment of comments) {
    const existing = byLine.get(comment.line);
    byLine.set(comment.line, existing ? { line: comment.line, text: `${existing.text} ${comment.text}` } : comment);
  }
  commentsByLineOf.set(comments, byLine);
  return byLine;
}

/** The comment lines directly above `callLine`: the unbroken run of comment lines ending on the line before it. */
export function annotationsAbove(comments: readonly CommentLine[], callLine: number): CommentLine[] {
  const byLine = commentsByLine(comments);
  const run: CommentLine[] = [];
  for (let line = callLine - 1; line >= 0 && byLine.has(line); line--) run.unshift(byLine.get(line)!);
  return run;
}

/** Parses one comment: `prompt-cost: calls-per-day=5000 feature=triage` (either or both). */
export function parseUsageAnnotation(comment: CommentLine): UsageAnnotation | undefined {
  const body = ANNOTATION.exec(comment.text.trim());
  if (!body) return undefined;
  const out: UsageAnnotation = { line: comment.line };
  const calls = CALLS_PER_DAY.exec(body[1]);
  if (calls) {
    const value = Number(calls[1].replace(/[_,]/g, ''));
    if (Number.isFinite(value)) out.callsPerDay = value;
  }
  const feature = FEATURE.exec(body[1]);
  if (feature) out.feature = feature[1];
  return out.callsPerDay === undefined && out.feature === undefined ? undefined : out;
}

/** The annotation for a call: figures from the comments above it, the nearest comment winning per key. */
export function annotationFor(comments: readonly CommentLine[], callLine: number): UsageAnnotation | undefined {
  let merged: UsageAnnotation | undefined;
  for (const comment of annotationsAbove(comments, callLine).reverse()) {
    const parsed = parseUsageAnnotation(comment);
    if (!parsed) continue;
    merged ??= { line: parsed.line };
    if (merged.callsPerDay === undefined && parsed.callsPerDay !== undefined) {
      merged.callsPerDay = parsed.callsPerDay;
      merged.line = parsed.line;
    }
    merged.feature ??= parsed.feature;
  }
  return merged;
}

const matchers = new Map<string, (file: string) => boolean>();
function globMatches(glob: string, file: string): boolean {
  let matcher = matchers.get(glob);
  if (!matcher) {
    matcher = picomatch(glob, { dot: true });
    matchers.set(glob, matcher);
  }
  return matcher(file);
}

function formatCalls(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Calls per day for a call site, most specific first:
 * 1. an annotation comment directly above the call (`prompt-cost: calls-per-day=5000`);
 * 2. the feature named by the annotation (`prompt-cost: feature=triage`) in `usage.features`;
 * 3. the longest `usage.files` glob matching the file (first declared on a tie);
 * 4. `usage.default` (1,000 calls per day unless the config says otherwise).
 * A feature named in the annotation is reported even when the figure comes from a later step.
 */
export function usageFor(input: { file: string; callLine: number; comments: readonly CommentLine[]; config: Config }): UsageAssumption {
  const { config } = input;
  const file = input.file.replace(/\\/g, '/');
  const annotation = annotationFor(input.comments, input.callLine);
  const feature = annotation?.feature;
  const withFeature = (usage: UsageAssumption): UsageAssumption => (feature !== undefined ? { ...usage, feature } : usage);

  if (annotation?.callsPerDay !== undefined) {
    return withFeature({ callsPerDay: annotation.callsPerDay, source: 'annotation', detail: `annotation on line ${annotation.line + 1}` });
  }
  if (feature !== undefined && Object.prototype.hasOwnProperty.call(config.usage.features, feature)) {
    return withFeature({ callsPerDay: config.usage.features[feature].callsPerDay, source: 'feature', detail: `usage.features[${JSON.stringify(feature)}]` });
  }
  let best: string | undefined;
  for (const glob of Object.keys(config.usage.files)) {
    if ((best === undefined || glob.length > best.length) && globMatches(glob, file)) best = glob;
  }
  if (best !== undefined) {
    return withFeature({ callsPerDay: config.usage.files[best].callsPerDay, source: 'file-glob', detail: `usage.files[${JSON.stringify(best)}]` });
  }
  const callsPerDay = config.usage.default.callsPerDay;
  return withFeature({ callsPerDay, source: 'default', detail: `workspace default (${formatCalls(callsPerDay)} calls per day)` });
}
