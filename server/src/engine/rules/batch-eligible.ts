/**
 * batch-eligible: a generation call in a loop over data in offline code (scripts, jobs, backfills), where the
 * provider's batch API does the same work at a discount (50% at OpenAI, Anthropic and Google).
 */
import type { AnalyzedCallSite } from '../analyze';
import { formatUsd } from '../format';
import { toolLoopBoundedByModel } from '../loops';
import type { Provider } from '../model';
import { isAgentLoop } from './call-facts';
import { formatCallsPerDay } from './prompt-text';
import type { Rule, RuleFinding } from './rule';

/** Providers with a batch API, and the discount when the price row does not state one. */
const BATCH_APIS: Partial<Record<Provider, { name: string; multiplier: number }>> = {
  openai: { name: 'the OpenAI Batch API', multiplier: 0.5 },
  anthropic: { name: 'the Anthropic Message Batches API', multiplier: 0.5 },
  google: { name: 'Gemini batch mode', multiplier: 0.5 },
};

/** Words in a path or function name that say the code runs offline: `scripts/`, `nightly_report.py`, `backfillTitles`. */
const OFFLINE_WORDS = new Set(['script', 'scripts', 'job', 'jobs', 'batch', 'batches', 'backfill', 'backfills', 'nightly', 'cron', 'etl', 'notebook', 'notebooks', 'pipeline', 'pipelines', 'migration', 'migrations', 'reindex']);

