/**
 * The JSON schema of a pydantic model class, read from its definition: what an SDK sends when the class is passed
 * as `response_format=` / `text_format=` / `response_model=` / `with_structured_output(...)` / `bind_tools([...])`.
 * It follows pydantic's `model_json_schema()`: a title per model and field, the docstring as the model's
 * description, `Field(description=...)`, defaults (a field with one is not required), `Optional` / `X | None` as
 * `anyOf` with null, `Literal[...]` as an enum, nested models under `$defs` and referenced by `$ref`.
 */
import type { Node } from 'web-tree-sitter';
import type { Span, Value } from '../../model';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What the analyzer lends the schema reader. */
export interface ModelSchemaHost {
  /** The class definition of a name in this file, if any. */
  classNamed(name: string): Node | undefined;
  /** The statically known value of an expression. */
  value(node: Node): Value;
  /** The value an imported name resolves to in the workspace (an imported model resolves to its schema). */
  importedValue(name: string): Value | undefined;
  span(node: Node): Span;
}

const MODEL_BASES = new Set(['BaseModel', 'RootModel']);

const SCALARS: Record<string, Json> = {
  str: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  bool: { type: 'boolean' },
  bytes: { type: 'string', format: 'binary' },
  dict: { type: 'object' },
  Dict: { type: 'object' },
  list: { type: 'array', items: {} },
  List: { type: 'array', items: {} },
  Any: {},
  object: {},
  datetime: { type: 'string', format: 'date-time' },
  date: { type: 'string', format: 'date' },
  UUID: { type: 'string', format: 'uuid' },
  Decimal: { anyOf: [{ type: 'number' }, { type: 'string' }] },
  EmailStr: { type: 'string', format: 'email' },
  HttpUrl: { type: 'string', format: 'uri', minLength: 1, maxLength: 2083 },
};

function lastName(node: Node): string {
  return node.type === 'attribute' ? node.childForFieldName('attribute')?.text ?? node.text : node.text;
}

