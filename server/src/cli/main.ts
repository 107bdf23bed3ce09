/**
 * The `prompt-cost` command. Exit codes: 0 success, 1 findings at or above --fail-on (later), 2 usage or
 * configuration error (one line on stderr).
 */
import { parseArgs } from 'node:util';
import { renderJson } from '../engine/report/json';
import { renderText } from '../engine/report/text';
import { fixPaths, renderFixes } from './fix';
import { scanPaths, UsageError } from './scan';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const VERSION = '0.1.0';

export const USAGE = `Usage: prompt-cost scan [paths...] [options]

Finds LLM API calls in Python and TypeScript/JavaScript code, counts their prompt tokens,
prices each call and reports what wastes money.

Commands:
  scan [paths...]      Scan files and folders (default: the current folder)

Options:
  --format text|json   Output format (default: text). JSON is schemaVersion 1, see README.md
  --config FILE        Config file (default: <root>/prompt-cost.config.json when present)
  --root DIR           Workspace root; reported paths are relative to it
                       (default: the folder scanned, or the current folder for several paths)
  --fix                Apply safe fixes in place (behaviour-preserving, e.g. cache_control)
  --unsafe-fixes       With --fix, apply every fix (caps, model swaps, prompt rewrites)
  -h, --help           Show this help
  --version            Show the version
`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`prompt-cost: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (command === '--version') {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (command !== 'scan') throw new UsageError(`unknown command '${command}' (try: prompt-cost scan --help)`);

  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        config: { type: 'string' },
        root: { type: 'string' },
        fix: { type: 'boolean' },
        'unsafe-fixes': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // node's messages span several lines and suggest `--` tricks; keep the first sentence.
    throw new UsageError((error as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);

  if (values['unsafe-fixes'] && !values.fix) throw new UsageError('--unsafe-fixes needs --fix');
  const scanOptions = { paths: positionals, cwd: io.cwd, root: values.root, configFile: values.config };
  if (values.fix) {
    const unsafe = !!values['unsafe-fixes'];
    const outcome = await fixPaths({ ...scanOptions, unsafe });
    // JSON on stdout stays parseable: the list of fixes goes to stderr then.
    (format === 'json' ? io.stderr : io.stdout)(renderFixes(outcome, unsafe) + (format === 'json' ? '' : '\n'));
    io.stdout(format === 'json' ? renderJson(outcome.result) : renderText(outcome.result));
    return EXIT_OK;
  }
  const result = await scanPaths(scanOptions);
  io.stdout(format === 'json' ? renderJson(result) : renderText(result));
  return EXIT_OK;
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`prompt-cost: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
