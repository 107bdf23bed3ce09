/**
 * The SDK prefilter through ripgrep, so that files which mention no SDK are never read by Node at all.
 * Two forms: `startSdkSurvey` (the CLI) walks the scan targets with rg while Node lists the files itself, and
 * reports the files it examined that mention no SDK; `filesMentioningSdk` (the language server) tests a given list.
 * rg is used when it is on PATH (or PROMPT_COST_RG names it); without it, or when rg fails, every file is read
 * and tested with mentionsLlmSdk, as before.
 */
import type { ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants as fsConstants, fstatSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ANALYSED_EXTENSIONS } from '../engine/language-of';
import { PREFILTER_NEEDLES } from '../engine/languages/sdk-modules';
import { SKIPPED_DIRECTORIES } from './files';

/** node:child_process (with net and streams) takes 10-20 ms to load: required when rg is started, not at start. */
function childProcess(): typeof import('node:child_process') {
  return require('node:child_process') as typeof import('node:child_process');
}

/** Below this many files, reading them in Node costs less than starting rg. */
export const RIPGREP_MIN_FILES = 100;
/**
 * Bytes of file arguments per rg process, under each platform's command-line limit (Linux: ARG_MAX is 2 MB with
 * the default stack; macOS: 1 MB; Windows: 32,767 characters). Each process costs a spawn, so fewer is faster.
 */
const ARGUMENT_BYTES_PER_RUN = process.platform === 'linux' ? 1024 * 1024 : process.platform === 'win32' ? 24 * 1024 : 192 * 1024;

/**
 * The rg executable to use: PROMPT_COST_RG when set (`off` or empty disables rg), else `rg` on PATH.
 * Undefined when there is none.
 */
