/**
 * `npm run judged -- <folder>`: re-runs `prompt-cost scan` on each repository of the judged findings corpus
 * (corpus/findings/<owner>+<name>.json, checked out at <folder>/<owner>+<name>) and prints each rule's precision
 * against the judgements. A judged finding the tool no longer reports is gone; a finding that was not there
 * when the corpus was judged is listed as unjudged. A worthless finding counts as wrong.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/engine/rules';

export type Verdict = 'correct' | 'wrong' | 'worthless';

export interface JudgedFinding {
  path: string;
  line: number;
  rule: string;
  verdict: Verdict;
  reason: string;
}

export interface JudgedRepo {
  repo: string;
  commit: string;
  findings: JudgedFinding[];
  /** Findings reported when the corpus was judged but not sampled for judging, per rule: `path:line`. */
  notSampled?: Record<string, string[]>;
}

export interface ReportedFinding {
  file: string;
  line: number;
  rule: string;
  message: string;
  /** The repository (`owner/name`), set on unjudged findings. */
  repo?: string;
}

export interface RuleScore {
  correct: number;
  wrong: number;
  worthless: number;
  /** Judged findings the tool no longer reports. */
  gone: number;
  /** Reported findings that were never judged nor seen at judging time. */
  unjudged: ReportedFinding[];
}

export function emptyScore(): RuleScore {
  return { correct: 0, wrong: 0, worthless: 0, gone: 0, unjudged: [] };
}

/** Adds one repository's reported findings, scored against its judgements, to `scores` (by rule). */
export function scoreRepo(judged: JudgedRepo, reported: readonly ReportedFinding[], scores: Map<string, RuleScore>): void {
  const key = (rule: string, file: string, line: number) => `${rule}\u0000${file}:${line}`;
  const now = new Set(reported.map((finding) => key(finding.rule, finding.file, finding.line)));
  const scoreOf = (rule: string) => {
    let score = scores.get(rule);
    if (!score) scores.set(rule, (score = emptyScore()));
    return score;
  };
  const known = new Set<string>();
  for (const finding of judged.findings) {
    const k = key(finding.rule, finding.path, finding.line);
    known.add(k);
    const score = scoreOf(finding.rule);
    if (!now.has(k)) score.gone++;
    else score[finding.verdict]++;
  }
  for (const [rule, places] of Object.entries(judged.notSampled ?? {})) {
    for (const place of places) known.add(`${rule}\u0000${place}`);
  }
  for (const finding of reported) {
    if (!known.has(key(finding.rule, finding.file, finding.line))) scoreOf(finding.rule).unjudged.push({ ...finding, repo: judged.repo });
  }
}

/** correct / (correct + wrong + worthless), or null when no judged finding is still reported. */
export function precisionOf(score: RuleScore): number | null {
  const judged = score.correct + score.wrong + score.worthless;
  return judged === 0 ? null : score.correct / judged;
}

export function renderScores(scores: ReadonlyMap<string, RuleScore>, severities: ReadonlyMap<string, string>): string {
  const lines = ['| rule | default | judged | correct | wrong | worthless | precision | gone | unjudged |', '|---|---|---|---|---|---|---|---|---|'];
  for (const rule of [...scores.keys()].sort()) {
    const score = scores.get(rule)!;
    const precision = precisionOf(score);
    const judged = score.correct + score.wrong + score.worthless;
    lines.push(
      `| ${rule} | ${severities.get(rule) ?? '?'} | ${judged} | ${score.correct} | ${score.wrong} | ${score.worthless} | ${precision === null ? '—' : `${Math.round(precision * 100)}%`} | ${score.gone} | ${score.unjudged.length} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Writes the figures of this run as `now` in the precision file the rule docs are generated from (`before` is kept). */
function writePrecision(file: string, scores: ReadonlyMap<string, RuleScore>, repositories: number): void {
  let existing: { before?: unknown; note?: string } = {};
  try {
    existing = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    existing = {};
  }
  const now: Record<string, { judged: number; correct: number; wrong: number; worthless: number }> = {};
  for (const [rule, score] of [...scores].sort()) {
    now[rule] = { judged: score.correct + score.wrong + score.worthless, correct: score.correct, wrong: score.wrong, worthless: score.worthless };
  }
  const data = { note: existing.note ?? 'Reproduce with `npm run judged -- <folder of checkouts>`.', repositories, before: existing.before ?? now, now };
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  process.stdout.write(`wrote ${file}; run \`npx tsc -p . && node out/scripts/generate-rule-docs.js\` to update docs/rules/README.md\n`);
}

function loadJudged(dir: string): JudgedRepo[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as JudgedRepo);
}

function main(argv: string[]): number {
  const folder = argv.find((arg) => !arg.startsWith('--'));
  const listUnjudged = argv.includes('--list-unjudged');
  if (!folder) {
    process.stderr.write('usage: npm run judged -- <folder of checkouts, one per repository at <folder>/<owner>+<name>> [--list-unjudged] [--write]\n');
    return 2;
  }
  const root = path.resolve(__dirname, '..', '..');
  const cli = path.join(root, 'dist', 'cli.js');
  const scores = new Map<string, RuleScore>();
  let scanned = 0;
  for (const judged of loadJudged(path.join(root, 'corpus', 'findings'))) {
    const checkout = path.join(path.resolve(folder), judged.repo.replace('/', '+'));
    if (!existsSync(checkout)) {
      process.stdout.write(`missing checkout: ${checkout} (${judged.repo} at ${judged.commit}); its judgements are left out\n`);
      continue;
    }
    const run = spawnSync(process.execPath, [cli, 'scan', checkout, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    if (run.status !== 0) {
      process.stdout.write(`scan of ${checkout} failed (exit ${run.status}): ${run.stderr.slice(0, 500)}\n`);
      continue;
    }
    const report = JSON.parse(run.stdout) as { findings: ReportedFinding[] };
    scoreRepo(judged, report.findings, scores);
    scanned++;
  }
  const severities = new Map(RULES.map((rule) => [rule.meta.id, rule.meta.defaultSeverity]));
  process.stdout.write(`${scanned} repositories scanned\n\n${renderScores(scores, severities)}`);
  const writeAt = argv.indexOf('--write');
  if (writeAt >= 0) writePrecision(path.join(root, 'docs', 'rules', 'precision.json'), scores, scanned);
  if (listUnjudged) {
    for (const [rule, score] of [...scores].sort()) {
      for (const finding of score.unjudged) process.stdout.write(`unjudged ${rule} ${finding.repo} ${finding.file}:${finding.line} ${finding.message}\n`);
    }
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
