/**
 * Tokens a request sends besides its prompt text: tool / function definitions (with the tool-use system prompt
 * some providers add) and the structured-output schema. Definitions written as literals are converted to the JSON
 * the SDK sends; a definition the analysis cannot read (a pydantic class, an imported schema) is a labelled estimate.
 * Figures and sources: tool-overhead.json and docs/tokens.md.
 */
import type { RequestSettings, Value } from '../model';
import { countTokens } from './count';
import type { ChatFormat } from './prompt-tokens';
import toolOverhead from './tool-overhead.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface FunctionCosts {
  funcInit: number;
  propInit: number;
  propKey: number;
  enumInit: number;
  enumItem: number;
  funcEnd: number;
}

export interface RequestTokens {
  tools: number;
  schema: number;
  /** True when the tool and schema figures follow a published rule on fully static definitions. */
  exact: boolean;
  /** One sentence per figure: how it was made. */
  notes: string[];
}

const OPENAI_EXACT_MODELS = toolOverhead.openaiFunctions.exactModels.map((pattern) => new RegExp(pattern));
const ANTHROPIC_TOOL_PROMPTS = toolOverhead.anthropicToolSystemPrompt.models.map((row) => ({ ...row, pattern: new RegExp(row.pattern) }));
export const UNRESOLVED_SCHEMA_TOKENS = toolOverhead.unresolvedSchemaTokens.tokens;
export const UNRESOLVED_TOOL_TOKENS = toolOverhead.unresolvedToolTokens.tokens;

/** A value as the JSON an SDK would send; what cannot be read statically is listed in `unresolved`. */
class JsonReader {
  unresolved: string[] = [];
  dynamicPieces = 0;

  read(value: Value): Json {
    switch (value.kind) {
      case 'string':
        return value.pieces
          .map((piece) => {
            if (piece.kind === 'text') return piece.text;
            this.dynamicPieces++;
            return '';
          })
          .join('');
      case 'number':
      case 'boolean':
        return value.value;
      case 'null':
        return null;
      case 'array':
        return value.items.map((item) => this.read(item));
      case 'object': {
        const out: { [key: string]: Json } = {};
        for (const entry of value.entries) out[entry.key] = this.read(entry.value);
        return out;
      }
      case 'call':
        return this.readCall(value);
      default:
        this.unresolved.push(value.expression);
        return null;
    }
  }

  /**
   * A call inside a definition: a zod builder (`z.object({...})`, `z.string().describe("...")`), a config class
   * (`types.FunctionDeclaration(name=..., ...)`) or a helper that wraps one (`tool({...})`, `zodResponseFormat(S, "name")`).
   */
  private readCall(value: Extract<Value, { kind: 'call' }>): Json {
    const zod = zodKind(value.calleeText);
    if (zod) return this.readZod(zod, value);
    if (value.args.named.length > 0) {
      const out: { [key: string]: Json } = {};
      for (const entry of value.args.named) out[snakeToCamel(entry.key)] = this.read(entry.value);
      return out;
    }
    const first = value.args.positional[0];
    if (first) return this.read(first);
    this.unresolved.push(value.calleeText + '(…)');
    return null;
  }

  private readZod(kind: string, value: Extract<Value, { kind: 'call' }>): Json {
    const described = value.calleeText.endsWith('.describe');
    const description = described ? this.read(value.args.positional[0] ?? { kind: 'null', span: value.span }) : undefined;
    const schema: { [key: string]: Json } = {};
    if (kind === 'object') {
      schema.type = 'object';
      const shape = described ? undefined : value.args.positional[0];
      if (shape && shape.kind === 'object') {
        const properties: { [key: string]: Json } = {};
        for (const entry of shape.entries) properties[entry.key] = this.read(entry.value);
        schema.properties = properties;
        schema.required = shape.entries.map((entry) => entry.key);
      } else if (!described) {
        this.unresolved.push(value.calleeText + '(…)');
      }
    } else if (kind === 'enum') {
      schema.type = 'string';
      const options = described ? undefined : value.args.positional[0];
      if (options) schema.enum = this.read(options);
    } else if (kind === 'array') {
      schema.type = 'array';
      const items = described ? undefined : value.args.positional[0];
      if (items) schema.items = this.read(items);
    } else {
      schema.type = kind === 'int' ? 'integer' : kind;
    }
    if (description !== undefined) schema.description = description;
    return schema;
  }
}

