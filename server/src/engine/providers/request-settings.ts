/**
 * Reads the request settings that change what a call is billed for (tools, output schema, reasoning, `n`, service
 * tier) from a call site's arguments, by the paths in the SDK catalog (sdks/request-settings.ts). A setting not on
 * the call is looked up on the object the call is made on (a LangChain model's or a Gemini `GenerativeModel`'s
 * constructor), where those SDKs bind it.
 */
import type { Args, CallSite, Instance, ObjectEntry, RequestSettings, Value } from '../model';
import { REQUEST_SETTING_PATHS } from '../sdks';
import { entryOf, numberValue, param, staticString } from './values';

interface Found {
  entry: ObjectEntry;
  path: string;
}

function atPath(args: Args, path: string): ObjectEntry | undefined {
  const [first, ...rest] = path.split('.');
  let entry = param(args, first);
  for (const key of rest) {
    if (!entry) return undefined;
    entry = entryOf(entry.value, key);
  }
  return entry;
}

function firstAt(site: CallSite, paths: readonly string[]): Found | undefined {
  const sources: Args[] = [site.call.args];
  for (let instance: Instance | undefined = site.call.receiver ?? undefined; instance; instance = instance.parent) sources.push(instance.ctorArgs);
  for (const args of sources) {
    for (const path of paths) {
      const entry = atPath(args, path);
      if (entry && entry.value.kind !== 'null') return { entry, path };
    }
  }
  return undefined;
}

/** Tool definitions as a list: an array's items, or the values of a Vercel AI `tools: { name: tool({...}) }` object. */
function toolList(value: Value): Value[] {
  if (value.kind === 'array') return value.repeated ? [value] : value.items;
  if (value.kind === 'object' && !value.entries.some((entry) => ['type', 'name', 'function', 'function_declarations', 'functionDeclarations'].includes(entry.key))) {
    return value.entries.map((entry) => namedTool(entry.key, entry.value));
  }
  return [value];
}

/** A Vercel AI tool keyed by its name: the name is sent with the definition. */
function namedTool(name: string, definition: Value): Value {
  const span = definition.span;
  const body = definition.kind === 'call' && definition.args.positional[0]?.kind === 'object' ? definition.args.positional[0] : definition;
  if (body.kind !== 'object') return definition;
  const nameValue: Value = { kind: 'string', pieces: [{ kind: 'text', text: name, verbatim: false, origin: { kind: 'literal' } }], span };
  return { ...body, entries: [{ key: 'name', keySpan: span, value: nameValue, span }, ...body.entries] };
}

function wordOf(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  const text = staticString(value);
  if (text !== undefined) return text;
  // `tool_choice={"type": "any"}` (Anthropic), `{"type": "function", ...}` (OpenAI: a named tool).
  const type = staticString(entryOf(value, 'type')?.value);
  if (type === 'function') return 'tool';
  return type;
}

export function requestSettingsOf(site: CallSite): RequestSettings {
  const settings: RequestSettings = { tools: [] };
  const tools = firstAt(site, REQUEST_SETTING_PATHS.tools);
  if (tools) {
    settings.tools = toolList(tools.entry.value);
    settings.toolsParam = tools.path;
  }
  const choice = wordOf(firstAt(site, REQUEST_SETTING_PATHS.toolChoice)?.entry.value);
  if (choice) settings.toolChoice = choice;
  const schema = firstAt(site, REQUEST_SETTING_PATHS.outputSchema);
  if (schema) {
    settings.outputSchema = schema.entry.value;
    settings.outputSchemaParam = schema.path;
  }
  const effort = firstAt(site, REQUEST_SETTING_PATHS.reasoningEffort);
  const effortWord = staticString(effort?.entry.value);
  if (effort && effortWord) {
    settings.reasoningEffort = effortWord;
    settings.reasoningParam = effort.path;
    const piece = effort.entry.value.kind === 'string' ? effort.entry.value.pieces[0] : undefined;
    if (piece && piece.kind === 'text' && piece.span && piece.verbatim) {
      settings.reasoningValueSpan = piece.span;
      settings.reasoningValueIsString = true;
    }
  }
  const budget = firstAt(site, REQUEST_SETTING_PATHS.thinkingBudget);
  const budgetTokens = numberValue(budget?.entry.value);
  if (budget && budgetTokens !== null) {
    settings.thinkingBudget = budgetTokens;
    settings.reasoningParam = budget.path;
    settings.reasoningValueSpan = budget.entry.value.span;
    settings.reasoningValueIsString = false;
  } else if (staticString(firstAt(site, ['thinking.type'])?.entry.value) === 'disabled') {
    settings.thinkingBudget = 0;
    settings.reasoningParam = 'thinking.type';
  }
  const completions = numberValue(firstAt(site, REQUEST_SETTING_PATHS.completions)?.entry.value);
  if (completions !== null && completions > 1) settings.completions = completions;
  const tier = staticString(firstAt(site, REQUEST_SETTING_PATHS.serviceTier)?.entry.value);
  if (tier) settings.serviceTier = tier;
  return settings;
}
