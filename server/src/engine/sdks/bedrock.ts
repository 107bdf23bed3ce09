import type { SdkFamily } from './types';

export const bedrock: SdkFamily = {
  id: 'bedrock',
  name: 'Amazon Bedrock runtime',
  python: ['boto3', 'aioboto3'],
  js: ['@aws-sdk/client-bedrock-runtime'],
  covers: '`boto3.client("bedrock-runtime")`: `converse`, `converse_stream`, `invoke_model(_with_response_stream)`; JS `client.send(...)` of `ConverseCommand`, `ConverseStreamCommand`, `InvokeModelCommand` (cap from the `JSON.stringify` body) and the `BedrockRuntime` methods',
};
