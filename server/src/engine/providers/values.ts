/**
 * Small readers over neutral argument values, shared by the provider modules.
 * Providers ask "what is the `model` argument?" without caring whether it was a Python keyword
 * argument or a property of a JS options object.
 */
import { expressionSource, runtimeSourceOfPath } from '../languages/runtime-source';
import type { Args, MediaInput, ModelRef, NeutralCall, Provider, RuntimeSource, ObjectEntry, OutputCap, PromptPart, Role, StringPiece, Value } from '../model';

/** The options object of a JS call (`create({...})`), if its first argument is one. */
export function optionsObject(args: Args): Extract<Value, { kind: 'object' }> | undefined {
  const first = args.positional[0];
  return first && first.kind === 'object' ? first : undefined;
}

/** A named parameter: a Python keyword argument, else a property of the first-argument options object. */
export function param(args: Args, name: string): ObjectEntry | undefined {
  const keyword = args.named.find((entry) => entry.key === name);
  if (keyword) return keyword;
  return optionsObject(args)?.entries.find((entry) => entry.key === name);
}

export function firstParam(args: Args, names: readonly string[]): ObjectEntry | undefined {
  for (const name of names) {
    const entry = param(args, name);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * The first cap parameter a call sets; a dotted name reads inside an options object (`options.num_predict`:
 * Ollama's `options={"num_predict": 256}`).
 */
export function capParam(args: Args, caps: readonly string[]): ObjectEntry | undefined {
  for (const name of caps) {
    const [first, ...rest] = name.split('.');
    let entry = param(args, first);
    for (const key of rest) entry = entryOf(entry?.value, key);
    if (entry) return entry;
  }
  return undefined;
}

/** An entry of an object value, or of a call value's keyword arguments (`GenerateContentConfig(max_output_tokens=…)`). */
export function entryOf(value: Value | undefined, key: string): ObjectEntry | undefined {
  if (!value) return undefined;
  if (value.kind === 'object') return value.entries.find((entry) => entry.key === key);
  if (value.kind === 'call') return param(value.args, key);
  return undefined;
}

/** The full text of a string value when it has no dynamic pieces. */
export function staticString(value: Value | undefined): string | undefined {
  if (!value || value.kind !== 'string') return undefined;
  let text = '';
  for (const piece of value.pieces) {
    if (piece.kind !== 'text') return undefined;
    text += piece.text;
  }
  return text;
}

export function numberValue(value: Value | undefined): number | null {
  return value && value.kind === 'number' ? value.value : null;
}

export function isTruthy(value: Value | undefined): boolean {
  return !!value && value.kind === 'boolean' && value.value;
}

/** A model reference from a value: literal, constant, env default, or unknown with the reason. */
export function modelRefFrom(value: Value | undefined, defaultNote?: string): ModelRef {
  if (!value) return { value: null, source: 'unknown', editable: false, note: defaultNote ?? 'no model argument' };
  if (value.kind === 'string') {
    const text = staticString(value);
    const first = value.pieces[0];
    if (text !== undefined && value.pieces.length === 1 && first.kind === 'text') {
      const origin = first.origin;
      const source = origin.kind === 'constant' ? 'constant' : origin.kind === 'env-default' || origin.kind === 'default' ? 'default' : 'literal';
      const note =
        origin.kind === 'env-default'
          ? `default of environment variable ${origin.variable}`
          : origin.kind === 'default'
            ? `default of ${origin.of}`
            : origin.kind === 'constant'
              ? `constant ${origin.name}`
              : undefined;
      const ref: ModelRef = { value: text, source, span: first.span, editable: !!first.span && first.verbatim, note };
      // A code default stands in for the variable: config and env example files may say what it is set to.
      if (origin.kind === 'env-default') ref.runtime = { kind: 'env', variable: origin.variable };
      return ref;
    }
    if (text !== undefined) return { value: text, source: 'literal', editable: false };
    const dynamic = value.pieces.find((piece) => piece.kind === 'dynamic');
    return {
      value: null,
      source: 'unknown',
      editable: false,
      note: 'the model name is built at run time',
      runtime: { kind: 'expression', expression: dynamic ? dynamic.expression : 'a built string' },
    };
  }
  if (value.kind === 'unknown') return { value: null, source: 'unknown', editable: false, note: `${value.expression} (${value.reason})`, runtime: value.runtime };
  if (value.kind === 'call') return { value: null, source: 'unknown', editable: false, note: `${value.calleeText}(…) returns it`, runtime: runtimeSourceOfCall(value) };
  return { value: null, source: 'unknown', editable: false, note: 'the model is not a string' };
}

/**
 * A `"vendor:model"` string a library reads (`init_chat_model("openai:gpt-4o")`, `Agent("google-gla:gemini-2.5-flash")`):
 * strips the prefix from `model` and returns who serves it (null for a prefix not in `prefixes`), or undefined when
 * the name has no such prefix. The written string is no longer the model id, so it is not editable in place.
 */
export function takeVendorPrefix(model: ModelRef, prefixes: Readonly<Record<string, Provider | null>>): Provider | null | undefined {
  const colon = model.value?.indexOf(':') ?? -1;
  if (!model.value || colon <= 0 || model.value.slice(0, colon).includes('/')) return undefined;
  const vendor = prefixes[model.value.slice(0, colon)] ?? null;
  model.value = model.value.slice(colon + 1);
  model.editable = false;
  return vendor;
}

export function capFrom(entry: ObjectEntry | undefined, paramName?: string): OutputCap | null {
  if (!entry) return null;
  if (entry.value.kind === 'null') return null;
  return { param: paramName ?? entry.key, value: numberValue(entry.value), span: entry.span };
}

/** Where the Vercel AI SDK and friends carry per-provider settings of a message or a content part. */
const PROVIDER_OPTION_KEYS = ['providerOptions', 'experimental_providerMetadata', 'providerMetadata', 'experimental_providerOptions'];

/**
 * True when a message or content block carries a prompt-cache marker: Anthropic `cache_control`, a
 * provider option `{ anthropic: { cacheControl } }` (Vercel AI SDK), or a Bedrock `cachePoint` block.
 */
export function hasCacheMarker(value: Value): boolean {
  if (entryOf(value, 'cache_control') || entryOf(value, 'cacheControl') || entryOf(value, 'cachePoint')) return true;
  for (const key of PROVIDER_OPTION_KEYS) {
    const options = entryOf(value, key)?.value;
    if (options?.kind !== 'object') continue;
    for (const provider of options.entries) {
      if (entryOf(provider.value, 'cacheControl') || entryOf(provider.value, 'cache_control') || entryOf(provider.value, 'cachePoint')) return true;
    }
  }
  return false;
}

const IMAGE_BLOCK_TYPES: ReadonlySet<string> = new Set(['image_url', 'input_image', 'image']);
const DOCUMENT_BLOCK_TYPES: ReadonlySet<string> = new Set(['document', 'input_file', 'file']);
/** Gemini parts that carry bytes or a file (`inline_data`, `file_data`); the MIME type says image or document. */
const GEMINI_MEDIA_KEYS = ['inline_data', 'inlineData', 'file_data', 'fileData'];
/** Gemini / Vertex helpers that make a media part (`types.Part.from_bytes(...)`, `Part.from_uri(...)`, `createPartFromUri`). */
const MEDIA_PART_MAKERS = ['from_bytes', 'from_uri', 'from_data', 'fromBytes', 'fromUri', 'createPartFromUri', 'createPartFromBase64'];

function mimeKind(value: Value | undefined): MediaInput['kind'] {
  const mime = staticString(value) ?? '';
  return mime === '' || mime.startsWith('image/') ? 'image' : 'document';
}

/** The image or document a content block sends, or undefined for text and unknown blocks. */
function mediaOf(value: Value): MediaInput | undefined {
  if (value.kind === 'call') {
    const maker = MEDIA_PART_MAKERS.find((name) => value.calleeText.endsWith('.' + name) || value.calleeText === name);
    if (!maker) return undefined;
    return { kind: mimeKind(param(value.args, 'mime_type')?.value ?? param(value.args, 'mimeType')?.value) };
  }
  if (value.kind !== 'object') return undefined;
  const type = staticString(entryOf(value, 'type')?.value);
  if (type && IMAGE_BLOCK_TYPES.has(type)) {
    const inner = entryOf(value, 'image_url')?.value;
    const detail = staticString(entryOf(value, 'detail')?.value) ?? staticString(entryOf(inner, 'detail')?.value);
    const width = numberValue(entryOf(value, 'width')?.value);
    const height = numberValue(entryOf(value, 'height')?.value);
    return { kind: 'image', ...(detail ? { detail } : {}), ...(width !== null && height !== null ? { width, height } : {}) };
  }
  if (type && DOCUMENT_BLOCK_TYPES.has(type)) {
    // The Vercel AI SDK's file part may hold an image (`mediaType: "image/png"`).
    const media = entryOf(value, 'mediaType') ?? entryOf(value, 'mimeType');
    return { kind: media ? mimeKind(media.value) : 'document' };
  }
  for (const key of GEMINI_MEDIA_KEYS) {
    const inner = entryOf(value, key);
    if (inner) return { kind: mimeKind(entryOf(inner.value, 'mime_type')?.value ?? entryOf(inner.value, 'mimeType')?.value) };
  }
  return undefined;
}

/** Text pieces of a content value: a string, a list of content blocks, a `Part.from_text(...)` call, or unknown. */
export function contentPieces(value: Value): { pieces: StringPiece[]; cached: boolean; media?: MediaInput[] } {
  const media = mediaOf(value);
  if (media) return { pieces: [], cached: value.kind === 'object' && (!!entryOf(value, 'cache_control') || !!entryOf(value, 'cacheControl')), media: [media] };
  switch (value.kind) {
    case 'string':
      return { pieces: value.pieces, cached: false };
    case 'array': {
      const pieces: StringPiece[] = [];
      const found: MediaInput[] = [];
      let cached = false;
      for (const item of value.items) {
        const block = contentPieces(item);
        pieces.push(...block.pieces);
        found.push(...(block.media ?? []));
        cached = cached || block.cached;
      }
      return found.length > 0 ? { pieces, cached, media: found } : { pieces, cached };
    }
    case 'object': {
      const cached = hasCacheMarker(value);
      // A Bedrock `{cachePoint: {...}}` block marks the blocks before it as cached and holds no text.
      if (entryOf(value, 'cachePoint') && !entryOf(value, 'text')) return { pieces: [], cached: true };
      const text = entryOf(value, 'text') ?? entryOf(value, 'content');
      if (text) {
        const inner = contentPieces(text.value);
        return inner.media ? { pieces: inner.pieces, cached, media: inner.media } : { pieces: inner.pieces, cached };
      }
      const type = staticString(entryOf(value, 'type')?.value);
      // Audio and other non-text blocks: not counted.
      if (type && type !== 'text' && type !== 'input_text') return { pieces: [], cached };
      return { pieces: [dynamicPiece(value)], cached };
    }
    case 'call': {
      const text = param(value.args, 'text') ?? (value.args.positional[0] ? { value: value.args.positional[0] } : undefined);
      if (text) return { pieces: contentPieces(text.value).pieces, cached: false };
      return { pieces: [dynamicPiece(value)], cached: false };
    }
    case 'unknown':
      return { pieces: [dynamicPiece(value)], cached: false };
    default:
      return { pieces: [], cached: false };
  }
}

function dynamicPiece(value: Value): StringPiece {
  const expression = value.kind === 'unknown' ? value.expression : value.kind === 'call' ? value.calleeText + '(…)' : value.kind;
  return { kind: 'dynamic', expression, span: value.span, ...(value.kind === 'call' ? { call: value } : {}) };
}

const ROLES: readonly Role[] = ['system', 'developer', 'user', 'assistant', 'tool'];

function roleOf(text: string | undefined, fallback: Role): Role {
  if (text === 'model') return 'assistant';
  return (ROLES as readonly string[]).includes(text ?? '') ? (text as Role) : fallback;
}

/** A single prompt part from a value (system=, prompt=, instructions=, input="..."). */
export function partFrom(value: Value, role: Role, messageIndex = -1): PromptPart {
  const { pieces, cached, media } = contentPieces(value);
  return { role, pieces, span: value.span, messageIndex, cached, ...(media ? { media } : {}) };
}

/**
 * Prompt parts from a message list: `[{role, content}]` (OpenAI, Anthropic, LiteLLM, Vercel),
 * Gemini `contents` (`[{role, parts: [{text}]}]`, or strings), Bedrock `[{role, content: [{text}]}]`.
 * A list that is not statically known becomes one dynamic user part.
 */
export function messageParts(value: Value | undefined, defaultRole: Role = 'user'): PromptPart[] {
  if (!value) return [];
  if (value.kind !== 'array') {
    if (value.kind === 'string') return [partFrom(value, defaultRole)];
    return [{ role: defaultRole, pieces: [dynamicPiece(value)], span: value.span, messageIndex: 0, cached: false }];
  }
  const parts: PromptPart[] = [];
  value.items.forEach((item, index) => {
    if (item.kind === 'object') {
      const role = roleOf(staticString(entryOf(item, 'role')?.value), defaultRole);
      const content = entryOf(item, 'content') ?? entryOf(item, 'parts');
      const cachedOnMessage = hasCacheMarker(item);
      if (content) {
        const { pieces, cached, media } = contentPieces(content.value);
        parts.push({ role, pieces, span: content.value.span, messageIndex: index, cached: cached || cachedOnMessage, ...(media ? { media } : {}) });
      }
      return;
    }
    const { pieces, cached, media } = contentPieces(item);
    parts.push({ role: defaultRole, pieces, span: item.span, messageIndex: index, cached, ...(media ? { media } : {}) });
  });
  if (value.growth && value.growth.appends.length > 0) {
    // Messages appended at run time: their text is unknown, so count one dynamic part for them.
    parts.push({
      role: defaultRole,
      pieces: [{ kind: 'dynamic', expression: 'appended messages', span: value.growth.appends[0] }],
      span: value.growth.appends[0],
      messageIndex: value.items.length,
      cached: false,
    });
  }
  return parts;
}

/** True when the neutral call passes the given keyword/property with a truthy boolean (`stream=True`). */
export function flag(call: NeutralCall, name: string): boolean {
  return isTruthy(param(call.args, name)?.value);
}

/** A model a call returns: `body.get("model")` reads a request field; any other call decides at run time. */
function runtimeSourceOfCall(value: Extract<Value, { kind: 'call' }>): RuntimeSource {
  const key = staticString(value.args.positional[0]);
  const names = value.calleeText.split('.');
  const isDottedName = names.every((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  if (isDottedName && names.length >= 2 && names[names.length - 1] === 'get' && key !== undefined && value.args.positional.length <= 2) {
    return runtimeSourceOfPath([...names.slice(0, -1), key], `${value.calleeText}(…)`);
  }
  return expressionSource(`${value.calleeText}(…)`);
}
