import type { Provider } from '../model';
import { normalizeModelName } from '../tokens/model-family';
import { exactAliases, providerModels } from './genai-table';
import providerMap from './provider-map.json';

const PROVIDER_TABLES = providerMap.providers as Record<Provider, string[]>;
/** With no provider (routers, unknown), suggestions come from the three vendors people type names of. */
const DEFAULT_TABLES = ['openai', 'anthropic', 'google'];

const namesMemo = new Map<string, string[]>();

/** Model names the price table knows for a provider: row ids and their exact aliases, sorted. */
export function knownModelNames(provider?: Provider | null): string[] {
  const key = provider ?? '';
  const memoized = namesMemo.get(key);
  if (memoized) return memoized;
  const tables = provider && PROVIDER_TABLES[provider]?.length ? PROVIDER_TABLES[provider] : DEFAULT_TABLES;
  const names = new Set<string>();
  for (const tableId of tables) {
    for (const model of providerModels(tableId)) {
      names.add(model.id);
      exactAliases(model).forEach((alias) => names.add(alias));
    }
  }
  const sorted = [...names].sort();
  namesMemo.set(key, sorted);
  return sorted;
}

/** Names compared without case, provider prefixes, or the separators people mix up (`.`, `_`, space -> `-`). */
function comparable(name: string): string {
  return normalizeModelName(name).replace(/[._\s]+/g, '-');
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * Up to `n` known names closest to `name` by edit distance on normalised names (`gpt-4-o` -> `gpt-4o`,
 * `claude-3-5-sonet` -> `claude-3-5-sonnet`). Names further than about a third of the name's length are not suggested.
 * Ties: shorter names first (row ids before their dated aliases), then alphabetical.
 */
export function nearestModelNames(name: string, provider?: Provider | null, n = 3): string[] {
  const target = comparable(name);
  const limit = Math.max(2, Math.floor(target.length / 3));
  return knownModelNames(provider)
    // The distance is at least the difference in length: names that far apart are never suggested, and a
    // 20,000-character "model name" (a broken file) must not cost a matrix per known name.
    .filter((known) => Math.abs(comparable(known).length - target.length) <= limit)
    .map((known) => ({ known, distance: editDistance(target, comparable(known)) }))
    .filter((c) => c.distance <= limit && comparable(c.known) !== target)
    .sort((x, y) => x.distance - y.distance || x.known.length - y.known.length || x.known.localeCompare(y.known))
    .slice(0, n)
    .map((c) => c.known);
}
