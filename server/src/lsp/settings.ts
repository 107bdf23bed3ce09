/**
 * Editor settings (`promptCost.*`) and the workspace config file, merged into the config the engine reads.
 * The file wins for team-shared values. Everything is merged as config-file JSON and handed to the engine's
 * own parser, so settings are validated exactly like the file.
 */
import { defaultConfig, parseConfig, parseJsonWithPositions, type Config } from '../engine/config';
import type { Severity } from '../engine/model';

export type InlineCostStyle = 'inlayHints' | 'codeLens' | 'off';

export interface ServerSettings {
  enable: boolean;
  inlineCost: InlineCostStyle;
  defaultCallsPerDay: number | null;
  rules: Record<string, Severity>;
  include: string[];
  exclude: string[];
  prices: Record<string, unknown>;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  inlineCost: 'inlayHints',
  defaultCallsPerDay: null,
  rules: {},
  include: [],
  exclude: [],
  prices: {},
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Whatever the client sent for `promptCost`, with wrong types replaced by defaults. */
export function normalizeSettings(raw: unknown): ServerSettings {
  const value = isRecord(raw) ? raw : {};
  const inline = value.inlineCost;
  const perDay = value.defaultCallsPerDay;
  const rules: Record<string, Severity> = {};
  if (isRecord(value.rules)) {
    for (const [id, severity] of Object.entries(value.rules)) {
      if (severity === 'off' || severity === 'info' || severity === 'warning' || severity === 'error') rules[id] = severity;
    }
  }
  return {
    enable: value.enable !== false,
    inlineCost: inline === 'codeLens' || inline === 'off' || inline === 'inlayHints' ? inline : DEFAULT_SETTINGS.inlineCost,
    defaultCallsPerDay: typeof perDay === 'number' && Number.isFinite(perDay) && perDay >= 0 ? perDay : null,
    rules,
    include: stringList(value.include),
    exclude: stringList(value.exclude),
    prices: isRecord(value.prices) ? value.prices : {},
  };
}

/** Settings in the shape of the config file. */
function settingsAsConfigJson(settings: ServerSettings): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (settings.defaultCallsPerDay !== null) json.usage = { default: { callsPerDay: settings.defaultCallsPerDay } };
  if (Object.keys(settings.rules).length > 0) json.rules = settings.rules;
  if (settings.include.length > 0) json.include = settings.include;
  if (settings.exclude.length > 0) json.exclude = settings.exclude;
  if (Object.keys(settings.prices).length > 0) json.prices = settings.prices;
  return json;
}

/** `override` wins; objects merge key by key, arrays and scalars are replaced. */
export function mergeJson(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const existing = merged[key];
    merged[key] = isRecord(existing) && isRecord(value) ? mergeJson(existing, value) : value;
  }
  return merged;
}

/** A path that leaves the workspace: absolute, home-relative, a drive letter or climbing out with `..`. */
export function pointsOutsideWorkspace(value: string): boolean {
  return /^(?:\/|~|\\|[A-Za-z]:[\\/])/.test(value) || /(?:^|[\\/])\.\.(?:[\\/]|$)/.test(value);
}

/** Restricted mode: the config without any value or key that points outside the workspace. */
export function withoutOutsidePaths(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((item) => !(typeof item === 'string' && pointsOutsideWorkspace(item))).map(withoutOutsidePaths);
  }
  if (isRecord(value)) {
    const kept: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (pointsOutsideWorkspace(key)) continue;
      if (typeof item === 'string' && pointsOutsideWorkspace(item)) continue;
      kept[key] = withoutOutsidePaths(item);
    }
    return kept;
  }
  return value;
}

export interface ConfigProblem {
  message: string;
  /** 0-based line and column, when the parser said where. */
  line?: number;
  column?: number;
}

export type ParsedConfig = { ok: true; config: Config; json: Record<string, unknown> } | { ok: false; problem: ConfigProblem };

/** Parses config-file text with the engine's parser; keeps the plain JSON too, for merging with settings. */
export function parseConfigText(text: string, fileName: string): ParsedConfig {
  const result = parseConfig(text, fileName);
  if ('error' in result) {
    const { jsonPath, message, line, column } = result.error;
    return { ok: false, problem: { message: jsonPath ? `${jsonPath}: ${message}` : message, line: line - 1, column: column - 1 } };
  }
  const value = parseJsonWithPositions(text).value;
  return { ok: true, config: result.config, json: isRecord(value) ? value : {} };
}

/**
 * The config for one document: settings first, the workspace file's (last good) JSON over them.
 * Falls back to the file alone, then to the defaults, when the settings make the merge invalid.
 */
export function effectiveConfig(settings: ServerSettings, fileJson: Record<string, unknown> | null, trusted: boolean): Config {
  const file = fileJson ? ((trusted ? fileJson : withoutOutsidePaths(fileJson)) as Record<string, unknown>) : {};
  const merged = mergeJson(settingsAsConfigJson(settings), file);
  if (Object.keys(merged).length === 0) return defaultConfig();
  const parsed = parseConfigText(JSON.stringify(merged), 'settings');
  if (parsed.ok) return parsed.config;
  const fileOnly = parseConfigText(JSON.stringify(file), 'prompt-cost.config.json');
  return fileOnly.ok ? fileOnly.config : defaultConfig();
}
