/** Shared by the CLI's file walk and the web extension's file listing (no I/O here). */

/** Folder names never worth descending into: dependencies, VCS data, caches and build output. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.tox',
  'dist',
  'build',
  'out',
  '.next',
  'coverage',
]);