export function findRipgrep(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.PROMPT_COST_RG;
  if (configured !== undefined) return configured === '' || configured === 'off' ? undefined : configured;
  const names = process.platform === 'win32' ? ['rg.exe'] : ['rg'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, fsConstants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function runRipgrep(rg: string, root: string, files: readonly string[]): Promise<string[] | undefined> {
  // -F: fixed strings, case-sensitive like String.includes; -a: binary files searched as text; --encoding none:
  // raw bytes, no BOM sniffing (Node reads the same bytes as UTF-8); --no-config: no user defaults apply.
  const args = ['--files-with-matches', '--null', '--fixed-strings', '--text', '--encoding', 'none', '--no-config', '--no-messages', '--no-ignore'];
  for (const needle of PREFILTER_NEEDLES) args.push('-e', needle);
  args.push('--', ...files);
  return new Promise((resolve) => {
    const child = childProcess().spawn(rg, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      // 0: some file matched, 1: none did; anything else (an unreadable file, a crash) means "do not trust".
      if (code !== 0 && code !== 1) return resolve(undefined);
      resolve(Buffer.concat(chunks).toString('utf8').split('\0').filter(Boolean));
    });
  });
}

/**
 * The files among `files` (root-relative, forward slashes) that contain a prefilter needle, by rg;
 * undefined when rg is unavailable or failed, and the caller must test every file itself.
 */
export async function filesMentioningSdk(root: string, files: readonly string[], rg = findRipgrep()): Promise<Set<string> | undefined> {
  if (!rg || files.length === 0) return undefined;
  const toArgument = path.sep === '/' ? (file: string) => file : (file: string) => file.split('/').join(path.sep);
  const batches: string[][] = [[]];
  let bytes = 0;
  for (const file of files) {
    if (bytes > ARGUMENT_BYTES_PER_RUN) {
      batches.push([]);
      bytes = 0;
    }
    batches[batches.length - 1].push(toArgument(file));
    bytes += file.length + 1;
  }
  const results = await Promise.all(batches.map((batch) => runRipgrep(rg, root, batch)));
  const found = new Set<string>();
  for (const result of results) {
    if (!result) return undefined;
    for (const file of result) found.add(file.split(path.sep).join('/').replace(/^\.\//, ''));
  }
  return found;
}

/** What rg found while Node walks the same folders. */
export interface SdkSurvey {
  /**
   * The files rg examined and found no prefilter needle in (root-relative, forward slashes): never read by Node.
   * Every other file (a mention, or not examined: ignored by rg's rules, behind a link, over the size limit,
   * unreadable) is tested in Node. Undefined when rg could not run or failed as a whole.
   */
  withoutMention: Promise<ReadonlySet<string> | undefined>;
  /** Stops rg; `withoutMention` then resolves to undefined. */
  cancel(): void;
}

/**
 * The rg arguments of a survey. rg must examine at least the files our walker lists in ordinary trees, without
 * descending into the folders we skip: only .gitignore files inside the targets apply (no global, parent,
 * .ignore or info/exclude rules, which our walker does not read), hidden folders are walked, and the folders of
 * SKIPPED_DIRECTORIES are pruned. Our own .gitignore matching stays authoritative: the caller intersects.
 */
export function surveyArguments(relativeTargets: readonly string[], maxFileSizeBytes: number): string[] {
  // --files-without-match: the files examined that mention nothing, so a file rg skipped for any reason is never
  // taken for one without a mention. -F: fixed strings, case-sensitive like the Node test; -a: binary files
  // searched as text; --encoding none: raw bytes, no BOM sniffing; --no-config: no user defaults apply.
  const args = ['--files-without-match', '--null', '--fixed-strings', '--text', '--encoding', 'none', '--no-config', '--no-messages'];
  args.push('--hidden', '--no-require-git', '--no-ignore-parent', '--no-ignore-global', '--no-ignore-exclude', '--no-ignore-dot');
  // Files over the limit are left to Node, which reports them as such.
  args.push('--max-filesize', String(maxFileSizeBytes));
  // A file type, not a --glob: rg's globs would override .gitignore rules. Types match case-sensitively, so both
  // cases are listed; other spellings (.Py) are left to Node.
  const extensions = ANALYSED_EXTENSIONS.flatMap((extension) => [extension, extension.toUpperCase()]);
  args.push('--type-add', `analysed:*.{${extensions.join(',')}}`, '--type', 'analysed');
  for (const directory of SKIPPED_DIRECTORIES) args.push('--glob', `!${directory}/`);
  for (const needle of PREFILTER_NEEDLES) args.push('-e', needle);
  args.push('--', ...relativeTargets);
  return args;
}

/** Parses rg's `--null` file list into root-relative paths with forward slashes (a path may hold a line feed, never a NUL). */
export function parseSurveyOutput(output: string, separator: string = path.sep): Set<string> {
  const files = new Set<string>();
  for (let file of output.split('\0')) {
    if (file === '') continue;
    if (separator !== '/') file = file.split(separator).join('/');
    if (file.startsWith('./')) file = file.slice(2);
    files.add(file);
  }
  return files;
}

let surveyCount = 0;

/** The whole content of an open file, from its start. */
function readAllFrom(fd: number): string {
  const size = fstatSync(fd).size;
  const buffer = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const count = readSync(fd, buffer, done, size - done, done);
    if (count === 0) break;
    done += count;
  }
  return buffer.toString('utf8', 0, done);
}

/** The folders among `targets` (absolute, inside root), relative to root: what rg walks. Files named directly are few and left to Node. */
function surveyFolders(root: string, targets: readonly string[]): string[] {
  const folders: string[] = [];
  for (const target of targets) {
    try {
      if (!statSync(target).isDirectory()) continue;
    } catch {
      continue;
    }
    folders.push(path.relative(root, target) || '.');
  }
  return folders;
}

/**
 * A survey the executable started before the rest of the program loaded (startSurveyAhead), waiting for the scan to
 * adopt it. Kept on the global object: the executable and the program it loads are separate bundles.
 */
interface SurveyAhead {
  rg: string;
  root: string;
  args: readonly string[];
  survey: SdkSurvey;
}
const SURVEY_AHEAD = Symbol.for('prompt-cost.survey-ahead');
const holder = globalThis as { [SURVEY_AHEAD]?: SurveyAhead };

function takeSurveyAhead(): SurveyAhead | undefined {
  const ahead = holder[SURVEY_AHEAD];
  delete holder[SURVEY_AHEAD];
  return ahead;
}

/**
 * Starts the survey a scan of `targets` with `maxFileSizeBytes` will ask for, before the scan itself is loaded: rg
 * then walks the tree while Node compiles the program. A scan that asks for anything else discards it.
 */
export function startSurveyAhead(root: string, targets: readonly string[], maxFileSizeBytes: number, rg = findRipgrep()): SdkSurvey | undefined {
  discardSurveyAhead();
  const folders = rg ? surveyFolders(root, targets) : [];
  if (!rg || folders.length === 0) return undefined;
  const args = surveyArguments(folders, maxFileSizeBytes);
  const survey = spawnSurvey(rg, root, args);
  if (survey) holder[SURVEY_AHEAD] = { rg, root, args, survey };
  return survey;
}

/** Stops a survey started ahead that no scan adopted (the scan listed too few files for rg, or failed first). */
export function discardSurveyAhead(): void {
  takeSurveyAhead()?.survey.cancel();
}

/**
 * Starts rg over the folders among `targets` (absolute, inside root), or adopts the survey started ahead when it
 * was started with the same rg, root and arguments. Undefined when there is no rg or no folder to survey.
 */
export function startSdkSurvey(root: string, targets: readonly string[], maxFileSizeBytes: number, rg = findRipgrep()): SdkSurvey | undefined {
  const ahead = takeSurveyAhead();
  const folders = rg ? surveyFolders(root, targets) : [];
  const args = rg && folders.length > 0 ? surveyArguments(folders, maxFileSizeBytes) : undefined;
  if (ahead && rg && args && ahead.rg === rg && ahead.root === root && ahead.args.length === args.length && ahead.args.every((arg, i) => arg === args[i])) {
    return ahead.survey;
  }
  ahead?.survey.cancel();
  return rg && args ? spawnSurvey(rg, root, args) : undefined;
}

function spawnSurvey(rg: string, root: string, args: readonly string[]): SdkSurvey | undefined {
  // rg writes to a file rather than a pipe: no socket and stream per process, and no JavaScript runs for its
  // output until it exits. Where an open file can be unlinked, it is at once (nothing is left behind). The random
  // part keeps apart the names of the executable's survey and the program's, each counting from one.
  const unique = `${process.pid}-${++surveyCount}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const outputPath = path.join(tmpdir(), `prompt-cost-rg-${unique}`);
  let fd: number;
  try {
    fd = openSync(outputPath, 'wx+', 0o600);
  } catch {
    return undefined;
  }
  const unlinkEarly = process.platform !== 'win32';
  const removeOutput = () => {
    try {
      unlinkSync(outputPath);
    } catch {
      // already gone
    }
  };
  if (unlinkEarly) removeOutput();
  let closed = false;
  const release = () => {
    if (closed) return;
    closed = true;
    closeSync(fd);
    if (!unlinkEarly) removeOutput();
  };
  let child: ChildProcess;
  try {
    child = childProcess().spawn(rg, args, { cwd: root, stdio: ['ignore', fd, 'ignore'] });
  } catch {
    release();
    return undefined;
  }
  let cancelled = false;
  const withoutMention = new Promise<ReadonlySet<string> | undefined>((resolve) => {
    child.on('error', () => {
      release();
      resolve(undefined);
    });
    child.on('close', (code) => {
      // 0 or 1: files listed or not; 2: some file or folder could not be read (rg lists only files it read
      // through, so Node tests the others). Killed, crashed, or a failure before any file: not trusted.
      if (cancelled || closed || (code !== 0 && code !== 1 && code !== 2)) {
        release();
        return resolve(undefined);
      }
      let found: Set<string> | undefined;
      try {
        found = parseSurveyOutput(readAllFrom(fd));
      } catch {
        found = undefined;
      }
      release();
      resolve(code === 2 && found?.size === 0 ? undefined : found);
    });
  });
  return {
    withoutMention,
    cancel() {
      cancelled = true;
      child.kill();
    },
  };
}
