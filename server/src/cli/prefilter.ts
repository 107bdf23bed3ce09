/**
 * The SDK prefilter through ripgrep: `rg -l` reads the listed files in parallel native code, so files that
 * mention no SDK are never read by Node at all. Used when `rg` is on PATH (or PROMPT_COST_RG names it);
 * without it, or when rg fails, the scan reads every file and tests it with mentionsLlmSdk, as before.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import { PREFILTER_NEEDLES } from '../engine/languages/sdk-modules';

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
    const child = spawn(rg, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
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
