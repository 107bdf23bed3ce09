/**
 * Measures call-site finding against the labelled corpus (corpus/labels/, format in corpus/README.md):
 * recall, precision, model accuracy and output-cap accuracy, per language, with every miss listed.
 *
 *   npm run corpus -- <folder of checkouts> [--verbose] [--json FILE] [--labels DIR]
 * --labels scores another set of label files (corpus/holdout/: repositories kept out of development).
 *
 * Each labelled repository is expected at `<folder>/<owner>+<name>`; missing ones are listed and skipped.
 * The labelled files of a repository are scanned with the built CLI (`dist/cli.js`), rooted at the checkout
 * so imports between its files resolve.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface CorpusLabel {
  path: string;
  line: number;
  kind?: 'generation' | 'embedding';
  provider?: string | null;
  api?: string;
  model: string | null;
  cap: boolean;
  shape?: string;
  note?: string;
}

export interface CorpusLabelFile {
  repo: string;
  commit: string;
  language?: string;
  files: string[];
  calls: CorpusLabel[];
}

/** The part of a JSON report call site the score reads. */
export interface FoundCall {
  file: string;
  line: number;
  endLine: number;
  provider: string;
  api: string;
  model: string | null;
  outputCap: unknown;
}

export type LanguageGroup = 'python' | 'js';

export interface Tally {
  labels: number;
  found: number;
  matched: number;
  modelKnown: number;
  modelRight: number;
  capRight: number;
}

export interface CorpusScore {
  byLanguage: Record<LanguageGroup, Tally>;
  byShape: Map<string, { labels: number; matched: number }>;
  misses: (CorpusLabel & { repo: string })[];
  falsePositives: (FoundCall & { repo: string })[];
  wrongModels: { repo: string; label: CorpusLabel; found: FoundCall }[];
  wrongCaps: { repo: string; label: CorpusLabel; found: FoundCall }[];
}

export function languageGroupOf(file: string): LanguageGroup {
  return /\.(py|pyi|ipynb)$/i.test(file) ? 'python' : 'js';
}

function emptyTally(): Tally {
  return { labels: 0, found: 0, matched: 0, modelKnown: 0, modelRight: 0, capRight: 0 };
}

export function emptyScore(): CorpusScore {
  return { byLanguage: { python: emptyTally(), js: emptyTally() }, byShape: new Map(), misses: [], falsePositives: [], wrongModels: [], wrongCaps: [] };
}

/**
 * The model id as compared: case folded, without a `models/` resource prefix (Gemini) or a routing prefix
 * (`openai/gpt-4o`, `openai:gpt-4o`), so a gateway string and a provider call naming the same model agree.
 */
