import type { Severity } from '../model';
import type { PriceOverrides } from '../pricing/types';
import type { EnvFileValue } from '../model-source';

export interface UsageEntry {
  callsPerDay: number;
}

/** The workspace config (`prompt-cost.config.json`) with every default filled in. */
export interface Config {
  usage: {
    default: UsageEntry;
    /** Glob (workspace-relative, forward slashes) -> usage; the longest matching pattern wins. */
    files: Record<string, UsageEntry>;
    /** Feature name (from `prompt-cost: feature=<name>` annotations) -> usage. */
    features: Record<string, UsageEntry>;
  };
  /** Explicit expected output per call; wins over the call's cap. `expectedOutputTokens: n` in the file sets `default`. */
  expectedOutputTokens: { default?: number; features: Record<string, number> };
  /** Expected output for a call with no explicit figure and no cap (built in; not a file setting). */
  defaultExpectedOutputTokens: number;
  dynamicTokensPerPlaceholder: number;
  prices: PriceOverrides;
  /** Rule id -> severity; every id is a registered rule's. */
  rules: Record<string, Severity>;
  /** What to price a model set at run time as: `env:NAME`, `settings:key` or `provider:name` -> model (engine/model-source.ts). */
  models: Record<string, string>;
  /** Variable values of the workspace's `.env.example` / `.env.sample` / `.env.template` (read at the edges; not a file setting). */
  envFileValues: Record<string, EnvFileValue>;
  /** Extra flagship model patterns (`*` wildcards). */
  flagshipModels: string[];
  include: string[];
  exclude: string[];
  maxFileSizeBytes: number;
  /** verbose-phrasing, pretty-printed-data and row-data-format report a rewrite only when it saves at least this many tokens per call. */
  minTokensSaved: number;
  /** A workspace scan lists at most this many files; the rest are left out with a message. */
  maxFiles: number;
}

/** The first problem in a config file. `line` and `column` are 1-based. */
export interface ConfigError {
  file: string;
  /** Where the problem is, e.g. `usage.files["src/**"].callsPerDay`; '' for the whole file. */
  jsonPath: string;
  line: number;
  column: number;
  message: string;
}
