/**
 * Amazon Bedrock runtime: Python `boto3.client("bedrock-runtime").converse(...)` / `converse_stream` /
 * `invoke_model`, and JS `client.send(new ConverseCommand({...}))` from `@aws-sdk/client-bedrock-runtime`
 * (the `send` is the request; a command nobody in the file sends is reported where it is built).
 */
import type { CallSite, CapInsertion, NeutralCall, ObjectEntry, PromptPart, Value } from '../model';
import { BEDROCK_CLIENT_FACTORIES, INVOKE_MODEL_BODY_CAPS } from '../sdks/bedrock';
import { callSite, type ProviderModule } from './provider';
import { capFrom, entryOf, messageParts, modelRefFrom, optionsObject, param, partFrom, staticString } from './values';

const JS_MODULE = '@aws-sdk/client-bedrock-runtime';
const JS_COMMANDS: Record<string, string> = {
  [`${JS_MODULE}:ConverseCommand`]: 'ConverseCommand',
  [`${JS_MODULE}:ConverseStreamCommand`]: 'ConverseStreamCommand',
  [`${JS_MODULE}:InvokeModelCommand`]: 'InvokeModelCommand',
  [`${JS_MODULE}:InvokeModelWithResponseStreamCommand`]: 'InvokeModelWithResponseStreamCommand',
};
/** The aggregated client's methods (`new BedrockRuntime().converse({...})`) and the command each stands for. */
const JS_METHODS: Record<string, string> = {
  converse: 'ConverseCommand',
  converseStream: 'ConverseStreamCommand',
  invokeModel: 'InvokeModelCommand',
  invokeModelWithResponseStream: 'InvokeModelWithResponseStreamCommand',
};
const JS_CLIENTS = new Set([`${JS_MODULE}:BedrockRuntimeClient`, `${JS_MODULE}:BedrockRuntime`]);
const PY_METHODS = new Set(['converse', 'converse_stream', 'invoke_model', 'invoke_model_with_response_stream']);

function isBedrockRuntimeClient(call: NeutralCall): boolean {
  const receiver = call.receiver;
  if (!receiver || !BEDROCK_CLIENT_FACTORIES.includes(receiver.symbol)) return false;
  const service = staticString((param(receiver.ctorArgs, 'service_name') ?? { value: receiver.ctorArgs.positional[0] }).value);
  return service === 'bedrock-runtime';
}

function match(call: NeutralCall): CallSite | null {
  if (call.language === 'python') {
    if (!isBedrockRuntimeClient(call) || !PY_METHODS.has(call.method)) return null;
    if (call.method.startsWith('invoke_model')) {
      // The request body is provider-specific JSON, usually built with json.dumps at run time.
      const cap = invokeModelCap(param(call.args, 'body')?.value);
      return callSite(call, {
        provider: 'bedrock',
        api: call.method,
        model: modelRefFrom(param(call.args, 'modelId')?.value),
        outputCap: cap ? capFrom(cap.entry, cap.path) : null,
        capInsertion: null,
        promptParts: [],
        streaming: call.method.endsWith('stream'),
        argumentsOpaque: true,
      });
    }
    return converse(call, call.method, call.args.named.length > 0 || !call.args.spread);
  }
  if (call.symbol && JS_COMMANDS[call.symbol]) {
    const site = jsCommand(call, JS_COMMANDS[call.symbol]);
    site.constructorOnly = true;
    return site;
  }
  if (!call.receiver || !JS_CLIENTS.has(call.receiver.symbol)) return null;
  if (JS_METHODS[call.method]) return jsCommand(call, JS_METHODS[call.method]);
  const command = call.method === 'send' ? call.args.positional[0] : undefined;
  if (command?.kind !== 'call' || !command.symbol || !JS_COMMANDS[command.symbol]) return null;
  // The command's input is the request; the site is the `send` that makes it.
  const site = jsCommand({ ...call, args: command.args }, JS_COMMANDS[command.symbol]);
  site.boundAt = command.span;
  return site;
}

function jsCommand(call: NeutralCall, command: string): CallSite {
  if (command.startsWith('InvokeModel')) return invokeModel(call, command);
  return converse(call, command, !!optionsObject(call.args));
}

/** `InvokeModelCommand({ modelId, body: JSON.stringify({...}) })`: the cap is in the model's native body. */
function invokeModel(call: NeutralCall, api: string): CallSite {
  const body = param(call.args, 'body')?.value;
  const cap = invokeModelCap(body);
  return callSite(call, {
    provider: 'bedrock',
    api,
    model: modelRefFrom(param(call.args, 'modelId')?.value),
    outputCap: capFrom(cap?.entry, cap?.path),
    capInsertion: null,
    promptParts: [],
    streaming: api.includes('Stream'),
    argumentsOpaque: !nativeBody(body),
  });
}

/** The object a `json.dumps(...)` / `JSON.stringify(...)` body serialises, or the body itself when it is an object. */
function nativeBody(body: Value | undefined): Value | undefined {
  if (body?.kind === 'object') return body;
  if (body?.kind !== 'call') return undefined;
  const callee = body.calleeText.replace(/\s+/g, '');
  if (callee === 'json.dumps' || callee === 'dumps' || callee === 'JSON.stringify') return body.args.positional[0]?.kind === 'object' ? body.args.positional[0] : undefined;
  return undefined;
}

/** The cap in an `invoke_model` body written as `json.dumps({...})` (directly or through a variable), if any. */
function invokeModelCap(body: Value | undefined): { entry: ObjectEntry; path: string } | undefined {
  const native = nativeBody(body);
  if (!native) return undefined;
  for (const path of INVOKE_MODEL_BODY_CAPS) {
    let value: Value | undefined = native;
    let entry: ObjectEntry | undefined;
    for (const key of path.split('.')) {
      entry = entryOf(value, key);
      value = entry?.value;
    }
    if (entry) return { entry, path };
  }
  return undefined;
}

function converse(call: NeutralCall, api: string, hasOptions: boolean): CallSite {
  const python = call.language === 'python';
  const promptParts: PromptPart[] = [];
  const system = param(call.args, 'system');
  if (system) promptParts.push(partFrom(system.value, 'system'));
  const messages = param(call.args, 'messages')?.value;
  promptParts.push(...messageParts(messages));
  const inference = param(call.args, 'inferenceConfig');
  let capInsertion: CapInsertion | null = null;
  if (inference?.value.kind === 'object') capInsertion = { param: 'maxTokens', style: 'property', container: inference.value.span };
  else if (!inference && python) capInsertion = { param: 'maxTokens', style: 'property', container: call.args.span, nestedIn: { param: 'inferenceConfig', style: 'keyword', wrapper: 'dict' } };
  else if (!inference && hasOptions) {
    const options = optionsObject(call.args);
    if (options) capInsertion = { param: 'maxTokens', style: 'property', container: options.span, nestedIn: { param: 'inferenceConfig', style: 'property', wrapper: 'object' } };
  }
  const cap = entryOf(inference?.value, 'maxTokens');
  return callSite(call, {
    provider: 'bedrock',
    api,
    model: modelRefFrom(param(call.args, 'modelId')?.value),
    outputCap: capFrom(cap, cap ? 'inferenceConfig.maxTokens' : undefined),
    capInsertion,
    promptParts,
    structuredOutput: !!param(call.args, 'toolConfig'),
    streaming: api.toLowerCase().includes('stream'),
    messageList: messages ?? null,
  });
}

export const bedrockProvider: ProviderModule = { id: 'bedrock', match };
