/**
 * OpenAI-compatible hosts: an OpenAI client whose base URL points here is served (and priced) by this vendor.
 * Local servers are labelled `local` and cost nothing per token.
 */
import type { Provider } from '../model';

export const COMPATIBLE_HOSTS: readonly { host: RegExp; vendor: Provider; name: string }[] = [
  { host: /(^|\.)together\.(xyz|ai)$/, vendor: 'together', name: 'Together AI' },
  { host: /(^|\.)groq\.com$/, vendor: 'groq', name: 'Groq' },
  { host: /(^|\.)deepseek\.com$/, vendor: 'deepseek', name: 'DeepSeek' },
  { host: /(^|\.)openrouter\.ai$/, vendor: 'openrouter', name: 'OpenRouter' },
  { host: /(^|\.)perplexity\.ai$/, vendor: 'perplexity', name: 'Perplexity' },
  { host: /(^|\.)fireworks\.ai$/, vendor: 'fireworks', name: 'Fireworks AI' },
  { host: /(^|\.)mistral\.ai$/, vendor: 'mistral', name: 'Mistral AI' },
  { host: /(^|\.)x\.ai$/, vendor: 'xai', name: 'xAI' },
  { host: /(^|\.)cerebras\.ai$/, vendor: 'cerebras', name: 'Cerebras' },
  { host: /(^|\.)deepinfra\.com$/, vendor: 'deepinfra', name: 'DeepInfra' },
  { host: /(^|\.)anyscale\.com$/, vendor: 'anyscale', name: 'Anyscale' },
  { host: /(^|\.)generativelanguage\.googleapis\.com$/, vendor: 'google', name: 'Gemini (OpenAI-compatible endpoint)' },
  { host: /(^|\.)anthropic\.com$/, vendor: 'anthropic', name: 'Anthropic (OpenAI-compatible endpoint)' },
  { host: /(^|\.)openai\.azure\.com$/, vendor: 'azure-openai', name: 'Azure OpenAI' },
  { host: /(^|\.)api\.openai\.com$/, vendor: 'openai', name: 'OpenAI' },
  { host: /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|ollama|vllm|lmstudio)$/, vendor: 'local', name: 'a local server' },
];

/** The vendor a base URL names, when it is one of the known hosts. */
export function vendorOfBaseUrl(url: string): { vendor: Provider; name: string } | undefined {
  const match = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url.trim());
  const host = (match ? match[1] : url.trim().split(/[/:]/)[0]).toLowerCase();
  for (const entry of COMPATIBLE_HOSTS) if (entry.host.test(host)) return { vendor: entry.vendor, name: entry.name };
  return undefined;
}