const ZOD_KINDS = ['object', 'string', 'number', 'boolean', 'array', 'enum', 'int'];

/** `z.string`, `z.string().min(1).describe` -> `string`; not a zod builder -> undefined. */
function zodKind(calleeText: string): string | undefined {
  const trimmed = calleeText.replace(/\s+/g, '');
  if (!trimmed.startsWith('z.')) return undefined;
  const name = trimmed.slice(2).split(/[.(]/)[0];
  return ZOD_KINDS.includes(name) ? name : 'string';
}

function snakeToCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

function isObject(json: Json | undefined): json is { [key: string]: Json } {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

function text(json: Json | undefined): string {
  return typeof json === 'string' ? json : '';
}

/**
 * A model class's JSON schema given as a tool (LangChain `bind_tools([Invoice])`): sent as a function named after the
 * model, its docstring as the description, its fields as the parameters.
 */
function modelAsFunction(json: Json): Json {
  if (!isObject(json) || json.type !== 'object' || typeof json.title !== 'string' || !isObject(json.properties)) return json;
  const { title, description, ...parameters } = json;
  return { type: 'function', function: { name: title, description: description ?? '', parameters } };
}

/** `{type: "function", function: {...}}` (chat), `{type: "function", name, ...}` (Responses), `{name, ...}` (legacy functions). */
function openAiFunction(json: Json): { [key: string]: Json } | undefined {
  if (!isObject(json)) return undefined;
  if (isObject(json.function)) return json.function;
  if (typeof json.name === 'string' && (json.type === undefined || json.type === 'function')) return json;
  return undefined;
}

/**
 * The cookbook recipe (num_tokens_for_tools): per function `name:description` plus per property
 * `name:type:description`, enum items, and fixed costs. Nested object properties are counted as further property
 * lines, which the recipe does not cover (so such a count is not exact).
 */
function openAiFunctionTokens(fn: { [key: string]: Json }, costs: FunctionCosts, tokenizerId: string): { tokens: number; flat: boolean } {
  let tokens = costs.funcInit;
  const description = text(fn.description).replace(/\.$/, '');
  tokens += countTokens(`${text(fn.name)}:${description}`, tokenizerId);
  const parameters = fn.parameters ?? fn.input_schema ?? fn.inputSchema;
  let flat = true;
  const propertyTokens = (properties: Json | undefined): number => {
    if (!isObject(properties) || Object.keys(properties).length === 0) return 0;
    let sum = costs.propInit;
    for (const [key, property] of Object.entries(properties)) {
      sum += costs.propKey;
      const spec = isObject(property) ? property : {};
      if (Array.isArray(spec.enum)) {
        sum += costs.enumInit;
        for (const item of spec.enum) sum += costs.enumItem + countTokens(String(item), tokenizerId);
      }
      sum += countTokens(`${key}:${text(spec.type)}:${text(spec.description).replace(/\.$/, '')}`, tokenizerId);
      const nested = isObject(spec.items) ? spec.items.properties : spec.properties;
      if (isObject(nested) && Object.keys(nested).length > 0) {
        flat = false;
        sum += propertyTokens(nested);
      }
    }
    return sum;
  };
  if (isObject(parameters)) tokens += propertyTokens(parameters.properties);
  return { tokens, flat };
}

/**
 * The texts Google's Gen AI SDK counts for a schema when it counts a request offline (`LocalTokenizer`,
 * `_TextsAccumulator.add_schema`): format, description, enum values, required names, property names, nested
 * schemas and examples; types and punctuation are not counted.
 */
function geminiSchemaTexts(schema: Json, texts: string[]): void {
  if (!isObject(schema)) return;
  if (typeof schema.format === 'string') texts.push(schema.format);
  if (typeof schema.description === 'string') texts.push(schema.description);
  if (Array.isArray(schema.enum)) for (const item of schema.enum) if (typeof item === 'string') texts.push(item);
  if (Array.isArray(schema.required)) for (const item of schema.required) if (typeof item === 'string') texts.push(item);
  if (schema.items !== undefined) geminiSchemaTexts(schema.items, texts);
  if (isObject(schema.properties)) {
    for (const [key, value] of Object.entries(schema.properties)) {
      texts.push(key);
      geminiSchemaTexts(value, texts);
    }
  }
  if (schema.example !== undefined) geminiValueTexts(schema.example, texts);
}

function geminiValueTexts(value: Json, texts: string[]): void {
  if (typeof value === 'string') texts.push(value);
  else if (Array.isArray(value)) for (const item of value) geminiValueTexts(item, texts);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      texts.push(key);
      geminiValueTexts(item, texts);
    }
  }
}

