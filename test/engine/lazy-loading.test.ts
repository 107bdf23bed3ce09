/**
 * What stays out of memory: the TypeScript compiler is loaded by the first TypeScript file, never by analysing
 * Python alone (fixes included), and the bundles are ASCII so that V8 keeps their sources as one-byte text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const ANALYZE_MODULE = path.join(REPO_ROOT, 'out', 'server', 'src', 'engine', 'analyze.js');

/** Analyses one file in a fresh process and says whether the TypeScript compiler got loaded, and the finding count. */
function analyseInFreshProcess(file: string, text: string): { typescriptLoaded: boolean; fixes: number } {
  const script = `
    const engine = require(${JSON.stringify(ANALYZE_MODULE)});
    const { isolatedContext } = require(${JSON.stringify(path.join(REPO_ROOT, 'out', 'server', 'src', 'engine', 'languages', 'context.js'))});
    const { defaultConfig } = require(${JSON.stringify(path.join(REPO_ROOT, 'out', 'server', 'src', 'engine', 'config', 'index.js'))});
    const [file, text] = JSON.parse(process.argv[1]);
    engine.prepareLanguages([engine.languageOf(file)]).then(() => {
      const analysis = engine.analyzeFile(file, text, isolatedContext, defaultConfig());
      const fixes = analysis.findings.reduce((sum, finding) => sum + finding.fixes.length, 0);
      const typescriptLoaded = Object.keys(require.cache).some((loaded) => loaded.split(require('path').sep).join('/').includes('/node_modules/typescript/'));
      process.stdout.write(JSON.stringify({ typescriptLoaded, fixes }));
    });
  `;
  const result = spawnSync(process.execPath, ['-e', script, JSON.stringify([file, text])], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { typescriptLoaded: boolean; fixes: number };
}

const PYTHON_CALL = 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hello"}])\n';
const TYPESCRIPT_CALL = "import OpenAI from 'openai';\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] });\n";

test('analysing Python, fixes included, does not load the TypeScript compiler', () => {
  const python = analyseInFreshProcess('chat.py', PYTHON_CALL);
  assert.ok(python.fixes > 0, 'the Python call has fixes (the cap insertion edits the argument list)');
  assert.equal(python.typescriptLoaded, false);
  // The same check sees the compiler once a TypeScript file is analysed.
  const typescript = analyseInFreshProcess('chat.ts', TYPESCRIPT_CALL);
  assert.ok(typescript.fixes > 0);
  assert.equal(typescript.typescriptLoaded, true);
});

test('the bundles in dist/ are ASCII, so V8 keeps their sources as one-byte strings', () => {
  const dist = path.join(REPO_ROOT, 'dist');
  const bundles = readdirSync(dist).filter((name) => name.endsWith('.js'));
  assert.ok(bundles.includes('server.js') && bundles.includes('typescript.js') && bundles.includes('cli.js'), `dist/ holds ${bundles.join(', ')}`);
  for (const name of bundles) {
    const bytes = readFileSync(path.join(dist, name));
    const at = bytes.findIndex((byte) => byte > 0x7f);
    assert.equal(at, -1, `dist/${name} has a non-ASCII byte at offset ${at}`);
  }
});
