/**
 * The engine's plain data types. Data flows one way:
 * source text -> SourceView (languages/) -> CallSite (providers/) -> tokens -> CostEstimate -> Finding.
 * Everything here is plain data so each step can be called from a test with a string.
 */

export type Language = 'python' | 'typescript' | 'javascript' | 'prompty';

/** A half-open range of UTF-16 offsets [start, end) into the text of `file`. */
export interface Span {
  /** Path of the file the offsets refer to (workspace-relative, forward slashes, or absolute). */
  file: string;
  start: number;
  end: number;
}

/** Where a resolved value came from. */
export type Origin =
  | { kind: 'literal' }
  | { kind: 'constant'; name: string; file: string }
  | { kind: 'env-default'; variable: string }
  /** A declared default the code falls back to: a parameter's default, a config field's default, the right of `x or "…"`. */
  | { kind: 'default'; of: string }
  | { kind: 'prompt-file'; path: string };

/**
 * One piece of a string value: literal text, or a part that cannot be known statically
 * (an interpolation, a parameter, a function result).
 */
export type StringPiece =
  | {
      kind: 'text';
      text: string;
      /** Source range of the literal text. */
      span?: Span;
      /** True when `text` equals the source slice at `span` character for character (no escapes), so fixes may edit it. */
      verbatim: boolean;
      origin: Origin;
    }
  | {
      kind: 'dynamic';
      /** The source text of the expression (`user_input`, `${ticket.body}`), used in messages and estimates. */
      expression: string;
      span: Span;
      /** The call the value comes from, when it is one (`json.dumps(rows, indent=2)`): rules read its arguments. */
      call?: Value & { kind: 'call' };
    };

export interface ObjectEntry {
  key: string;
  keySpan: Span;
  value: Value;
  /** The whole entry (`key: value` / `key=value`), for edits that remove or follow it. */
  span: Span;
}

export interface Args {
  positional: Value[];
  /** Python keyword arguments. JS has none here: an options object is positional[0] of kind 'object'. */
  named: ObjectEntry[];
  /** The text between the call's parentheses (exclusive), for edits that insert arguments. */
  span: Span;
  /** True when the call spreads arguments that cannot be resolved (`**kwargs`, `...options`): a missing parameter proves nothing. */
  spread?: boolean;
}

/** A statically known (or explicitly unknown) value of an expression. */
export type Value =
  | { kind: 'string'; pieces: StringPiece[]; span: Span }
  | { kind: 'number'; value: number; span: Span; origin: Origin }
  | { kind: 'boolean'; value: boolean; span: Span }
  | { kind: 'null'; span: Span }
  | {
      kind: 'object';
      entries: ObjectEntry[];
      span: Span;
      origin?: Origin;
      /** True when the object holds entries not known statically (a dict from a call, then updated): `entries` are only the known ones. */
      open?: boolean;
    }
  | {
      kind: 'array';
      items: Value[];
      span: Span;
      origin?: Origin;
      growth?: ListGrowth;
      /** True when `items` holds one template element that a comprehension or `.map(...)` repeats at run time. */
      repeated?: boolean;
    }
  | {
      kind: 'call';
      symbol: string | null;
      calleeText: string;
      args: Args;
      span: Span;
      /** The instance whose method this is (`registry.languageModel(...)` -> the registry), when the front end knows it. */
      receiver?: Instance;
    }
  | {
      kind: 'unknown';
      expression: string;
      span: Span;
      reason: string;
      /** What supplies the value at run time, when the front end can name it (an environment variable, a parameter...). */
      runtime?: RuntimeSource;
    };

/**
 * What supplies a value at run time: an environment variable, a parameter of the enclosing function, a field of
 * an incoming request, a settings key, or another expression. Used to say why a model cannot be known from the code.
 */
export type RuntimeSource =
  | { kind: 'env'; variable: string }
  | { kind: 'parameter'; name: string }
  | { kind: 'request-field'; path: string }
  | { kind: 'settings-key'; path: string; key: string }
  | { kind: 'expression'; expression: string };

