/**
 * The provider registry: every neutral call is offered to each provider module in turn; the first that
 * recognises it produces the CallSite. Calls no provider recognises are not LLM calls (client
 * constructors, `stripe.Charge.create`, moderation, files).
 */
import type { CallSite, SourceView } from '../model';
import { bedrockProvider } from './bedrock';
import { googleProvider } from './google';
import { liteLlmProvider } from './litellm';
import { modelObjectProvider } from './model-objects';
import { clientRequestsProvider } from './client-requests';
import { promptyCallSites } from './prompty';
import { pydanticAiProvider } from './pydantic-ai';
import { requestSettingsOf } from './request-settings';
import type { ProviderModule } from './provider';
import { vercelAiProvider } from './vercel-ai';

export const PROVIDERS: readonly ProviderModule[] = [
  clientRequestsProvider,
  googleProvider,
  liteLlmProvider,
  pydanticAiProvider,
  modelObjectProvider,
  vercelAiProvider,
  bedrockProvider,
];

export function callSitesOf(view: SourceView): CallSite[] {
  // A .prompty file is itself the call: its front matter and template, not calls in code.
  if (view.language === 'prompty') return promptyCallSites(view);
  const sites: CallSite[] = [];
  for (const call of view.calls) {
    for (const provider of PROVIDERS) {
      const site = provider.match(call);
      if (site) {
        sites.push(site);
        break;
      }
    }
  }
  const found = withoutUsedConstructors(sites).sort((a, b) => a.span.start - b.span.start);
  for (const site of found) {
    if (site.kind === 'generation') site.requestSettings = requestSettingsOf(site);
  }
  return found;
}

/** A model constructor is the call site only while nothing in the file invokes the model it makes. */
function withoutUsedConstructors(sites: CallSite[]): CallSite[] {
  const used = new Set(sites.filter((site) => site.boundAt).map((site) => `${site.boundAt!.file}:${site.boundAt!.start}`));
  if (used.size === 0) return sites;
  return sites.filter((site) => !site.constructorOnly || !used.has(`${site.file}:${site.span.start}`));
}

export { liteLlmModelProvider } from './litellm';
export { vercelModel } from './vercel-ai';
