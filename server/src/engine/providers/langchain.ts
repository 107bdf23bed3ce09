/**
 * LangChain chat model constructors (Python `langchain_*`, JS `@langchain/*`). The constructor is the
 * call site: it fixes the model and the output cap for every `invoke` that follows.
 */
import type { CallSite, NeutralCall } from '../model';
import { callSite, topLevelCapInsertion, type ProviderModule } from './provider';
import { capFrom, firstParam, modelRefFrom, param } from './values';

interface ChatModelClass {
  /** Which price family the model names belong to. */
  family: 'openai' | 'anthropic' | 'google' | 'bedrock';
  /** Parameter names for the model, first match wins. */
  modelParams: readonly string[];
  /** Cap parameter names, preferred (inserted) first. */
  capParams: readonly string[];
}

const PY_OPENAI: ChatModelClass = { family: 'openai', modelParams: ['model', 'model_name'], capParams: ['max_tokens', 'max_completion_tokens'] };
const PY_AZURE: ChatModelClass = { family: 'openai', modelParams: ['model', 'model_name', 'azure_deployment', 'deployment_name'], capParams: ['max_tokens', 'max_completion_tokens'] };
const PY_ANTHROPIC: ChatModelClass = { family: 'anthropic', modelParams: ['model', 'model_name'], capParams: ['max_tokens', 'max_tokens_to_sample'] };
const PY_GOOGLE: ChatModelClass = { family: 'google', modelParams: ['model', 'model_name'], capParams: ['max_output_tokens', 'max_tokens'] };
const PY_BEDROCK: ChatModelClass = { family: 'bedrock', modelParams: ['model_id', 'model'], capParams: ['max_tokens'] };
const JS_OPENAI: ChatModelClass = { family: 'openai', modelParams: ['model', 'modelName'], capParams: ['maxTokens', 'maxCompletionTokens'] };
const JS_AZURE: ChatModelClass = { family: 'openai', modelParams: ['model', 'azureOpenAIApiDeploymentName', 'deploymentName'], capParams: ['maxTokens'] };
const JS_ANTHROPIC: ChatModelClass = { family: 'anthropic', modelParams: ['model', 'modelName'], capParams: ['maxTokens'] };
const JS_GOOGLE: ChatModelClass = { family: 'google', modelParams: ['model', 'modelName'], capParams: ['maxOutputTokens'] };

const CLASSES: Record<string, ChatModelClass> = {
  'langchain_openai.ChatOpenAI': PY_OPENAI,
  'langchain_openai.AzureChatOpenAI': PY_AZURE,
  'langchain_community.chat_models.ChatOpenAI': PY_OPENAI,
  'langchain.chat_models.ChatOpenAI': PY_OPENAI,
  'langchain_anthropic.ChatAnthropic': PY_ANTHROPIC,
  'langchain_community.chat_models.ChatAnthropic': PY_ANTHROPIC,
  'langchain_google_genai.ChatGoogleGenerativeAI': PY_GOOGLE,
  'langchain_google_vertexai.ChatVertexAI': PY_GOOGLE,
  'langchain_aws.ChatBedrockConverse': PY_BEDROCK,
  'langchain_aws.ChatBedrock': PY_BEDROCK,
  '@langchain/openai:ChatOpenAI': JS_OPENAI,
  '@langchain/openai:AzureChatOpenAI': JS_AZURE,
  '@langchain/anthropic:ChatAnthropic': JS_ANTHROPIC,
  '@langchain/google-genai:ChatGoogleGenerativeAI': JS_GOOGLE,
};

function match(call: NeutralCall): CallSite | null {
  if (!call.symbol || call.receiver) return null;
  const chatModel = CLASSES[call.symbol];
  if (!chatModel) return null;
  const className = call.symbol.slice(Math.max(call.symbol.lastIndexOf('.'), call.symbol.lastIndexOf(':')) + 1);
  const modelEntry = firstParam(call.args, chatModel.modelParams);
  return callSite(call, {
    provider: 'langchain',
    modelProvider: chatModel.family,
    api: className,
    model: modelRefFrom(modelEntry?.value, 'no model argument: the library default applies'),
    outputCap: capFrom(firstParam(call.args, chatModel.capParams)),
    capInsertion: topLevelCapInsertion(call, chatModel.capParams[0]),
    // The prompt is given later to `invoke`; the constructor fixes model and cap only.
    promptParts: [],
    streaming: !!param(call.args, 'streaming'),
  });
}

/** The price family of a LangChain chat model class, for pricing model names without a provider prefix. */
export function langChainFamily(symbol: string): ChatModelClass['family'] | undefined {
  return CLASSES[symbol]?.family;
}

export const langChainProvider: ProviderModule = { id: 'langchain', match };
