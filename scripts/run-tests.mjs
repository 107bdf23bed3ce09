// Runs node's test runner on the compiled test files (out/test/**/*.test.js) only: helpers, fixtures, the
// long fuzz run and the real-VS-Code suite live beside them and are not tests of their own.
// (Node 20's `node --test <dir>` would run every .js file in the folder.)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(process.cwd(), 'out', 'test');

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'e2e' ? [] : testFiles(full);
    return entry.isFile() && entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const files = testFiles(root).sort();
if (files.length === 0) {
  console.error('run-tests: no compiled test files under out/test (run tsc -p . first)');
  process.exit(1);
}
console.log(`run-tests: ${files.length} test files`);
const result = spawnSync(process.execPath, ['--test', ...process.argv.slice(2), ...files.map((file) => relative(process.cwd(), file))], { stdio: 'inherit' });
process.exit(result.status ?? 1);
