import type { SdkFamily } from './types';

export const liteLlm: SdkFamily = {
  id: 'litellm',
  name: 'LiteLLM',
  python: ['litellm'],
  covers: '`completion`, `acompletion`, `text_completion`, `embedding` and the same methods on a `Router`; the model prefix (`anthropic/…`) picks the price table',
};
