/**
 * The shape of the SDK catalog: what each LLM SDK family looks like in code, as data. The front ends read it
 * to know which imports to track, which calls wrap a client, and which methods keep a client's shape; the
 * provider modules read it to know which methods send a request and who serves it.
 */
import type { Provider } from '../model';

/** How a request's arguments are laid out; each shape has one reader in engine/providers/. */
export type RequestShape =
  | 'openai-chat'
  | 'openai-responses'
  | 'openai-completions'
  | 'embeddings'
  | 'anthropic-messages'
  | 'anthropic-completions'
  | 'anthropic-batch'
  | 'cohere-chat-v1'
  | 'cohere-generate'
  | 'cohere-embed';

/** How a same-shape method binds request arguments for later calls. */
export type ArgumentBinding = 'keywords' | 'config' | 'tools' | 'schema';

export interface RequestMethod {
  shape: RequestShape;
  streaming?: boolean;
  /** Output cap parameters; a fix inserts the first one spelled in the call's language (snake_case or camelCase). */
  caps?: readonly string[];
  /** One request per loop turn of a tool runner: reported like a request, with its model and cap. */
  loop?: boolean;
}

/** A client class or factory. */
export interface ClientClass {
  /** Who serves the requests (and whose prices apply), unless a base URL says otherwise. */
  vendor: Provider;
  /** Constructor parameters that point the client at another host (`base_url`, `baseURL`). */
  hostParams?: readonly string[];
  /** The model is bound when the client is made (`instructor.from_provider("openai/gpt-4o")`): where it is. */
  boundModel?: { positional: number; keyword?: string };
}

/** A call that takes a client and returns one with the same request methods (`instructor.from_openai(client)`). */
export interface ClientWrapper {
  /** The client argument: a position, or a keyword / options-object property name. */
  argument: number | string;
  /** The wrapper adds request methods that stand for the client's primary request (`create`, `create_partial`). */
  addsCreateMethods?: boolean;
  /**
   * The wrapper's other keyword arguments are defaults for every request made with the client it returns
   * (`instructor.from_openai(client, model="gpt-4o", max_tokens=1000)`), except the keywords listed.
   */
  requestDefaults?: { except: readonly string[] };
}

/** A model object whose constructor binds the model and output cap for every request made with it (LangChain chat models). */
export interface ModelClass {
  /** Who serves it; null when the model name decides (`init_chat_model("openai:gpt-4o")`). */
  vendor: Provider | null;
  /** Model parameters, first match wins; a number is a positional argument. */
  modelParams: readonly (string | number)[];
  /** Cap parameters, preferred (inserted) first; `outer.inner` is a key inside a dict parameter (`model_kwargs.max_tokens`). */
  capParams: readonly string[];
  /** The cap the library sends when the code sets none (LlamaIndex's `Anthropic`: 512): the request is capped. */
  defaultCap?: number;
  /** An embeddings model: only its `embed…` methods send requests, and they are embedding requests. */
  embedding?: boolean;
}

/** A method of a model object that sends a request (`invoke`, `stream`, `batch`). */
export interface Invocation {
  streaming?: boolean;
  /** Sends one request per input item. */
  batch?: boolean;
}

export interface SdkFamily {
  /** Stable id, also the `provider` of call sites it produces when it has request methods. */
  id: string;
  /** Name for people (README table). */
  name: string;
  /** Python top-level modules (a symbol matches a module or anything under it). */
  python?: readonly string[];
  /** JS/TS module specifiers; a trailing `*` matches any specifier with that prefix. */
  js?: readonly string[];
  /** Client constructors and factories: symbol -> client. Python `pkg.Class`, JS `specifier:export`. */
  clients?: Readonly<Record<string, ClientClass>>;
  /** Python modules that act as a client themselves (`openai.chat.completions.create(...)`). */
  moduleClients?: readonly string[];
  /** Request methods: the method path on a client (`beta.`, `with_raw_response` and the like removed first). */
  requests?: Readonly<Record<string, RequestMethod>>;
  /** The request a wrapper's `create(...)` stands for. */
  primaryRequest?: string;
  /** Calls that wrap a client: symbol -> where the client is. */
  wrappers?: Readonly<Record<string, ClientWrapper>>;
  /** Methods of a client or model object that return an object of the same shape (`with_options`, `bind_tools`). */
  sameShapeMethods?: readonly string[];
  /**
   * Same-shape methods that also set request arguments for later calls: `keywords` binds their keyword arguments
   * (`llm.bind(max_tokens=256)`), `config` the entries of their config object and of its `configurable` entry
   * (`model.with_config({"model": "gpt-4o"})`, `with_config(configurable={...})`), `tools` / `schema` their first
   * argument as the request's tools or output schema (`llm.bind_tools([...])`, `llm.with_structured_output(Invoice)`).
   */
  argumentBindingMethods?: Readonly<Record<string, ArgumentBinding>>;
  /** Model classes: symbol -> what the constructor binds. */
  models?: Readonly<Record<string, ModelClass>>;
  /** Methods of a model object (or of a chain holding one) that send a request. */
  invocations?: Readonly<Record<string, Invocation>>;
  /** Provider packages whose every export makes models (`openai('gpt-4o')`, `createOpenAI({...})('gpt-4o')`): specifier -> vendor. */
  modelFactories?: Readonly<Record<string, Provider | null>>;
  /** What is covered, for the README table. */
  covers: string;
}
