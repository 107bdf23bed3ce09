// The I/O floor: walk a tree and read every source file with Node, nothing else. Prints what it read as JSON.
// Usage: node bench/read-floor.mjs <dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = /\.(py|pyi|ts|tsx|mts|cts|js|jsx|mjs|cjs|prompty)$/;
const started = performance.now();
let files = 0;
let bytes = 0;
const stack = [process.argv[2]];
while (stack.length) {
  const dir = stack.pop();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) stack.push(full);
    else if (entry.isFile() && SOURCE.test(entry.name)) {
      bytes += readFileSync(full, 'utf8').length;
      files++;
    }
  }
}
console.log(JSON.stringify({ files, bytes, inProcessMs: performance.now() - started }));
