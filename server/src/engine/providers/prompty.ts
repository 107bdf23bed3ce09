/**
 * Prompty files: the file itself is one model call. The front matter's `model.configuration.type` names the
 * provider, `azure_deployment` / `name` / `model` the model, `model.parameters.max_tokens` the cap; the
 * template's messages are the prompt. A missing cap is inserted into `model.parameters` in YAML.
 */
import { parsePrompty, type PromptyDocument } from '../languages/prompty';
import type { CallSite, ModelRef, NeutralCall, Provider, SourceView } from '../model';
import { callSite } from './provider';

/** `configuration.type` -> provider. Prompty's own default is Azure OpenAI. */
const CONFIGURATION_TYPES: Record<string, { provider: Provider; modelProvider: Provider | null }> = {
  azure_openai: { provider: 'azure-openai', modelProvider: 'azure-openai' },
  azure: { provider: 'azure-openai', modelProvider: 'azure-openai' },
  openai: { provider: 'openai', modelProvider: 'openai' },
  anthropic: { provider: 'anthropic', modelProvider: 'anthropic' },
  google: { provider: 'google', modelProvider: 'google' },
  gemini: { provider: 'google', modelProvider: 'google' },
  // Azure AI model inference serves many vendors' models: the model name tells which.
  serverless: { provider: 'azure-openai', modelProvider: null },
  azure_serverless: { provider: 'azure-openai', modelProvider: null },
};

const CAP_PARAM = 'max_tokens';
/** `${env:NAME}` or `${env:NAME:default}`: Prompty's environment references. */
const ENV_REFERENCE = /^\$\{env:([A-Za-z_][\w]*)(?::([^}]*))?\}$/;

function providerOf(document: PromptyDocument): { provider: Provider; modelProvider: Provider | null } {
  const type = document.configurationType?.toLowerCase() ?? 'azure_openai';
  return CONFIGURATION_TYPES[type] ?? { provider: 'azure-openai', modelProvider: null };
}

function modelRefOf(document: PromptyDocument, provider: Provider): ModelRef {
  const name = document.modelName;
  if (!name) return { value: null, source: 'unknown', editable: false, note: 'no azure_deployment, name or model in model.configuration' };
  if (typeof name.value !== 'string' || name.value === '') return { value: null, source: 'unknown', editable: false, span: name.span, note: `model.configuration.${name.key} is not a name` };
  const env = ENV_REFERENCE.exec(name.value);
  if (env) {
    if (env[2] === undefined || env[2] === '') return { value: null, source: 'unknown', editable: false, span: name.span, note: `environment variable ${env[1]} without a default` };
    return { value: env[2], source: 'default', editable: false, span: name.span, note: `default of environment variable ${env[1]}` };
  }
  const ref: ModelRef = { value: name.value, source: 'literal', editable: name.editable, span: name.span };
  if (provider === 'azure-openai' && name.key === 'azure_deployment') ref.note = 'Azure deployment name; priced as the model of the same name';
  return ref;
}

/** The one call site a `.prompty` file stands for. */
export function promptyCallSite(document: PromptyDocument): CallSite {
  const file = document.file;
  const { provider, modelProvider } = providerOf(document);
  const call: NeutralCall = {
    language: 'prompty',
    span: document.modelSpan,
    calleeSpan: document.modelKeySpan,
    receiver: null,
    method: '',
    symbol: 'prompty',
    args: { positional: [], named: [], span: { file, start: 0, end: 0 } },
    isConstructor: false,
    inLoop: false,
    enclosingFunction: null,
  };
  const cap = document.cap;
  const capValue = cap && typeof cap.value === 'number' ? cap.value : null;
  const target = document.capTarget;
  return callSite(call, {
    provider,
    modelProvider,
    api: document.api === 'completion' ? 'completions.create' : 'chat.completions.create',
    model: modelRefOf(document, provider),
    outputCap: cap ? { param: cap.key, value: capValue, span: cap.span } : null,
    capInsertion: target
      ? {
          param: CAP_PARAM,
          style: 'yaml',
          container: target.container,
          nestedIn: target.createParameters ? { param: 'parameters', style: 'property', wrapper: 'object' } : undefined,
        }
      : null,
    promptParts: document.parts,
    structuredOutput: document.structuredOutput,
    streaming: document.streaming,
    argumentsOpaque: false,
  });
}

/** Call sites of a prompty view: one, unless the front matter could not be read at all. */
export function promptyCallSites(view: SourceView): CallSite[] {
  const document = parsePrompty(view.file, view.text);
  if (document.errors.some((error) => error.message.startsWith('front matter is not closed'))) return [];
  return [promptyCallSite(document)];
}
