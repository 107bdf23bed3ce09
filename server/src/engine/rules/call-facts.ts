/**
 * Facts about a call that several rules need to avoid false findings: whether it sits in test code (where
 * clients are mocked and models are placeholders), and which options it passes (agent loops, per-step settings).
 */
import type { CallSite, ObjectEntry, Value } from '../model';

/** Paths of test code: test folders and test file names of Python, JS and TS. */
const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|__mocks__|e2e|testing|spec)\/|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$|\.(?:test|spec|e2e)\.[cm]?[jt]sx?$|(?:^|\/)[^/]*test-suite\.[cm]?[jt]sx?$/i;

/** True when the file is test code: its calls go to mocked or fake clients, not to a paid API. */
export function isTestFile(file: string): boolean {
  return TEST_PATH.test(file.replace(/\\/g, '/'));
}

/** The options the call passes: Python keyword arguments, else the entries of a JS options object (first argument). */
export function callOptions(site: CallSite): ObjectEntry[] {
  const entries = [...site.call.args.named];
  for (const value of site.call.args.positional) if (value.kind === 'object') entries.push(...value.entries);
  return entries;
}

export function hasOption(site: CallSite, names: readonly string[]): boolean {
  return callOptions(site).some((entry) => names.includes(entry.key));
}

/** Entries of an object value, or the keyword arguments and options object of a call value (`types.Config(...)`). */
function entriesOf(value: Value): ObjectEntry[] {
  if (value.kind === 'object') return value.entries;
  if (value.kind === 'call') return [...value.args.named, ...value.args.positional.flatMap((v) => (v.kind === 'object' ? v.entries : []))];
  return [];
}

/**
 * True when the call passes one of `names` at any depth of its options: `config=types.GenerateContentConfig(
 * thinking_config=…)`, `providerOptions: { openai: { contextManagement: … } }`. Depth is bounded (options are shallow).
 */
export function hasNestedOption(site: CallSite, names: readonly string[], maxDepth = 4): boolean {
  const search = (entries: ObjectEntry[], depth: number): boolean =>
    entries.some((entry) => names.includes(entry.key) || (depth < maxDepth && search(entriesOf(entry.value), depth + 1)));
  return search(callOptions(site), 1);
}

/** Options that make one call a multi-step agent or tool loop (Vercel AI SDK, OpenAI Agents, tool runners). */
export const AGENT_LOOP_OPTIONS = ['stopWhen', 'maxSteps', 'max_steps', 'prepareStep', 'max_turns', 'maxTurns', 'maxIterations', 'max_iterations'];

/** True when the call runs a multi-step tool loop by itself (a step limit or a per-step hook). */
export function isAgentLoop(site: CallSite): boolean {
  return hasOption(site, AGENT_LOOP_OPTIONS) || /tool_?runner|toolRunner|Agent\b|agent/i.test(site.api);
}