/** A Gemini tool (`{functionDeclarations: [...]}`) or a bare declaration: name, description, parameter and response schemas. */
function geminiToolTexts(tool: Json, texts: string[]): boolean {
  if (!isObject(tool)) return false;
  const declarations = tool.functionDeclarations ?? tool.function_declarations;
  if (Array.isArray(declarations)) {
    for (const declaration of declarations) geminiToolTexts(declaration, texts);
    return true;
  }
  if (typeof tool.name !== 'string') return false;
  texts.push(tool.name);
  if (typeof tool.description === 'string') texts.push(tool.description);
  const parameters = tool.parameters ?? tool.parametersJsonSchema ?? tool.parameters_json_schema;
  if (parameters !== undefined) geminiSchemaTexts(parameters, texts);
  if (tool.response !== undefined) geminiSchemaTexts(tool.response, texts);
  return true;
}

function anthropicToolPrompt(model: string, toolChoice: string | undefined): number {
  const row = ANTHROPIC_TOOL_PROMPTS.find((candidate) => candidate.pattern.test(model));
  if (!row) return 0;
  return toolChoice === 'any' || toolChoice === 'tool' ? row.any : row.auto;
}

/** The schema a structured-output parameter carries, unwrapped from its envelope; null for JSON mode without a schema. */
function schemaBody(json: Json): Json {
  if (!isObject(json)) return json;
  if (json.type === 'json_object' || json.type === 'text') return null;
  if (isObject(json.json_schema)) return { name: json.json_schema.name ?? null, schema: json.json_schema.schema ?? null };
  if (json.type === 'json_schema' && json.schema !== undefined) return { name: json.name ?? null, schema: json.schema };
  return json;
}

export interface RequestTokenOptions {
  format: ChatFormat;
  tokenizerId: string;
  /** The model name as written (decides the OpenAI recipe's exactness and Anthropic's tool prompt). */
  model: string | null;
}

