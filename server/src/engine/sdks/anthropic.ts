import type { SdkFamily } from './types';

const MESSAGES = { shape: 'anthropic-messages', caps: ['max_tokens'] } as const;

export const anthropic: SdkFamily = {
  id: 'anthropic',
  name: 'Anthropic',
  python: ['anthropic'],
  js: ['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk', '@anthropic-ai/foundry-sdk', '@anthropic-ai/google-cloud-sdk'],
  clients: {
    'anthropic.Anthropic': { vendor: 'anthropic' },
    'anthropic.AsyncAnthropic': { vendor: 'anthropic' },
    'anthropic.Client': { vendor: 'anthropic' },
    'anthropic.AsyncClient': { vendor: 'anthropic' },
    // Platform clients: priced by the platform's model id.
    'anthropic.AnthropicBedrock': { vendor: 'bedrock' },
    'anthropic.AsyncAnthropicBedrock': { vendor: 'bedrock' },
    'anthropic.AnthropicVertex': { vendor: 'anthropic' },
    'anthropic.AsyncAnthropicVertex': { vendor: 'anthropic' },
    'anthropic.AnthropicFoundry': { vendor: 'anthropic' },
    'anthropic.AsyncAnthropicFoundry': { vendor: 'anthropic' },
    // Claude Platform on Google Cloud: Anthropic's own API, billed through Google Cloud.
    'anthropic.AnthropicGoogleCloud': { vendor: 'anthropic' },
    'anthropic.AsyncAnthropicGoogleCloud': { vendor: 'anthropic' },
    '@anthropic-ai/google-cloud-sdk:default': { vendor: 'anthropic' },
    '@anthropic-ai/google-cloud-sdk:AnthropicGoogleCloud': { vendor: 'anthropic' },
    '@anthropic-ai/sdk:default': { vendor: 'anthropic' },
    '@anthropic-ai/sdk:Anthropic': { vendor: 'anthropic' },
    '@anthropic-ai/bedrock-sdk:default': { vendor: 'bedrock' },
    '@anthropic-ai/bedrock-sdk:AnthropicBedrock': { vendor: 'bedrock' },
    '@anthropic-ai/vertex-sdk:default': { vendor: 'anthropic' },
    '@anthropic-ai/vertex-sdk:AnthropicVertex': { vendor: 'anthropic' },
    '@anthropic-ai/foundry-sdk:default': { vendor: 'anthropic' },
    '@anthropic-ai/foundry-sdk:AnthropicFoundry': { vendor: 'anthropic' },
  },
  requests: {
    'messages.create': MESSAGES,
    'messages.parse': MESSAGES,
    'messages.stream': { ...MESSAGES, streaming: true },
    'messages.tool_runner': { ...MESSAGES, loop: true },
    'messages.toolRunner': { ...MESSAGES, loop: true },
    'messages.batches.create': { shape: 'anthropic-batch', caps: ['max_tokens'] },
    'completions.create': { shape: 'anthropic-completions', caps: ['max_tokens_to_sample'] },
  },
  primaryRequest: 'messages.create',
  sameShapeMethods: ['with_options', 'copy', 'withOptions'],
  covers: 'messages (`create`, `parse`, `stream`), `beta.messages.tool_runner` / `toolRunner`, message batches, legacy completions; Bedrock, Vertex, Foundry and Google Cloud clients',
};