export function comparableModel(model: string): string {
  let text = model.trim().toLowerCase().replace(/^models\//, '');
  const routed = /^[a-z0-9_.-]+[/:](.+)$/.exec(text);
  if (routed && !/^(anthropic|amazon|meta|cohere|ai21|mistral|us|eu|apac)\.[a-z]/.test(text)) text = routed[1];
  return text;
}

/**
 * Pairs each label with a found call in the same file whose lines contain the label's line (the innermost such
 * call: the latest start), each found call used once. Adds the outcome to `score`.
 */
export function scoreRepository(labels: CorpusLabelFile, found: readonly FoundCall[], score: CorpusScore): void {
  const labelled = new Set(labels.files.map(normalisePath));
  const foundInLabelled = found.filter((call) => labelled.has(normalisePath(call.file)));
  const used = new Set<FoundCall>();
  for (const call of foundInLabelled) score.byLanguage[languageGroupOf(call.file)].found++;
  const sorted = [...labels.calls].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  for (const label of sorted) {
    const tally = score.byLanguage[languageGroupOf(label.path)];
    tally.labels++;
    const shape = label.shape ?? 'unspecified';
    const shapeTally = score.byShape.get(shape) ?? { labels: 0, matched: 0 };
    shapeTally.labels++;
    score.byShape.set(shape, shapeTally);
    const file = normalisePath(label.path);
    let best: FoundCall | undefined;
    for (const call of foundInLabelled) {
      if (used.has(call) || normalisePath(call.file) !== file || call.line > label.line || call.endLine < label.line) continue;
      if (!best || call.line > best.line) best = call;
    }
    if (!best) {
      score.misses.push({ ...label, repo: labels.repo });
      continue;
    }
    used.add(best);
    tally.matched++;
    shapeTally.matched++;
    if (label.model !== null) {
      tally.modelKnown++;
      if (best.model !== null && comparableModel(best.model) === comparableModel(label.model)) tally.modelRight++;
      else score.wrongModels.push({ repo: labels.repo, label, found: best });
    }
    const capFound = best.outputCap !== null && best.outputCap !== undefined;
    if (capFound === label.cap) tally.capRight++;
    else score.wrongCaps.push({ repo: labels.repo, label, found: best });
  }
  for (const call of foundInLabelled) if (!used.has(call)) score.falsePositives.push({ ...call, repo: labels.repo });
}

function normalisePath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '  n/a' : `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
}

export function formatScore(score: CorpusScore, verbose: boolean): string {
  const lines: string[] = [];
  const row = (name: string, tally: Tally) =>
    `${name.padEnd(8)} labels ${String(tally.labels).padStart(4)}  found ${String(tally.found).padStart(4)}  recall ${percent(tally.matched, tally.labels)}  precision ${percent(tally.matched, tally.found)}  model ${percent(tally.modelRight, tally.modelKnown)} (${tally.modelRight}/${tally.modelKnown})  cap ${percent(tally.capRight, tally.matched)}`;
  const all = emptyTally();
  for (const tally of Object.values(score.byLanguage)) for (const key of Object.keys(all) as (keyof Tally)[]) all[key] += tally[key];
  lines.push(row('python', score.byLanguage.python), row('ts/js', score.byLanguage.js), row('all', all), '');
  lines.push('recall by shape:');
  for (const [shape, tally] of [...score.byShape].sort((a, b) => b[1].labels - a[1].labels)) {
    lines.push(`  ${shape.padEnd(24)} ${String(tally.matched).padStart(4)}/${String(tally.labels).padEnd(4)} ${percent(tally.matched, tally.labels)}`);
  }
  const limit = verbose ? Infinity : 40;
  const list = <T>(title: string, items: T[], show: (item: T) => string) => {
    lines.push('', `${title} (${items.length}):`);
    for (const item of items.slice(0, limit)) lines.push('  ' + show(item));
    if (items.length > limit) lines.push(`  … ${items.length - limit} more (--verbose lists all)`);
  };
  list('missed', score.misses, (m) => `${m.repo}/${m.path}:${m.line}  ${m.shape ?? ''} ${m.api ?? ''} ${m.model ?? '(model null)'}`);
  list('found but not labelled', score.falsePositives, (f) => `${f.repo}/${f.file}:${f.line}  ${f.provider} ${f.api} ${f.model ?? '(no model)'}`);
  list('wrong model', score.wrongModels, (w) => `${w.repo}/${w.label.path}:${w.label.line}  labelled ${w.label.model}, found ${w.found.model ?? 'none'} (${w.found.api})`);
  list('wrong cap', score.wrongCaps, (w) => `${w.repo}/${w.label.path}:${w.label.line}  labelled cap=${w.label.cap}, found ${w.found.outputCap ? 'a cap' : 'no cap'} (${w.found.api})`);
  return lines.join('\n');
}

export function readLabelFiles(labelsDir: string): CorpusLabelFile[] {
  return readdirSync(labelsDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = path.join(labelsDir, name);
      let parsed: CorpusLabelFile;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8')) as CorpusLabelFile;
      } catch (error) {
        throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
      }
      if (typeof parsed.repo !== 'string' || !Array.isArray(parsed.files) || !Array.isArray(parsed.calls)) {
        throw new Error(`${file}: needs "repo", "files" and "calls" (see corpus/README.md)`);
      }
      for (const call of parsed.calls) {
        if (typeof call.path !== 'string' || typeof call.line !== 'number' || typeof call.cap !== 'boolean' || !('model' in call)) {
          throw new Error(`${file}: call ${JSON.stringify(call)} needs path, line, model and cap`);
        }
        if (!parsed.files.includes(call.path)) throw new Error(`${file}: ${call.path} is labelled but not listed in "files"`);
      }
      return parsed;
    });
}

function main(argv: string[]): number {
  const args = argv.filter((arg) => !arg.startsWith('--'));
  const verbose = argv.includes('--verbose');
  const jsonAt = argv.indexOf('--json');
  const jsonOut = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
  const labelsAt = argv.indexOf('--labels');
  const labelsOption = labelsAt >= 0 ? argv[labelsAt + 1] : undefined;
  const checkouts = args.find((arg) => arg !== jsonOut && arg !== labelsOption);
  if (!checkouts) {
    console.error('usage: npm run corpus -- <folder of checkouts> [--verbose] [--json FILE] [--labels DIR]');
    return 2;
  }
  const repoRoot = path.resolve(__dirname, '../..');
  const cli = path.join(repoRoot, 'dist/cli.js');
  const labelsDir = labelsOption ? path.resolve(labelsOption) : path.join(repoRoot, 'corpus/labels');
  if (!existsSync(labelsDir)) {
    console.error(`corpus: no label folder at ${labelsDir}`);
    return 2;
  }
  const labelFiles = readLabelFiles(labelsDir);
  const score = emptyScore();
  const skipped: string[] = [];
  for (const labels of labelFiles) {
    const checkout = path.join(checkouts, labels.repo.replace('/', '+'));
    const present = labels.files.filter((file) => existsSync(path.join(checkout, file)));
    if (present.length === 0) {
      skipped.push(`${labels.repo} (not at ${checkout})`);
      continue;
    }
    if (present.length < labels.files.length) skipped.push(`${labels.repo}: ${labels.files.length - present.length} labelled files missing`);
    let report: { callSites: FoundCall[] };
    try {
      const output = execFileSync(process.execPath, [cli, 'scan', ...present, '--root', checkout, '--format', 'json'], { cwd: checkout, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
      report = JSON.parse(output) as { callSites: FoundCall[] };
    } catch (error) {
      const stdout = (error as { stdout?: string }).stdout;
      if (!stdout) throw error;
      // Exit status 1 only says findings exist; the report is still complete.
      report = JSON.parse(stdout) as { callSites: FoundCall[] };
    }
    scoreRepository(labels, report.callSites, score);
  }
  console.log(`corpus: ${labelFiles.length} repositories labelled, ${labelFiles.length - skipped.filter((s) => !s.includes(':')).length} scanned`);
  for (const line of skipped) console.log(`  skipped: ${line}`);
  console.log('');
  console.log(formatScore(score, verbose));
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ ...score, byShape: Object.fromEntries(score.byShape) }, null, 2));
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
