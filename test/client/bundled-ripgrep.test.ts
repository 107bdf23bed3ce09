/** Where the extension finds VS Code's own ripgrep to hand to the server. */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, test } from 'node:test';
import { bundledRipgrepPath } from '../../client/src/bundled-ripgrep';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A fake VS Code installation with rg under each of `modules` (node_modules, node_modules.asar.unpacked). */
function appRootWith(modules: string[], executable = 'rg', binUnderVscode = ['ripgrep', 'bin']): string {
  const root = mkdtempSync(path.join(tmpdir(), 'prompt-cost-approot-'));
  roots.push(root);
  for (const folder of modules) {
    const bin = path.join(root, folder, '@vscode', ...binUnderVscode);
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, executable), '');
    chmodSync(path.join(bin, executable), 0o755);
  }
  return root;
}

test('rg under node_modules/@vscode/ripgrep/bin', () => {
  const root = appRootWith(['node_modules']);
  assert.equal(bundledRipgrepPath(root, 'linux', 'x64'), path.join(root, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
});

test('rg under node_modules.asar.unpacked when node_modules has none', () => {
  const root = appRootWith(['node_modules.asar.unpacked']);
  assert.equal(bundledRipgrepPath(root, 'darwin', 'arm64'), path.join(root, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', 'rg'));
});

test('node_modules is preferred when both exist', () => {
  const root = appRootWith(['node_modules.asar.unpacked', 'node_modules']);
  assert.equal(bundledRipgrepPath(root, 'linux', 'x64'), path.join(root, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
});

test('none found: undefined, so the server falls back to rg on PATH', () => {
  assert.equal(bundledRipgrepPath(appRootWith([]), 'linux', 'x64'), undefined);
  assert.equal(bundledRipgrepPath('', 'linux', 'x64'), undefined);
  // rg.exe is not what Linux runs, nor another architecture's rg.
  assert.equal(bundledRipgrepPath(appRootWith(['node_modules'], 'rg.exe'), 'linux', 'x64'), undefined);
  assert.equal(bundledRipgrepPath(appRootWith(['node_modules'], 'rg', ['ripgrep-universal', 'bin', 'linux-arm64']), 'linux', 'x64'), undefined);
});

test('newer VS Code builds: @vscode/ripgrep-universal/bin/<os>-<arch>/rg', () => {
  const root = appRootWith(['node_modules'], 'rg', ['ripgrep-universal', 'bin', 'linux-x64']);
  assert.equal(bundledRipgrepPath(root, 'linux', 'x64'), path.join(root, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64', 'rg'));
});

test('Windows: rg.exe, with Windows separators', () => {
  const seen: string[] = [];
  const found = bundledRipgrepPath('C:\\Program Files\\Microsoft VS Code\\resources\\app', 'win32', 'x64', (file) => {
    seen.push(file);
    return file.includes('asar.unpacked') && !file.includes('universal');
  });
  assert.equal(found, 'C:\\Program Files\\Microsoft VS Code\\resources\\app\\node_modules.asar.unpacked\\@vscode\\ripgrep\\bin\\rg.exe');
  assert.equal(seen[0], 'C:\\Program Files\\Microsoft VS Code\\resources\\app\\node_modules\\@vscode\\ripgrep\\bin\\rg.exe');
});