/** How a list variable used as a message history is grown (for unbounded-history). */
export interface ListGrowth {
  /** Spans of `.append(...)` / `.push(...)` / `+=` on the list. */
  appends: Span[];
  /** True when an append sits inside a loop or the list outlives the function (module/instance level). */
  acrossIterations: boolean;
  /** True when the code slices, pops, clears, or reassigns the list (any trimming). */
  trimmed: boolean;
  /** True when the list is module-level or instance state, so it survives from one call of the function to the next. */
  outlivesFunction?: boolean;
  /** Spans of the outermost loops, within the function owning the list, that contain an append. */
  appendLoops?: Span[];
}

/** A client or model object created by a constructor call that an LLM SDK exports. */
export interface Instance {
  /** Symbol of the constructor, e.g. `openai.OpenAI` (Python) or `openai:default` (JS); `<parent symbol>#<method>` for an object a method of another instance made (a chat session). */
  symbol: string;
  ctorArgs: Args;
  span: Span;
  /** The instance whose method made this one (`model.start_chat()` -> the model). */
  parent?: Instance;
  /** The wrapper call that returned this client (`instructor.from_openai`), which may add request methods. */
  via?: string;
  /** Request arguments bound before any call (`instructor.from_openai(client, max_tokens=1000)`): defaults a call's own arguments override. */
  boundArgs?: ObjectEntry[];
  /** Other clients the same expression may hold (a factory returning `Anthropic()` or `OpenAI()` by branch). */
  alternatives?: Instance[];
}

/**
 * A call expression whose callee resolves to a symbol of a module an LLM SDK lives in,
 * or to a method of an instance of such a symbol. Produced by the language front ends.
 *
 * Symbols: Python = full dotted path after resolving imports (`openai.OpenAI`, `google.genai.Client`,
 * `litellm.completion`); JS/TS = `<module specifier>:<export path>` (`openai:default`, `ai:generateText`,
 * `@google/genai:GoogleGenAI`, `@ai-sdk/openai:openai`).
 */
export interface NeutralCall {
  language: Language;
  /** The whole call expression. */
  span: Span;
  /** The callee expression (`client.chat.completions.create`). */
  calleeSpan: Span;
  /** Set when the callee is a method on a tracked instance. */
  receiver: Instance | null;
  /** The method path after the instance (`chat.completions.create`); '' for direct calls. */
  method: string;
  /** Set for direct calls of an imported function or constructor (`litellm.completion`, `langchain_openai.ChatOpenAI`). */
  symbol: string | null;
  args: Args;
  /** True for `new X(...)` in JS or a Python call of a class-like symbol; providers decide what matters. */
  isConstructor: boolean;
  /** True when the call sits inside a for/while loop, a comprehension, or a `.map`/`.forEach` callback. */
  inLoop: boolean;
  /** Name of the enclosing function or method, if any. */
  enclosingFunction: string | null;
  /** True when the call's value is returned from its function (a factory: the caller decides what happens with it). */
  returned?: boolean;
  /** The loops that run the call repeatedly within its function, innermost first (empty or absent: none). */
  loops?: LoopFacts[];
}

/** What one loop around a call shows about what ends it, read from the loop's syntax. */
export interface LoopFacts {
  /** The loop's own condition tests whether the model asked for a tool (`while response.stop_reason == "tool_use"`). */
  conditionTestsToolUse: boolean;
  /** An `if` in the loop tests for a tool call and leaves the loop (`break` / `return`) in a branch or right after it. */
  exitsOnToolCheck: boolean;
  /** The loop reads the user's next turn (`input()`, `readline`, `rl.question`, stdin): it lasts as long as the conversation. */
  readsUserTurn: boolean;
}

/** The neutral view of one source file. */
export interface SourceView {
  file: string;
  language: Language;
  text: string;
  calls: NeutralCall[];
  /** Parse errors, reported but not fatal: the rest of the file is still analysed. */
  errors: { message: string; span: Span }[];
  /** Comment lines, for annotations and ignore comments: 0-based line number -> comment text without the marker. */
  comments: { line: number; text: string }[];
}