/** Tokens of the tool definitions and output schema a request sends. */
export function countRequestTokens(settings: RequestSettings | undefined, opts: RequestTokenOptions): RequestTokens {
  const result: RequestTokens = { tools: 0, schema: 0, exact: true, notes: [] };
  if (!settings) return result;
  const exactEncoding = opts.tokenizerId === 'o200k_base' || opts.tokenizerId === 'cl100k_base';
  const model = (opts.model ?? '').toLowerCase();

  if (settings.tools.length > 0) {
    const reader = new JsonReader();
    const definitions = settings.tools.map((tool) => modelAsFunction(reader.read(tool)));
    const openAi = opts.format === 'openai-chat' || opts.format === 'openai-responses';
    let definitionTokens = 0;
    let recipe = openAi && exactEncoding;
    let functions = 0;
    let builtIn = 0;
    if (recipe) {
      const costs = (toolOverhead.openaiFunctions as unknown as Record<string, FunctionCosts>)[opts.tokenizerId];
      for (const definition of definitions) {
        const fn = openAiFunction(definition);
        if (fn) {
          const counted = openAiFunctionTokens(fn, costs, opts.tokenizerId);
          definitionTokens += counted.tokens;
          recipe = recipe && counted.flat;
          functions++;
        } else if (definition !== null) {
          builtIn++;
        }
      }
      if (functions > 0) definitionTokens += costs.funcEnd;
    } else if (opts.format === 'google') {
      for (const definition of definitions) {
        const texts: string[] = [];
        if (geminiToolTexts(definition, texts)) definitionTokens += texts.reduce((sum, piece) => sum + countTokens(piece, opts.tokenizerId), 0);
        else if (definition !== null) builtIn++;
      }
    } else {
      for (const definition of definitions) {
        if (definition !== null) definitionTokens += countTokens(JSON.stringify(definition), opts.tokenizerId);
      }
    }
    const unresolved = reader.unresolved.length;
    definitionTokens += unresolved * UNRESOLVED_TOOL_TOKENS;
    let systemPrompt = 0;
    if (opts.format === 'anthropic') systemPrompt = anthropicToolPrompt(model, settings.toolChoice);
    result.tools = definitionTokens + systemPrompt;
    const exactModel = OPENAI_EXACT_MODELS.some((pattern) => pattern.test(model));
    const toolsExact = openAi && recipe && exactModel && unresolved === 0 && reader.dynamicPieces === 0 && builtIn === 0;
    result.exact = toolsExact;
    const count = `${settings.tools.length} tool definition${settings.tools.length === 1 ? '' : 's'} (${settings.toolsParam ?? 'tools'})`;
    if (openAi && exactEncoding) {
      result.notes.push(
        `Tools: ${count} counted with the OpenAI cookbook's function-token recipe` +
          (toolsExact ? '.' : ` (≈: ${!exactModel ? 'the recipe is published for gpt-4o, gpt-4o-mini, gpt-4 and gpt-3.5-turbo' : !recipe ? 'nested parameters go beyond the recipe' : 'some definitions are not static'}).`) +
          (builtIn > 0 ? ` ${builtIn} built-in tool${builtIn === 1 ? '' : 's'} (web search, file search...) add instructions OpenAI does not publish; not counted.` : ''),
      );
    } else if (opts.format === 'google') {
      result.notes.push(
        `Tools: ≈ ${count} counted as Google's SDK counts them offline: the tokens of names, descriptions, property names, enum values and required names.` +
          (builtIn > 0 ? ` ${builtIn} built-in tool${builtIn === 1 ? '' : 's'} (Google Search, code execution...) not counted.` : ''),
      );
    } else {
      result.notes.push(`Tools: ≈ ${count} counted as their JSON${systemPrompt > 0 ? ` plus Anthropic's tool-use system prompt (${systemPrompt} tokens for tool_choice ${settings.toolChoice ?? 'auto'})` : ''}.`);
    }
    if (unresolved > 0) result.notes.push(`Tools: ${unresolved} definition${unresolved === 1 ? '' : 's'} not readable statically (${reader.unresolved.slice(0, 3).join(', ')}): ≈ ${UNRESOLVED_TOOL_TOKENS} tokens each.`);
  }

  if (settings.outputSchema) {
    const reader = new JsonReader();
    const body = schemaBody(reader.read(settings.outputSchema));
    const unresolved = reader.unresolved.length;
    const geminiTexts: string[] = [];
    if (opts.format === 'google' && body !== null) geminiSchemaTexts(body, geminiTexts);
    const counted =
      body === null ? 0 : opts.format === 'google' ? geminiTexts.reduce((sum, piece) => sum + countTokens(piece, opts.tokenizerId), 0) : countTokens(JSON.stringify(body), opts.tokenizerId);
    result.schema = unresolved > 0 ? Math.max(counted, UNRESOLVED_SCHEMA_TOKENS) : counted;
    result.exact = false;
    // A pydantic class or a schema constant: say which, so the figure can be traced.
    const origin = settings.outputSchema.kind === 'object' ? settings.outputSchema.origin : undefined;
    const schemaSource = origin?.kind === 'constant' ? `, the JSON schema of ${origin.name}` : '';
    if (unresolved > 0) {
      result.notes.push(`Output schema (${settings.outputSchemaParam}): ≈ ${UNRESOLVED_SCHEMA_TOKENS} tokens, an estimate for a schema not readable statically (${reader.unresolved[0]}).`);
    } else if (opts.format === 'google') {
      result.notes.push(`Output schema (${settings.outputSchemaParam}${schemaSource}): ≈ ${result.schema} tokens, counted as Google's SDK counts a schema offline (descriptions, property names, enum values, required names; not types).`);
    } else if (result.schema > 0) {
      result.notes.push(`Output schema (${settings.outputSchemaParam}${schemaSource}): ≈ ${result.schema} tokens, the schema's JSON (providers do not publish how a schema is billed).`);
    }
  }
  return result;
}
