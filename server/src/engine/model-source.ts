/**
 * Models known only at run time: what sets them, and which model to price them as.
 *
 * A model read from an environment variable, a request, a parameter or a settings object is unknown to the code.
 * The model priced for such a call comes from, highest precedence first:
 *   1. an annotation on or above the call: `# prompt-cost: model=gpt-4o` / `// prompt-cost: model=gpt-4o`;
 *   2. the config's `models` entry for what sets it: `env:OPENAI_MODEL`, `settings:llm_model`;
 *   3. the variable's value in `.env.example` / `.env.sample` / `.env.template` at the workspace root;
 *   4. the default written in the code (`os.getenv("OPENAI_MODEL", "gpt-4o-mini")`);
 *   5. the config's default for the call's provider: `provider:openai`.
 * A model written in the code as a literal or constant is never replaced.
 */
import type { Config } from './config';
import { annotationsAbove, type CommentLine } from './config/usage';
import type { CallSite, ModelRef, RuntimeSource } from './model';

export const ENV_EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template'] as const;

/** A variable's value in an env example file. */
export interface EnvFileValue {
  value: string;
  /** The file it was read from, workspace-relative (`.env.example`). */
  file: string;
  /** 1-based line. */
  line: number;
}

export type ModelAssumptionSource = 'annotation' | 'config' | 'env-file' | 'code-default' | 'provider-default';

/** The model a call is priced as when the code does not say, and where that came from. */
export interface ModelAssumption {
  model: string;
  source: ModelAssumptionSource;
  /** Says where, for hovers and reports: `annotation on line 12`, `models["env:OPENAI_MODEL"] in the config`. */
  detail: string;
}

const MODEL_ANNOTATION = /(?:^|\s)prompt-cost:.*?(?:^|\s)model\s*=\s*([A-Za-z0-9][A-Za-z0-9_.:@/\-]*)/;
const MODELS_KEY = /^(env|settings|provider):(.+)$/;

/** True for a `models` key of the config: `env:NAME`, `settings:key` or `provider:name`. */
export function isModelsKey(key: string): boolean {
  return MODELS_KEY.test(key);
}

/** Says what sets a model at run time, as people name it: `environment variable OPENAI_MODEL`. */
export function describeRuntimeSource(source: RuntimeSource): string {
  switch (source.kind) {
    case 'env':
      return `environment variable ${source.variable}`;
    case 'parameter':
      return `function parameter ${source.name}`;
    case 'request-field':
      return `request field ${source.path}`;
    case 'settings-key':
      return `settings key ${source.path}`;
    case 'expression':
      return `\`${source.expression}\``;
  }
}

/** The model named by a `prompt-cost: model=<id>` annotation on the call's first line or in the comments right above it. */
export function modelAnnotationFor(comments: readonly CommentLine[], callLine: number): { model: string; line: number } | undefined {
  const candidates = [...comments.filter((comment) => comment.line === callLine), ...annotationsAbove(comments, callLine).reverse()];
  for (const comment of candidates) {
    const found = MODEL_ANNOTATION.exec(comment.text.trim());
    if (found) return { model: found[1], line: comment.line };
  }
  return undefined;
}

/** Parses `KEY=value` lines of a dotenv file (comments, `export`, quotes); later lines win. */
export function parseEnvFile(text: string, file: string): Record<string, EnvFileValue> {
  const values: Record<string, EnvFileValue> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!assignment) return;
    let value = assignment[2].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) value = value.slice(1, value.lastIndexOf(quote));
    else value = value.replace(/\s+#.*$/, '').trim();
    if (value === '' || /^<.*>$/.test(value)) return;
    values[assignment[1]] = { value, file, line: index + 1 };
  });
  return values;
}

/** The env example values of a workspace, the first file in ENV_EXAMPLE_FILES order winning per variable. */
export function envFileValuesOf(files: readonly { file: string; text: string }[]): Record<string, EnvFileValue> {
  const merged: Record<string, EnvFileValue> = {};
  for (const name of [...ENV_EXAMPLE_FILES].reverse()) {
    const found = files.find((candidate) => candidate.file === name);
    if (found) Object.assign(merged, parseEnvFile(found.text, found.file));
  }
  return merged;
}