export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'prompt';

export interface PromptPart {
  role: Role;
  /** Pieces in order; text pieces are static, dynamic pieces are estimated. */
  pieces: StringPiece[];
  /** The expression the part came from (the `content` value / the `system` argument). */
  span: Span;
  /** Index of the message in its list, -1 for parts outside a list (system=, instructions=, prompt=). */
  messageIndex: number;
  /** True when this part carries a cache marker (Anthropic `cache_control`). */
  cached: boolean;
  /** Images and documents sent in this part (their tokens are counted apart from the text). */
  media?: MediaInput[];
}

/** An image or document block of a message. */
export interface MediaInput {
  kind: 'image' | 'document';
  /** OpenAI's `detail` (`low`, `high`, `auto`) when static. */
  detail?: string;
  /** Pixel size when the block states it literally. */
  width?: number;
  height?: number;
}

export interface ModelRef {
  /** The model name, or null when it cannot be resolved statically. */
  value: string | null;
  /** `assumed`: not from the code but from an annotation, the config's `models` or an env example file (engine/model-source.ts). */
  source: 'literal' | 'constant' | 'default' | 'unknown' | 'assumed';
  /** Span of the literal to edit when swapping the model (in the constant's file when from a constant). */
  span?: Span;
  /** True when `span` is exactly the string literal's body (between the quotes) and holds the model name verbatim, so a fix may replace it. */
  editable: boolean;
  /** Why the model is unknown or where the default came from. */
  note?: string;
  /** What sets the model at run time (with `source` 'unknown'), or the environment variable a code default stands in for. */
  runtime?: RuntimeSource;
}

export interface OutputCap {
  /** The parameter name as the SDK spells it (`max_tokens`, `maxOutputTokens`, `generationConfig.maxOutputTokens`). */
  param: string;
  value: number | null;
  span: Span;
  /** The code sets no cap and the library sends its own default; `span` is where the model object is made. */
  libraryDefault?: boolean;
}

/** Where a fix that adds an output cap inserts it. */
export interface CapInsertion {
  /** The SDK's name for the cap at this call (`max_tokens`, `max_completion_tokens`, `max_output_tokens`, `maxTokens`, ...). */
  param: string;
  /** How to insert it: as a keyword argument of the call, as a property of an object literal, or nested in a config; `yaml`: a key of a YAML mapping (`.prompty` front matter; `nestedIn.param` names a mapping to create first). */
  style: 'keyword' | 'property' | 'yaml';
  /** The argument list or object literal to add to. */
  container: Span;
  /** When the cap belongs in a nested config (`config=GenerateContentConfig(...)`, `generationConfig: {}`) that does not exist yet. */
  nestedIn?: { param: string; style: 'keyword' | 'property'; wrapper: 'dict' | 'object' | 'call'; calleeText?: string };
}

/** An SDK family (the `provider` of a call site) or a vendor that serves models (its `modelProvider`). */
export type Provider =
  | 'openai'
  | 'azure-openai'
  | 'anthropic'
  | 'google'
  | 'litellm'
  | 'langchain'
  | 'pydantic-ai'
  | 'llamaindex'
  | 'vercel-ai'
  | 'bedrock'
  | 'instructor'
  | 'mistral'
  | 'groq'
  | 'cohere'
  | 'together'
  | 'fireworks'
  | 'cerebras'
  | 'deepseek'
  | 'xai'
  | 'openrouter'
  | 'perplexity'
  | 'deepinfra'
  | 'anyscale'
  /** A model server on the developer's own machine or network (Ollama, LM Studio, vLLM): no per-token price. */
  | 'local';

export type CallKind = 'generation' | 'embedding' | 'other';

