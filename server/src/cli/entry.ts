/**
 * The `prompt-cost` executable (dist/cli.js). On a large tree a scan spends most of its time waiting for ripgrep,
 * so for `scan` rg is started here, before the rest of the program (dist/cli-main.js, 1 MB of JavaScript) is read
 * and compiled; the scan adopts that rg when its own arguments for it come out the same, else stops it.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE_BYTES } from '../engine/config/defaults';
import { discardSurveyAhead, startSurveyAhead } from './prefilter';

type MainModule = typeof import('./main');

/** `scan` options that take a value and change neither the root nor the targets; any other option stops the guess. */
const VALUE_OPTIONS = new Set(['format', 'output', 'fail-on', 'budget', 'config']);
const FLAG_OPTIONS = new Set(['fix', 'unsafe-fixes']);

/**
 * The folder `argv` (without node and the script) scans and its root, when the command line is a `scan` of one
 * folder whose root follows from it alone; else undefined. A guess only: the scan checks it against what it does.
 */
export function scanFolderAhead(argv: readonly string[], cwd: string): { root: string; target: string } | undefined {
  if (argv[0] !== 'scan') return undefined;
  const positionals: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, value] = [arg.slice(2).split('=')[0], arg.includes('=')];
      if (VALUE_OPTIONS.has(name)) {
        if (!value) i++;
      } else if (!FLAG_OPTIONS.has(name)) {
        return undefined;
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      return undefined;
    } else {
      positionals.push(arg);
    }
  }
  if (positionals.length > 1) return undefined;
  const target = path.resolve(cwd, positionals[0] ?? '.');
  try {
    if (!statSync(target).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  return { root: target, target };
}

if (require.main === module) {
  const ahead = scanFolderAhead(process.argv.slice(2), process.cwd());
  if (ahead) startSurveyAhead(ahead.root, [ahead.target], DEFAULT_MAX_FILE_SIZE_BYTES);
  // The build makes this the bundle next to this one (dist/cli-main.js).
  const { runMain } = require('./main') as MainModule;
  void runMain().finally(discardSurveyAhead);
}
