/** Usage assumptions from prompt-cost.config.json and annotations drive the monthly figures, and say so. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { makeWorkspace, runCli, scanJson } from './helpers';

const CHAT = `from openai import OpenAI

client = OpenAI()


def reply(question):
    return client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=400,
        messages=[{"role": "user", "content": question}],
    )


def triage(ticket):
    # prompt-cost: feature=triage
    return client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=400,
        messages=[{"role": "user", "content": "Classify: " + ticket}],
    )


def digest(text):
    # prompt-cost: calls-per-day=20_000
    return client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=400,
        messages=[{"role": "user", "content": "Summarize: " + text}],
    )
`;

interface Cost {
  perCall: number;
  perMonth: number;
  callsPerDay: number;
  expectedOutputTokens: number;
  expectedOutputSource: string;
  usage: { source: string; detail: string; feature?: string };
}

function costs(root: string): Cost[] {
  return scanJson(['.'], root).callSites.map((site) => site.cost as unknown as Cost);
}

function roundMoney(value: number): number {
  return Number(value.toPrecision(6));
}

test('monthly totals change when the config usage changes; per-call cost does not', () => {
  const root = makeWorkspace({ 'bot/chat.py': CHAT });
  const before = scanJson(['.'], root);
  const [reply] = costs(root);
  assert.equal(reply.callsPerDay, 1000);
  assert.deepEqual(reply.usage, { source: 'default', detail: 'workspace default (1,000 calls per day)' });

  writeFileSync(path.join(root, 'prompt-cost.config.json'), JSON.stringify({ usage: { default: { callsPerDay: 3000 } } }));
  const after = scanJson(['.'], root);
  const [replyAfter] = costs(root);
  assert.equal(replyAfter.perCall, reply.perCall);
  assert.equal(replyAfter.callsPerDay, 3000);
  assert.equal(replyAfter.perMonth, roundMoney(reply.perCall * 3000 * 30));
  assert.deepEqual(replyAfter.usage, { source: 'default', detail: 'workspace default (3,000 calls per day)' });
  // Two of the three calls follow the default; the annotated one keeps its 20,000.
  const annotated = before.callSites[2].cost!.perMonth;
  assert.equal(after.callSites[2].cost!.perMonth, annotated);
  assert.ok(after.totals.perMonth > before.totals.perMonth);
  assert.equal(
    after.totals.perMonth,
    roundMoney(after.callSites.reduce((sum, site) => sum + site.cost!.perMonth, 0)),
  );
});

test('each figure names where its calls per day came from: annotation, feature, file glob, default', () => {
  const root = makeWorkspace({
    'bot/chat.py': CHAT,
    'prompt-cost.config.json': JSON.stringify({
      usage: {
        default: { callsPerDay: 10 },
        files: { 'bot/**': { callsPerDay: 700 } },
        features: { triage: { callsPerDay: 4000 } },
      },
    }),
  });
  const [reply, triage, digest] = costs(root);
  assert.deepEqual([reply.callsPerDay, reply.usage], [700, { source: 'file-glob', detail: 'usage.files["bot/**"]' }]);
  assert.deepEqual([triage.callsPerDay, triage.usage], [4000, { source: 'feature', detail: 'usage.features["triage"]', feature: 'triage' }]);
  assert.deepEqual([digest.callsPerDay, digest.usage], [20000, { source: 'annotation', detail: 'annotation on line 24' }]);
  assert.equal(triage.perMonth, roundMoney(triage.perCall * 4000 * 30));

  const text = runCli(['scan', '.'], root).stdout;
  // Sources in order of monthly cost: the triage call classifies, so its typical output is a label and it costs least.
  assert.match(text, /^Usage: 1 call site from annotations; 1 call site from usage\.files globs; 1 call site from usage\.features\.$/m);
  const csv = runCli(['scan', '--format', 'csv', '.'], root).stdout;
  assert.ok(csv.includes(',4000,feature,"usage.features[""triage""]",gpt-4o-mini,'), csv);
});

test('expectedOutputTokens per feature changes the cost of that feature only', () => {
  const plain = costs(makeWorkspace({ 'bot/chat.py': CHAT }));
  const tuned = costs(
    makeWorkspace({ 'bot/chat.py': CHAT, 'prompt-cost.config.json': JSON.stringify({ expectedOutputTokens: { features: { triage: 5 } } }) }),
  );
  assert.equal(tuned[0].perCall, plain[0].perCall);
  assert.equal(tuned[1].expectedOutputTokens, 5);
  // Without the override: the typical output of a classification ("Classify: ..."), not the cap of 400.
  assert.equal(plain[1].expectedOutputTokens, 10);
  assert.match(plain[1].expectedOutputSource, /a classification task/);
  assert.ok(tuned[1].perCall < plain[1].perCall);
});

test('price overrides from the config are used and named', () => {
  const root = makeWorkspace({
    'bot/chat.py': CHAT,
    'prompt-cost.config.json': JSON.stringify({ prices: { 'gpt-4o-mini': { input: 1, output: 2 } } }),
  });
  const site = scanJson(['.'], root).callSites[0];
  const price = (site.cost as unknown as { price: { source: string; inputPerMTok: number; outputPerMTok: number } }).price;
  assert.equal(price.inputPerMTok, 1);
  assert.equal(price.outputPerMTok, 2);
  assert.match(price.source, /prompt-cost\.config\.json/);
});

test('an invalid usage entry: exit 2 naming the file, the JSON path and the problem', () => {
  const root = makeWorkspace({
    'bot/chat.py': CHAT,
    'prompt-cost.config.json': JSON.stringify({ usage: { features: { triage: { callsPerDay: 'lots' } } } }),
  });
  const run = runCli(['scan', '.'], root);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'prompt-cost: prompt-cost.config.json: usage.features.triage.callsPerDay: must be a number of calls per day, found a string ("lots")\n');
});
