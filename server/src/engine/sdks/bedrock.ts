import type { SdkFamily } from './types';

export const bedrock: SdkFamily = {
  id: 'bedrock',
  name: 'Amazon Bedrock runtime',
  python: ['boto3', 'aioboto3'],
  js: ['@aws-sdk/client-bedrock-runtime'],
  covers: '`boto3.client("bedrock-runtime")`: `converse`, `converse_stream`, `invoke_model(_with_response_stream)`; JS `client.send(...)` of `ConverseCommand`, `ConverseStreamCommand`, `InvokeModelCommand` (cap from the `JSON.stringify` body) and the `BedrockRuntime` methods',
};

/**
 * Where each model family's native `invoke_model` JSON body puts the output cap (Anthropic, Mistral and Cohere
 * `max_tokens`, Meta `max_gen_len`, AI21 `maxTokens`, Amazon Titan `textGenerationConfig.maxTokenCount`,
 * Amazon Nova `inferenceConfig.max_new_tokens`, DeepSeek and Qwen `max_tokens`).
 */
export const INVOKE_MODEL_BODY_CAPS: readonly string[] = [
  'max_tokens',
  'max_gen_len',
  'maxTokens',
  'maxTokenCount',
  'textGenerationConfig.maxTokenCount',
  'inferenceConfig.max_new_tokens',
  'inferenceConfig.maxTokens',
];

/** What makes a boto3 service client: `boto3.client(...)`, and `.client(...)` on a `boto3.session.Session` / `boto3.Session`. */
export const BEDROCK_CLIENT_FACTORIES: readonly string[] = ['boto3.client', 'boto3.session.Session#client', 'boto3.Session#client'];