/** `snake_case` -> `Snake Case`, as pydantic titles fields. */
function fieldTitle(name: string): string {
  return name
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

function stringOf(value: Value | undefined): string | undefined {
  if (value?.kind !== 'string' || !value.pieces.every((piece) => piece.kind === 'text')) return undefined;
  return value.pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
}

function jsonOf(value: Value): Json | undefined {
  switch (value.kind) {
    case 'string':
      return stringOf(value);
    case 'number':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array': {
      const items = value.items.map(jsonOf);
      return items.every((item) => item !== undefined) ? (items as Json[]) : undefined;
    }
    case 'object': {
      const out: { [key: string]: Json } = {};
      for (const entry of value.entries) {
        const json = jsonOf(entry.value);
        if (json === undefined) return undefined;
        out[entry.key] = json;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** A JSON value as an engine Value, every string marked as coming from the class at `span`. */
export function jsonAsValue(json: Json, span: Span): Value {
  if (json === null) return { kind: 'null', span };
  if (typeof json === 'string') return { kind: 'string', pieces: [{ kind: 'text', text: json, verbatim: false, origin: { kind: 'literal' } }], span };
  if (typeof json === 'number') return { kind: 'number', value: json, span, origin: { kind: 'literal' } };
  if (typeof json === 'boolean') return { kind: 'boolean', value: json, span };
  if (Array.isArray(json)) return { kind: 'array', items: json.map((item) => jsonAsValue(item, span)), span };
  return { kind: 'object', entries: Object.entries(json).map(([key, item]) => ({ key, keySpan: span, value: jsonAsValue(item, span), span })), span };
}

/** Keys in pydantic's order: sorted, except a model's properties, which keep their declaration order. */
function sortedKeys(json: Json, parentKey: string): Json {
  if (Array.isArray(json)) return json.map((item) => sortedKeys(item, ''));
  if (json === null || typeof json !== 'object' || parentKey === 'default' || parentKey === 'const' || parentKey === 'examples') return json;
  const keys = parentKey === 'properties' ? Object.keys(json) : Object.keys(json).sort();
  const out: { [key: string]: Json } = {};
  for (const key of keys) out[key] = sortedKeys(json[key], key);
  return out;
}

/** Reads model classes of one file; `$defs` collects nested models while one top-level schema is built. */
export class ModelSchemaReader {
  private defs: { [name: string]: Json } = {};
  private readonly building = new Set<string>();

  constructor(private readonly host: ModelSchemaHost) {}

  /** True when the class derives from a pydantic model base, directly or through classes of this file or imported models. */
  isModel(name: string, seen = new Set<string>()): boolean {
    const node = this.host.classNamed(name);
    if (!node || seen.has(name)) return false;
    seen.add(name);
    for (const base of node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!base || (base.type !== 'identifier' && base.type !== 'attribute')) continue;
      const baseName = lastName(base);
      if (MODEL_BASES.has(baseName)) return true;
      if (base.type === 'identifier' && this.host.classNamed(baseName) && this.isModel(baseName, seen)) return true;
      if (base.type === 'identifier' && this.importedSchema(baseName)) return true;
    }
    return false;
  }

  /** The JSON schema of model class `name` as pydantic builds it, or undefined when it is not a model. */
  schemaOf(name: string): Json | undefined {
    if (!this.isModel(name)) return undefined;
    this.defs = {};
    const schema = this.modelSchema(name);
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
    return sortedKeys(Object.keys(this.defs).length > 0 ? { $defs: this.defs, ...schema } : schema, '');
  }

  private importedSchema(name: string): { [key: string]: Json } | undefined {
    const value = this.host.importedValue(name);
    const json = value ? jsonOf(value) : undefined;
    return json && typeof json === 'object' && !Array.isArray(json) && json.type === 'object' && typeof json.title === 'string' ? json : undefined;
  }

  private modelSchema(name: string): { [key: string]: Json } | undefined {
    const node = this.host.classNamed(name);
    if (!node || this.building.has(name)) return undefined;
    this.building.add(name);
    try {
      const properties: { [key: string]: Json } = {};
      const required: string[] = [];
      // Fields of model bases first, as pydantic orders them.
      for (const base of node.childForFieldName('superclasses')?.namedChildren ?? []) {
        if (base?.type !== 'identifier') continue;
        const inherited = this.host.classNamed(base.text) ? this.modelSchema(base.text) : this.importedSchema(base.text);
        if (!inherited) continue;
        if (inherited.properties && typeof inherited.properties === 'object' && !Array.isArray(inherited.properties)) Object.assign(properties, inherited.properties);
        if (Array.isArray(inherited.required)) for (const item of inherited.required) if (typeof item === 'string') required.push(item);
        if (inherited.$defs && typeof inherited.$defs === 'object' && !Array.isArray(inherited.$defs)) Object.assign(this.defs, inherited.$defs);
      }
      let description: string | undefined;
      const body = node.childForFieldName('body');
      for (const [index, statement] of (body?.namedChildren ?? []).entries()) {
        if (statement?.type !== 'expression_statement') continue;
        const inner = statement.namedChild(0);
        if (index === 0 && inner?.type === 'string') {
          description = stringOf(this.host.value(inner))?.trim();
          continue;
        }
        if (inner?.type !== 'assignment') continue;
        const left = inner.childForFieldName('left');
        const type = inner.childForFieldName('type');
        if (left?.type !== 'identifier' || !type || left.text.startsWith('_') || /^ClassVar\b/.test(type.text)) continue;
        const field = this.fieldSchema(left.text, type, inner.childForFieldName('right'));
        properties[left.text] = field.schema;
        const at = required.indexOf(left.text);
        if (at >= 0) required.splice(at, 1);
        if (field.required) required.push(left.text);
      }
      const schema: { [key: string]: Json } = {};
      if (description) schema.description = description;
      schema.properties = properties;
      if (required.length > 0) schema.required = required;
      schema.title = name;
      schema.type = 'object';
      return schema;
    } finally {
      this.building.delete(name);
    }
  }

  private fieldSchema(name: string, type: Node, right: Node | null): { schema: Json; required: boolean } {
    const schema: { [key: string]: Json } = {};
    let required = right === null;
    let defaultValue: Json | undefined;
    if (right) {
      const isField = right.type === 'call' && lastName(right.childForFieldName('function') ?? right) === 'Field';
      if (isField) {
        const args = right.childForFieldName('arguments')?.namedChildren ?? [];
        const first = args[0];
        // `Field(...)` and `Field()` without a default keep the field required.
        required = !first || first.type === 'ellipsis' || (first.type === 'keyword_argument' && !args.some((arg) => arg?.type === 'keyword_argument' && /^default(_factory)?$/.test(arg.childForFieldName('name')?.text ?? '')));
        for (const arg of args) {
          if (arg?.type !== 'keyword_argument') {
            if (arg && arg.type !== 'ellipsis' && arg === first) defaultValue = jsonOf(this.host.value(arg)) ?? undefined;
            continue;
          }
          const key = arg.childForFieldName('name')?.text;
          const valueNode = arg.childForFieldName('value');
          if (!key || !valueNode) continue;
          const value = jsonOf(this.host.value(valueNode));
          if (key === 'description' && typeof value === 'string') schema.description = value;
          else if (key === 'title' && typeof value === 'string') schema.title = value;
          else if (key === 'default' && value !== undefined) defaultValue = value;
          else if ((key === 'examples' || key === 'ge' || key === 'le' || key === 'gt' || key === 'lt' || key === 'min_length' || key === 'max_length') && value !== undefined) {
            const jsonKey = { ge: 'minimum', le: 'maximum', gt: 'exclusiveMinimum', lt: 'exclusiveMaximum', min_length: 'minLength', max_length: 'maxLength', examples: 'examples' }[key];
            schema[jsonKey] = value;
          }
        }
      } else {
        required = false;
        defaultValue = jsonOf(this.host.value(right));
      }
    }
    const typeSchema = this.typeSchema(type);
    const out: { [key: string]: Json } = {};
    if (typeof typeSchema === 'object' && typeSchema !== null && !Array.isArray(typeSchema) && typeSchema.$ref !== undefined && Object.keys(schema).length === 0 && defaultValue === undefined) {
      return { schema: typeSchema, required };
    }
    if (defaultValue !== undefined) out.default = defaultValue;
    if (schema.description !== undefined) out.description = schema.description;
    Object.assign(out, typeSchema as object);
    out.title = (schema.title as string | undefined) ?? fieldTitle(name);
    for (const [key, value] of Object.entries(schema)) if (key !== 'description' && key !== 'title') out[key] = value;
    return { schema: out, required };
  }

  /** A type annotation as a JSON schema fragment. */
  private typeSchema(node: Node | null): Json {
    if (!node) return {};
    switch (node.type) {
      case 'type':
        return this.typeSchema(node.namedChild(0));
      case 'none':
        return { type: 'null' };
      case 'string': {
        // A forward reference (`"Item"`), or a Literal member when read through literalSchema.
        const text = stringOf(this.host.value(node));
        return text !== undefined && this.host.classNamed(text) ? this.reference(text) : {};
      }
      case 'binary_operator': {
        const members = [this.typeSchema(node.childForFieldName('left')), this.typeSchema(node.childForFieldName('right'))].flatMap((member) =>
          member && typeof member === 'object' && !Array.isArray(member) && Array.isArray(member.anyOf) ? member.anyOf : [member],
        );
        return { anyOf: members };
      }
      case 'identifier':
      case 'attribute': {
        const name = lastName(node);
        if (SCALARS[name] !== undefined) return SCALARS[name];
        if (this.host.classNamed(name) && this.isModel(name)) return this.reference(name);
        const imported = node.type === 'identifier' ? this.importedSchema(name) : undefined;
        if (imported) return this.importedReference(name, imported);
        return {};
      }
      case 'generic_type':
      case 'subscript': {
        const head = node.type === 'generic_type' ? node.namedChild(0) : node.childForFieldName('value');
        const params =
          node.type === 'generic_type'
            ? (node.namedChildren.find((child) => child?.type === 'type_parameter')?.namedChildren ?? []).filter((child): child is Node => !!child)
            : node.childrenForFieldName('subscript').filter((child): child is Node => !!child);
        const name = head ? lastName(head) : '';
        if (name === 'Optional') return { anyOf: [this.typeSchema(params[0] ?? null), { type: 'null' }] };
        if (name === 'Union') return { anyOf: params.map((param) => this.typeSchema(param)) };
        if (name === 'Literal') return this.literalSchema(params);
        if (name === 'list' || name === 'List' || name === 'Sequence' || name === 'set' || name === 'Set' || name === 'tuple' || name === 'Tuple') {
          const items = this.typeSchema(params[0] ?? null);
          return name.toLowerCase() === 'set' ? { items, type: 'array', uniqueItems: true } : { items, type: 'array' };
        }
        if (name === 'dict' || name === 'Dict' || name === 'Mapping') return { additionalProperties: this.typeSchema(params[1] ?? null), type: 'object' };
        if (name === 'Annotated') return this.typeSchema(params[0] ?? null);
        return {};
      }
      default:
        return {};
    }
  }

  private literalSchema(params: Node[]): Json {
    const values = params.map((param) => jsonOf(this.host.value(param.type === 'type' ? param.namedChild(0) ?? param : param)));
    if (values.some((value) => value === undefined)) return {};
    if (values.length === 1) return { const: values[0] as Json, type: typeof values[0] === 'number' ? 'integer' : 'string' };
    return { enum: values as Json[], type: values.every((value) => typeof value === 'number') ? 'integer' : 'string' };
  }

  private reference(name: string): Json {
    if (!(name in this.defs) && !this.building.has(name)) {
      this.defs[name] = {};
      const schema = this.modelSchema(name);
      if (schema) this.defs[name] = schema;
      else delete this.defs[name];
    }
    return { $ref: `#/$defs/${name}` };
  }

  private importedReference(name: string, schema: { [key: string]: Json }): Json {
    const { $defs, ...own } = schema;
    if ($defs && typeof $defs === 'object' && !Array.isArray($defs)) Object.assign(this.defs, $defs);
    this.defs[name] = own;
    return { $ref: `#/$defs/${name}` };
  }
}