export interface CallSite {
  /** Stable id within a scan: `<file>:<line>:<column>`. */
  id: string;
  file: string;
  language: Language;
  span: Span;
  calleeSpan: Span;
  provider: Provider;
  /** The SDK's API as users name it: `chat.completions.create`, `messages.create`, `generateText`, `ChatOpenAI`. */
  api: string;
  kind: CallKind;
  /**
   * The provider that serves the model, whose prices apply: the SDK's own provider for first-party SDKs;
   * for LangChain, LiteLLM and the Vercel AI SDK, what the class, model prefix or provider function says.
   * Null when only the model name can tell.
   */
  modelProvider: Provider | null;
  model: ModelRef;
  outputCap: OutputCap | null;
  /** Null when the call has no cap to add (embeddings) or no place to add it. */
  capInsertion: CapInsertion | null;
  promptParts: PromptPart[];
  /** A structured output schema / response_format / JSON mode is requested. */
  structuredOutput: boolean;
  streaming: boolean;
  batch: boolean;
  inLoop: boolean;
  enclosingFunction: string | null;
  /** True when the call's parameters are built at run time (unresolved `**kwargs`, batch requests from a loop): rules must not conclude a parameter is absent. */
  argumentsOpaque: boolean;
  /** The message list value, when the call passes one (for unbounded-history). */
  messageList: Value | null;
  /** The neutral call, for rules that need the raw arguments. */
  call: NeutralCall;
  /** Where the model and cap were fixed when not at the call (the LangChain constructor an `invoke` uses). */
  boundAt?: Span;
  /** A model constructor reported because no request in its file uses it; dropped when one does. */
  constructorOnly?: boolean;
  /** What else the request sends or asks for besides the prompt: tools, an output schema, reasoning, `n`, service tier. */
  requestSettings?: RequestSettings;
}

/** Request settings that change what a call is billed for, read from the call's arguments (providers/request-settings.ts). */
export interface RequestSettings {
  /** Tool / function definitions, one value per definition (a list that is not static is one unknown value). */
  tools: Value[];
  /** The parameter the tools came from (`tools`, `functions`, `config.tools`). */
  toolsParam?: string;
  /** `tool_choice` as a plain word when static (`auto`, `any`, `none`, `required`, `tool`). */
  toolChoice?: string;
  /** The structured-output schema value (`response_format`, `text.format`, `response_model`, `schema`, `config.response_schema`). */
  outputSchema?: Value;
  outputSchemaParam?: string;
  /** `reasoning_effort` / `reasoning.effort` / `providerOptions.openai.reasoningEffort`, when static. */
  reasoningEffort?: string;
  /** Thinking budget in tokens (Anthropic `thinking.budget_tokens`, Gemini `thinking_budget`); 0 turns thinking off. */
  thinkingBudget?: number;
  /** The parameter the reasoning setting came from. */
  reasoningParam?: string;
  /** The reasoning setting's value as written (a string literal or a number), for fixes; in the call's file or a constant's. */
  reasoningValueSpan?: Span;
  /** True when `reasoningValueSpan` is a string literal (the effort word), false for a number (a budget). */
  reasoningValueIsString?: boolean;
  /** Completions per request (`n`, `candidate_count`), when static and above 1. */
  completions?: number;
  /** `service_tier` when static (`flex`, `priority`, `default`, `auto`). */
  serviceTier?: string;
}

export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** Safe fixes preserve behaviour (adding cache_control); unsafe ones change the model's input or output. */
  safe: boolean;
  edits: TextEdit[];
}

export type Severity = 'off' | 'info' | 'warning' | 'error';

export interface Finding {
  rule: string;
  severity: Exclude<Severity, 'off'>;
  file: string;
  span: Span;
  message: string;
  /** The call site the finding is about, if any. */
  callSiteId?: string;
  /** Estimated monthly saving in USD when the fix is applied, if known. */
  savingPerMonth?: number;
  /** Other places that matter (the constant or prompt file the text lives in). */
  related?: { span: Span; message: string }[];
  fixes: Fix[];
}