/** The env example values found through `readFile` (workspace-relative names; undefined when absent). */
export function envFileValuesFrom(readFile: (file: string) => string | undefined): Record<string, EnvFileValue> {
  const files: { file: string; text: string }[] = [];
  for (const file of ENV_EXAMPLE_FILES) {
    const text = readFile(file);
    if (text !== undefined) files.push({ file, text });
  }
  return envFileValuesOf(files);
}

function configEntry(config: Config, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(config.models, key) ? config.models[key] : undefined;
}

/** The `models` key of the config that names what sets the model, if any. */
function configModelFor(runtime: RuntimeSource | undefined, config: Config): { key: string; model: string } | undefined {
  if (!runtime) return undefined;
  const keys: string[] = [];
  if (runtime.kind === 'env') keys.push(`env:${runtime.variable}`);
  if (runtime.kind === 'settings-key') keys.push(`settings:${runtime.path}`, `settings:${runtime.key}`);
  for (const key of keys) {
    const model = configEntry(config, key);
    if (model) return { key, model };
  }
  return undefined;
}

/**
 * The model to price a call as when the code leaves it to run time (or to a default in code), with its source;
 * undefined when the code names the model, or nothing says which model runs.
 */
export function modelAssumptionFor(site: Pick<CallSite, 'model' | 'provider' | 'modelProvider'>, callLine: number, comments: readonly CommentLine[], config: Config): ModelAssumption | undefined {
  const ref = site.model;
  if (ref.source !== 'unknown' && ref.source !== 'default') return undefined;
  const annotation = modelAnnotationFor(comments, callLine);
  if (annotation) return { model: annotation.model, source: 'annotation', detail: `annotation on line ${annotation.line + 1}` };
  const configured = configModelFor(ref.runtime, config);
  if (configured) return { model: configured.model, source: 'config', detail: `models["${configured.key}"] in the config` };
  if (ref.runtime?.kind === 'env') {
    const example = config.envFileValues[ref.runtime.variable];
    if (example) return { model: example.value, source: 'env-file', detail: `${ref.runtime.variable} in ${example.file} (line ${example.line})` };
  }
  if (ref.source === 'default' && ref.value) return { model: ref.value, source: 'code-default', detail: ref.note ?? 'default in the code' };
  const provider = site.modelProvider ?? site.provider;
  const byProvider = configEntry(config, `provider:${provider}`);
  if (ref.source === 'unknown' && byProvider) return { model: byProvider, source: 'provider-default', detail: `models["provider:${provider}"] in the config` };
  return undefined;
}

/** The model reference a call is priced with once an assumption applies; the code's own reference is kept in `runtime`/`note`. */
export function assumedModelRef(ref: ModelRef, assumption: ModelAssumption): ModelRef {
  if (assumption.source === 'code-default') return ref;
  return { value: assumption.model, source: 'assumed', editable: false, span: ref.span, note: assumption.detail, runtime: ref.runtime };
}

/** The reason a call has no price because its model is set at run time: `model set at run time (environment variable X)`. */
export function runtimeModelReason(ref: ModelRef): string | undefined {
  if (ref.source !== 'unknown' || !ref.runtime) return undefined;
  return `model set at run time (${describeRuntimeSource(ref.runtime)})`;
}

/** How to give an unpriced runtime-model call a price, in one sentence (hovers, reports). */
export function howToPriceRuntimeModel(ref: ModelRef, provider: string): string {
  const key = ref.runtime?.kind === 'env' ? `env:${ref.runtime.variable}` : ref.runtime?.kind === 'settings-key' ? `settings:${ref.runtime.key}` : undefined;
  const config = key ? `"models": { "${key}": "<model>" }` : `"models": { "provider:${provider}": "<model>" }`;
  return `add a \`prompt-cost: model=<model>\` comment above the call (quick fix "Assume a model for this call…"), or set \`${config}\` in prompt-cost.config.json`;
}

/** How to give a call without a price one: name its model (model unknown), or price the model (no row in the table). */
export function howToPriceCall(ref: ModelRef, provider: string): string {
  if (ref.value === null) return howToPriceRuntimeModel(ref, provider);
  return `add a price for "${ref.value}" under \`"prices"\` in prompt-cost.config.json (\`{ "input": <USD>, "output": <USD> }\` per million tokens)`;
}
