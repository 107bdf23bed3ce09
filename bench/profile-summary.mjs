// Summarises a V8 CPU profile (node --cpu-prof): self time by function and by source file, top entries.
// Usage: node bench/profile-summary.mjs <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

export function summariseProfile(profile, top = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map();
  // timeDeltas[i] is the time before sample i was taken: attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const byFunction = new Map();
  const byFile = new Map();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const file = url ? url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/') : '(native)';
    const fn = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    total += ms;
  }
  // Inclusive time: every function on a sample's stack (once per sample) gets the sample's time.
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inclusive = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parentOf.get(id)) {
      const { functionName, url, lineNumber } = byId.get(id).callFrame;
      const file = url ? url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/') : '(native)';
      const fn = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
      if (seen.has(fn)) continue;
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    }
  }
  const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: total, functions: sorted(byFunction), files: sorted(byFile), inclusive: sorted(inclusive) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const file = process.argv[2];
  const top = Number(process.argv[3] ?? 25);
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')), top);
  console.log(`total sampled: ${summary.totalMs.toFixed(0)} ms`);
  console.log('\nself time by function:');
  for (const [name, ms] of summary.functions) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
  console.log('\ntotal time by function (callees included):');
  for (const [name, ms] of summary.inclusive) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
  console.log('\nself time by file:');
  for (const [name, ms] of summary.files) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
}
