/** A hand-made JSON report: three priced call sites, one unpriced, findings with savings, tricky text. */
import type { JsonCallSite, JsonFinding, JsonReport } from '../../server/src/engine/report/json';

type Usage = { source: string; detail: string; feature?: string };

type PromptTokens = JsonCallSite['promptTokens'];

export function callSite(
  file: string,
  line: number,
  fields: { model: string | null; provider?: string; perCall: number | null; callsPerDay?: number; usage?: Usage; endLine?: number; promptTokens?: PromptTokens },
): JsonCallSite {
  const callsPerDay = fields.callsPerDay ?? 1000;
  return {
    file,
    line,
    column: 12,
    endLine: fields.endLine ?? line + 3,
    language: file.endsWith('.py') ? 'python' : 'typescript',
    provider: fields.provider ?? 'openai',
    api: 'chat.completions.create',
    model: fields.model,
    modelSource: fields.model ? 'literal' : 'unknown',
    outputCap: { param: 'max_tokens', value: 300 },
    promptTokens: fields.promptTokens ?? { static: 120, dynamicEstimate: 50, overhead: 7, tokenizer: 'o200k_base' },
    cost:
      fields.perCall === null
        ? null
        : {
            perCall: fields.perCall,
            perMonth: Number((fields.perCall * callsPerDay * 30).toPrecision(6)),
            callsPerDay,
            currency: 'USD',
            expectedOutputTokens: 300,
            expectedOutputSource: 'the cap (300)',
            usage: fields.usage ?? { source: 'default', detail: 'workspace default (1,000 calls per day)' },
            price: { model: fields.model ?? '', source: 'prices-x', asOf: '2026-09-23', inputPerMTok: 2.5, outputPerMTok: 10 },
          },
  };
}

/** A call site costing `perMonth` at the default 1,000 calls per day. */
export function callSiteCosting(file: string, line: number, perMonth: number | null, fields: { model?: string | null; promptTokens?: PromptTokens } = {}): JsonCallSite {
  return callSite(file, line, { model: fields.model === undefined ? 'gpt-4o' : fields.model, perCall: perMonth === null ? null : perMonth / 30_000, promptTokens: fields.promptTokens });
}

export function finding(file: string, line: number, rule: string, severity: 'info' | 'warning' | 'error', savingPerMonth: number | null, message = `${rule} message`): JsonFinding {
  return { rule, severity, file, line, column: 12, endLine: line, endColumn: 40, message, savingPerMonth, fixes: [] };
}

/**
 * app/chat.py:10  gpt-4o       $0.01/call × 1,000/day  = $300/month  (feature "support", annotation)
 * app/jobs.py:5   gpt-4o-mini  $0.001/call × 50/day    = $1.50/month (file glob)
 * web/a,b "x".ts:3 claude...   $0.002/call × 1,000/day = $60/month   (default)
 * app/chat.py:30  unknown model, no price
 */
export function sampleReport(): JsonReport {
  const callSites = [
    callSite('app/chat.py', 10, { model: 'gpt-4o', perCall: 0.01, usage: { source: 'annotation', detail: 'annotation on line 9', feature: 'support' } }),
    callSite('app/chat.py', 30, { model: null, perCall: null }),
    callSite('app/jobs.py', 5, { model: 'gpt-4o-mini', perCall: 0.001, callsPerDay: 50, usage: { source: 'file-glob', detail: 'usage.files["app/jobs.py"]' } }),
    callSite('web/a,b "x".ts', 3, { model: 'claude-haiku-4-5', provider: 'anthropic', perCall: 0.002 }),
  ];
  const findings = [
    finding('app/chat.py', 10, 'flagship-on-simple-task', 'warning', 250),
    finding('app/chat.py', 11, 'missing-max-tokens', 'warning', 100),
    finding('app/chat.py', 30, 'unknown-model', 'error', null, 'Unknown model "gpt-4o-mnii" | did you mean <gpt-4o-mini>?'),
    finding('web/a,b "x".ts', 3, 'verbose-phrasing', 'info', 6),
  ];
  return {
    schemaVersion: 1,
    root: '.',
    prices: { source: 'prices-x', asOf: '2026-09-23' },
    callSites,
    findings,
    totals: { callSites: 4, perMonth: 361.5, findings: 4 },
    stats: { filesListed: 3, filesPrefiltered: 0, filesParsed: 3 },
    problems: [],
  };
}
