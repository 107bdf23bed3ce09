/**
 * VS Code ships ripgrep inside its installation (for its own search). The server prefilters workspace scans with
 * it, so the extension works the same on machines without rg on PATH.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The rg executable under VS Code's `appRoot` (`vscode.env.appRoot`): `node_modules/@vscode/ripgrep/bin/rg`, or
 * in newer builds (one package for every platform) `node_modules/@vscode/ripgrep-universal/bin/<os>-<arch>/rg`;
 * each also under `node_modules.asar.unpacked` in builds that pack node_modules; `rg.exe` on Windows.
 * Undefined when none exists.
 */
export function bundledRipgrepPath(
  appRoot: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  if (!appRoot) return undefined;
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const executable = platform === 'win32' ? 'rg.exe' : 'rg';
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    for (const bin of [['ripgrep', 'bin'], ['ripgrep-universal', 'bin', `${platform}-${arch}`]]) {
      const candidate = join(appRoot, modules, '@vscode', ...bin, executable);
      if (exists(candidate)) return candidate;
    }
  }
  return undefined;
}
