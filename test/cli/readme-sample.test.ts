/** The README's sample output of `npm run scan -- examples/` agrees with a real scan: the same totals and finding count. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scanPaths } from '../../server/src/cli/scan';
import { renderText } from '../../server/src/engine/report/text';

const REPO_ROOT = join(__dirname, '..', '..', '..');

test("the README's sample scan of examples/ states the real finding count, totals and unpriced calls", async () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const intro = 'Text output (`npm run scan -- examples/`, trimmed):\n\n```\n';
  const start = readme.indexOf(intro);
  assert.ok(start >= 0, 'the README has no sample scan output');
  const sample = readme.slice(start + intro.length, readme.indexOf('```', start + intro.length)).split('\n');
  const real = renderText(await scanPaths({ paths: ['examples/'], cwd: REPO_ROOT })).split('\n');
  const lineStarting = (lines: string[], prefix: string) => lines.find((line) => line.startsWith(prefix));
  for (const prefix of ['Findings (', 'Without a price (', 'Total: ', 'Files: ', 'Usage: ', 'Prices: ']) {
    assert.equal(lineStarting(sample, prefix), lineStarting(real, prefix), `README line starting "${prefix}"`);
  }
  // Every call-site row the sample keeps is a real row.
  for (const row of sample.filter((line) => /^\S+:\d+ {2}/.test(line))) assert.ok(real.includes(row), `not in a real scan: ${row}`);
});
