/** The SDK catalog is consistent with itself, with the text prefilter and with README's generated table. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PREFILTER_NEEDLES } from '../../server/src/engine/languages/sdk-modules';
import { SDK_CATALOG } from '../../server/src/engine/sdks';
import type { SdkFamily } from '../../server/src/engine/sdks';
import { REPO_ROOT } from '../../scripts/generate-rule-docs';
import { renderSdkTable, TABLE_END, TABLE_START, withSdkTable } from '../../scripts/generate-sdk-table';

const mentionsSdk = (text: string): boolean => PREFILTER_NEEDLES.some((needle) => text.includes(needle));

test('README.md holds the SDK table generated from the catalog (regenerate: node out/scripts/generate-sdk-table.js)', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  assert.equal(withSdkTable(readme), readme);
  for (const family of SDK_CATALOG) assert.ok(readme.includes(`| ${family.name} |`), `README table lacks ${family.name}`);
});

test('the generated table has one row per family, and a change in the catalog changes it', () => {
  const table = renderSdkTable();
  const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| SDK |'));
  assert.equal(rows.length, SDK_CATALOG.length);
  const changed: SdkFamily[] = SDK_CATALOG.map((family, index) => (index === 0 ? { ...family, covers: 'nothing at all' } : family));
  assert.notEqual(renderSdkTable(changed), table);
  assert.throws(() => withSdkTable('# no markers here\n'), /markers/);
  assert.ok(table.startsWith(TABLE_START) && table.endsWith(TABLE_END));
});

test('every module of the catalog passes the text prefilter, imported either way', () => {
  for (const family of SDK_CATALOG) {
    for (const module of family.python ?? []) {
      assert.ok(mentionsSdk(`import ${module}\n`), `${family.id}: 'import ${module}' contains no prefilter needle`);
      assert.ok(mentionsSdk(`from ${module} import x\n`), `${family.id}: 'from ${module} import x' contains no prefilter needle`);
    }
    for (const pattern of family.js ?? []) {
      const specifier = pattern.endsWith('*') ? pattern.slice(0, -1) + 'x' : pattern;
      for (const quote of ["'", '"']) {
        assert.ok(mentionsSdk(`import x from ${quote}${specifier}${quote};\n`), `${family.id}: an import of ${specifier} contains no prefilter needle`);
        assert.ok(mentionsSdk(`const x = require(${quote}${specifier}${quote});\n`), `${family.id}: a require of ${specifier} contains no prefilter needle`);
      }
    }
  }
});

/** A symbol (`pkg.Class` in Python, `specifier:export` in JS) belongs to a module its family tracks. */
function belongsToFamily(family: SdkFamily, symbol: string): boolean {
  const colon = symbol.indexOf(':');
  if (colon > 0) {
    const specifier = symbol.slice(0, colon);
    return (family.js ?? []).some((pattern) => (pattern.endsWith('*') ? specifier.startsWith(pattern.slice(0, -1)) : specifier === pattern));
  }
  return (family.python ?? []).some((module) => symbol === module || symbol.startsWith(module + '.'));
}

test('every client, wrapper and model class is a symbol of a module its family tracks', () => {
  for (const family of SDK_CATALOG) {
    const symbols = [...Object.keys(family.clients ?? {}), ...Object.keys(family.wrappers ?? {}), ...Object.keys(family.models ?? {})];
    for (const symbol of symbols) assert.ok(belongsToFamily(family, symbol), `${family.id}: ${symbol} is outside the family's modules`);
  }
});

test('families have unique names, and a primary request names one of their request methods', () => {
  const names = SDK_CATALOG.map((family) => family.name);
  assert.equal(new Set(names).size, names.length);
  for (const family of SDK_CATALOG) {
    assert.ok(family.covers.trim().length > 0, `${family.id}: covers is empty`);
    if (family.primaryRequest) assert.ok(family.requests?.[family.primaryRequest], `${family.id}: primary request ${family.primaryRequest} is not a request method`);
  }
});
