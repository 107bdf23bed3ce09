/**
 * `npm run fuzz [files] [seed]`: the long fuzz run. Mutated example files through the engine (in this process)
 * and through the CLI (in a second process, at the same time); default 10,000 each. Prints the figures and exits
 * 1 on any crash, hang or invalid output.
 */
import { fork } from 'node:child_process';
import { describeFigures, fuzzCli, fuzzEngine, seedCorpus, type FuzzFigures } from './harness';

function printFailures(label: string, figures: FuzzFigures): void {
  for (const failure of figures.failures.slice(0, 20)) {
    process.stdout.write(`${label} ${failure.kind}: ${failure.file} #${failure.index} [${failure.mutations.join(', ')}]: ${failure.detail}\n`);
  }
}

async function main(): Promise<number> {
  const [filesArg, seedArg, mode] = process.argv.slice(2);
  const files = Number(filesArg ?? 10_000);
  const seed = Number(seedArg ?? 20_260_801);
  if (!Number.isInteger(files) || files <= 0 || !Number.isInteger(seed)) {
    process.stderr.write('usage: npm run fuzz -- [files] [seed]\n');
    return 2;
  }
  const seeds = seedCorpus();
  if (mode === '--cli-only') {
    const cli = fuzzCli({ seed, count: files, first: 1_000_000, batchSize: 250, seeds });
    await new Promise((resolve) => process.send!(cli, () => resolve(undefined)));
    process.disconnect();
    return 0;
  }
  process.stdout.write(`fuzz: seed ${seed}, ${seeds.length} seed files, ${files} mutated files through the engine and ${files} through the CLI\n`);
  const started = Date.now();
  const cliChild = fork(__filename, [String(files), String(seed), '--cli-only'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const cliDone = new Promise<FuzzFigures>((resolve, reject) => {
    cliChild.on('message', (figures) => resolve(figures as FuzzFigures));
    cliChild.on('exit', (code) => reject(new Error(`the CLI fuzz process exited with ${code} before reporting`)));
  });
  const engine = await fuzzEngine({ seed, count: files, seeds });
  process.stdout.write(describeFigures('engine', engine) + '\n');
  const cli = await cliDone;
  process.stdout.write(describeFigures('cli', cli) + '\n');
  printFailures('engine', engine);
  printFailures('cli', cli);
  const failed = engine.failures.length + cli.failures.length > 0;
  process.stdout.write(`fuzz: ${failed ? 'FAILED' : 'no crashes, no hangs, valid output every time'} (${((Date.now() - started) / 1000).toFixed(0)} s wall)\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 3;
  },
);
