/**
 * Config defaults the executable needs before the config module loads: the CLI starts ripgrep with the default
 * file size limit ahead of reading any config (server/src/cli/entry.ts).
 */
export const DEFAULT_MAX_FILE_SIZE_BYTES = 1_000_000;