/** `scripts/backfill-titles.ts` -> scripts, backfill, titles, ts; `nightlyTagging` -> nightly, tagging. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

function offlineWord(name: string): string | undefined {
  return wordsOf(name).find((word) => OFFLINE_WORDS.has(word));
}

/** Request handlers are online, whatever folder they sit in. */
const HANDLER_PATH = /(?:^|\/)(?:routes?|views?|api|controllers?|handlers?|endpoints?|pages\/api|app\/api)\//i;
const HANDLER_FUNCTION = /^(?:handle|on[A-Z_]|(?:GET|POST|PUT|PATCH|DELETE)$)|[Hh]andler$|_handler$|_view$|^(?:webhook|endpoint)/;
/** Web frameworks declaring routes in the file. */
const WEB_FRAMEWORK = /@(?:app|router|api|bp|blueprint)\.(?:route|get|post|put|patch|delete|websocket)\b|\bAPIRouter\(|\bFastAPI\(|\bFlask\(|\bexpress\(\)|\bNextResponse\b|\bexport\s+(?:async\s+)?function\s+(?:GET|POST|PUT|PATCH|DELETE)\b|\bHono\(/;
const MAIN_GUARD = /^if\s+__name__\s*==\s*["']__main__["']\s*:/m;

/** What the whole-file patterns say of a file's text: computed once per file, whatever its number of calls. */
export interface FileFacts {
  webFramework: boolean;
  mainGuard: boolean;
}

export function fileFactsOf(text: string): FileFacts {
  return { webFramework: WEB_FRAMEWORK.test(text), mainGuard: MAIN_GUARD.test(text) };
}

/** Why the call looks offline, or null when it does not (or looks like a request handler). */
export function offlineReason(file: string, facts: FileFacts, enclosingFunction: string | null): string | null {
  if (HANDLER_PATH.test(file) || facts.webFramework) return null;
  if (enclosingFunction && HANDLER_FUNCTION.test(enclosingFunction)) return null;
  if (offlineWord(file)) return `${file} looks like offline code`;
  if (enclosingFunction && (offlineWord(enclosingFunction) || enclosingFunction === 'main')) return `${enclosingFunction}() looks like offline code`;
  if (facts.mainGuard) return 'the file runs as a script (if __name__ == "__main__")';
  return null;
}

/**
 * True when each request of the loop depends on the answer before it: the message list the call sends grows
 * across iterations (the answer and tool results are appended), the loop runs until the model stops calling
 * tools, or the call runs its own agent loop. A batch needs every request up front, so these do not qualify.
 */
export function isSequentialLoop(analyzed: AnalyzedCallSite): boolean {
  const site = analyzed.site;
  const list = site.messageList;
  if (list?.kind === 'array' && list.growth?.acrossIterations && list.growth.appends.length > 0) return true;
  return isAgentLoop(site) || toolLoopBoundedByModel(site.call.loops);
}

function batchApiFor(analyzed: AnalyzedCallSite): { name: string; multiplier: number } | null {
  const provider = analyzed.site.modelProvider;
  const api = provider ? BATCH_APIS[provider] : undefined;
  if (!api) return null;
  const multiplier = analyzed.cost?.price.batchMultiplier ?? api.multiplier;
  return multiplier < 1 ? { name: api.name, multiplier } : null;
}

export const batchEligible: Rule = {
  meta: {
    id: 'batch-eligible',
    defaultSeverity: 'info',
    description: "A generation call in a loop over data in offline code, where the provider's batch API costs 50% less.",
    fixable: 'none',
    docs: {
      whatItDoes:
        'Finds model calls made one by one inside a loop in offline code: files under `scripts/`, `jobs/`, `etl/` or named like `backfill`, `nightly`, `cron`, `batch`; functions named that way; files run as scripts (`if __name__ == "__main__":`). Request handlers (route files, `handle*` functions, files that declare web routes) are left alone, and so are sequential loops where each request needs the previous answer (a tool-calling or agent loop whose message list grows with the answers), and loops over the chunks of one streamed reply. The message gives the monthly saving: cost × (1 − the batch discount).',
      whyBad:
        'OpenAI, Anthropic and Google all run the same requests through their batch APIs at half price when the answer may take minutes to hours. A backfill or nightly job that calls the model item by item pays double for speed it does not need.',
      severityNote:
        "`info` by default: on the judged corpus none of its findings was right (0 of 3, and 0 of 6 in the first sample). The loops it still reports go to OpenAI-compatible hosts (OpenRouter, Perplexity, RunPod) that have no Batch API, which the rule cannot see from the loop. Raise it to `warning` where the provider offers batch pricing.",
      fixSafety:
        'No automatic fix: moving to a batch API changes how results come back (a job to poll, a results file). Collect the requests in the loop, submit them as one batch, and process the results when it completes.',
      incorrect: [
        {
          language: 'python',
          code: `from openai import OpenAI

client = OpenAI()


def backfill_titles(articles):
    for article in articles:
        response = client.chat.completions.create(
            model="gpt-4o-mini",
            max_tokens=32,
            messages=[{"role": "user", "content": "Write a title for this article: " + article.body}],
        )
        article.title = response.choices[0].message.content
`,
        },
        {
          language: 'typescript',
          code: `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

export async function nightlyTagging(tickets: { id: string; body: string }[]) {
  for (const ticket of tickets) {
    await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: \`Tag this ticket: \${ticket.body}\` }],
    });
  }
}
`,
        },
      ],
      correct: [
        {
          language: 'python',
          code: `from openai import OpenAI

client = OpenAI()


def handle_titles(request):
    titles = []
    for article in request.articles:
        response = client.chat.completions.create(
            model="gpt-4o-mini",
            max_tokens=32,
            messages=[{"role": "user", "content": "Write a title for this article: " + article.body}],
        )
        titles.append(response.choices[0].message.content)
    return titles
`,
        },
      ],
    },
  },
  check(context) {
    const findings: RuleFinding[] = [];
    let facts: FileFacts | undefined;
    for (const analyzed of context.callSites) {
      const site = analyzed.site;
      if (site.kind !== 'generation' || !site.inLoop || site.batch) continue;
      if (isSequentialLoop(analyzed)) continue;
      const api = batchApiFor(analyzed);
      if (!api) continue;
      const why = offlineReason(context.file, (facts ??= fileFactsOf(context.text)), site.enclosingFunction);
      if (!why) continue;
      const discount = Math.round((1 - api.multiplier) * 100);
      const perMonth = analyzed.cost?.perMonth;
      const saving = perMonth !== undefined ? perMonth * (1 - api.multiplier) : undefined;
      const money = saving !== undefined ? `: saves ≈ ${formatUsd(saving)}/month of ${formatUsd(perMonth!)} at ${formatCallsPerDay(analyzed)}` : '';
      findings.push({
        file: context.file,
        span: site.calleeSpan,
        callSiteId: site.id,
        message: `Called once per item in a loop and ${why}: ${api.name} runs the same requests ${discount}% cheaper${money}.`,
        savingPerMonth: saving,
        fixes: [],
      });
    }
    return findings;
  },
};
