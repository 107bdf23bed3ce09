// Loaded with `node --require` into measured processes: writes the process's resource usage (CPU time, peak RSS)
// to BENCH_RUSAGE_FILE when it exits, so the bench reads the same figures on every platform.
const { writeFileSync } = require('node:fs');
const target = process.env.BENCH_RUSAGE_FILE;
if (target) {
  process.on('exit', () => {
    try {
      writeFileSync(target, JSON.stringify(process.resourceUsage()));
    } catch {
      // the bench reports the figure as missing
    }
  });
}