/** Prompt token counts of one call site. */
export interface PromptTokens {
  /** Tokens of the static prompt text (each fully static message tokenized as a whole), overhead excluded. */
  static: number;
  /** Estimated tokens of the dynamic pieces (placeholder count × tokens per placeholder). */
  dynamicEstimate: number;
  /** Chat-format overhead (role markers, message separators, reply priming). */
  overhead: number;
  /** Static tokens in a cached prefix (Anthropic cache_control; OpenAI/Gemini automatic prefix caching). */
  cachedPrefix: number;
  /** `o200k_base`, `cl100k_base`, or `estimate:<method>`. */
  tokenizer: string;
  /** True when counts come from the model's own tokenizer. */
  exact: boolean;
  perPart: { role: Role; messageIndex: number; staticTokens: number; dynamicPieces: number; dynamicEstimate: number }[];
  /** Tokens of tool / function definitions, with the provider's tool-use system prompt (0 without tools). */
  tools?: number;
  /** Tokens of the structured-output schema (0 without one). */
  schema?: number;
  /** Tokens of image and document inputs (0 without any). */
  images?: number;
  /** Input tokens by what sends them; sums to the input total. */
  breakdown?: InputBreakdown;
  /** How the tool, schema and image figures were made, one sentence each (estimates say so). */
  requestNotes?: string[];
}

/** Input tokens per call split by what sends them. */
export interface InputBreakdown {
  /** System / developer / instructions parts, static text plus dynamic estimate. */
  system: number;
  /** Every other message part, static text plus dynamic estimate. */
  messages: number;
  tools: number;
  schema: number;
  images: number;
  /** Chat-format overhead. */
  overhead: number;
}

/** One row of the price table, in USD per million tokens. */
export interface PriceRow {
  /** The row's model id in the table (`gpt-4o`), which may differ from the name in code (`gpt-4o-2024-08-06`). */
  model: string;
  provider: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  cacheWritePerMTok?: number;
  /** Multiplier for batch API calls (0.5 = 50% off), when the provider has a batch API for the model. */
  batchMultiplier?: number;
  maxOutputTokens?: number;
  contextWindow?: number;
  /** Where the row came from (`@pydantic/genai-prices 0.1.8`, `prompt-cost.config.json prices.gpt-4o`). */
  source: string;
  /** Date of the data (YYYY-MM-DD). */
  asOf: string;
}

/** Where a call's calls-per-day figure came from, most specific first. */
export interface UsageAssumption {
  callsPerDay: number;
  source: 'annotation' | 'feature' | 'file-glob' | 'default';
  /** Human-readable detail: `annotation on line 12`, `usage.files["src/jobs/**"]`, `workspace default`. */
  detail: string;
  feature?: string;
}

export interface CostEstimate {
  currency: 'USD';
  /** Input tokens sent per call (static + dynamic estimate + overhead). */
  inputTokens: number;
  cachedInputTokens: number;
  expectedOutputTokens: number;
  /** Where the expected output figure came from (`the cap (max_tokens=800)`, `default for a call with no cap`). */
  expectedOutputSource: string;
  /** The cap, or the model's maximum output when there is no cap. */
  worstCaseOutputTokens: number | null;
  perCall: number;
  /** Per call with the worst-case output. */
  perCallWorstCase: number;
  perMonth: number;
  callsPerDay: number;
  usage: UsageAssumption;
  price: PriceRow;
  /** Every assumption behind the figures, as sentences. */
  assumptions: string[];
  /** Reasoning tokens included in `expectedOutputTokens` (billed as output), when the model reasons. */
  reasoningTokens?: number;
  /** The typical visible output per completion before the cap bounds it (reasoning excluded), when judged from the call. */
  visibleOutputTokens?: number;
  /** Why that many reasoning tokens: the setting on the call or the model's default. */
  reasoningSource?: string;
  /** Completions per request (`n` > 1): the expected and worst-case output are multiplied by it. */
  completions?: number;
  /** A service tier that changed the price (`flex`, `priority`). */
  serviceTier?: string;
}
