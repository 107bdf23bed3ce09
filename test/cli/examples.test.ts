/**
 * The example apps are the ground truth: every LLM call a person reading the code would point at, and
 * nothing else. The scan's JSON must list exactly these call sites.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { EXAMPLES_DIR, REPO_ROOT, scanJson, type JsonCallSiteShape, type JsonReportShape } from './helpers';

const PYTHON_APP = path.join(EXAMPLES_DIR, 'python-support-bot');
const TS_APP = path.join(EXAMPLES_DIR, 'ts-content-studio');

/** [file, line, provider, api, model, cap parameter, cap value] */
type Expected = [string, number, string, string, string | null, string | null, number | null];

const PYTHON_CALLS: Expected[] = [
  ['prompts/ticket_triage.prompty', 7, 'azure-openai', 'chat.completions.create', 'gpt-4o', null, null],
  ['support_bot/assistant.py', 32, 'openai', 'chat.completions.create', 'gpt-4.1', 'max_completion_tokens', 200],
  ['support_bot/assistant.py', 44, 'openai', 'chat.completions.parse', 'gpt-4o-mini', 'max_completion_tokens', 300],
  ['support_bot/assistant.py', 58, 'azure-openai', 'chat.completions.stream', 'gpt-4o-mini', 'max_tokens', 1500],
  ['support_bot/assistant.py', 74, 'openai', 'responses.stream', 'o4-mini', null, null],
  ['support_bot/assistant.py', 85, 'openai', 'completions.create', 'gpt-3.5-turbo-instruct', 'max_tokens', 60],
  ['support_bot/handlers.py', 22, 'openai', 'chat.completions.create', 'gpt-4o', null, null],
  ['support_bot/handlers.py', 37, 'anthropic', 'messages.create', 'claude-sonnet-4-5', 'max_tokens', 1024],
  ['support_bot/handlers.py', 50, 'anthropic', 'messages.stream', 'claude-sonnet-4-5', 'max_tokens', 800],
  ['support_bot/handlers.py', 63, 'openai', 'responses.create', 'gpt-4.1-mini', 'max_output_tokens', 400],
  ['support_bot/handlers.py', 132, 'openai', 'chat.completions.create', 'gpt-4.1-mini', 'max_completion_tokens', 400],
  ['support_bot/jobs/nightly_digest.py', 29, 'anthropic', 'messages.create', 'claude-haiku-4-5', 'max_tokens', 300],
  ['support_bot/jobs/nightly_digest.py', 41, 'anthropic', 'messages.batches.create', 'claude-haiku-4-5', 'max_tokens', 10],
  ['support_bot/jobs/nightly_digest.py', 59, 'anthropic', 'messages.create', 'claude-sonnet-4-5', 'max_tokens', 700],
  ['support_bot/knowledge.py', 21, 'google', 'models.generate_content', 'gemini-2.5-flash', 'config.max_output_tokens', 512],
  ['support_bot/knowledge.py', 31, 'google', 'models.generate_content_stream', 'gemini-2.5-pro', null, null],
  ['support_bot/knowledge.py', 40, 'google', 'GenerativeModel.generate_content', 'gemini-1.5-flash', 'generation_config.max_output_tokens', 120],
  ['support_bot/routing.py', 13, 'litellm', 'completion', 'claude-3-5-haiku-20241022', 'max_tokens', 5],
  ['support_bot/routing.py', 26, 'litellm', 'acompletion', 'gpt-4o-mini', null, null],
  ['support_bot/routing.py', 35, 'langchain', 'ChatOpenAI', 'gpt-4o', null, null],
  ['support_bot/routing.py', 36, 'langchain', 'ChatAnthropic', 'claude-3-5-sonnet-latest', 'max_tokens', 1024],
  ['support_bot/routing.py', 37, 'langchain', 'ChatGoogleGenerativeAI', 'gemini-2.0-flash', 'max_output_tokens', 2048],
];

const TS_CALLS: Expected[] = [
  ['prompts/product-description.prompty', 4, 'openai', 'chat.completions.create', 'gpt-4.1-mini', 'max_tokens', 400],
  ['src/ai/gemini.ts', 9, 'google', 'models.generateContent', 'gemini-2.5-flash', 'config.maxOutputTokens', 100],
  ['src/ai/gemini.ts', 24, 'google', 'GenerativeModel.generateContent', 'gemini-1.5-pro', 'generationConfig.maxOutputTokens', 1024],
  ['src/ai/writers.ts', 16, 'vercel-ai', 'generateText', 'gpt-4o-mini', 'maxOutputTokens', 60],
  ['src/ai/writers.ts', 27, 'vercel-ai', 'streamText', 'claude-3-5-haiku-latest', 'maxOutputTokens', 300],
  ['src/ai/writers.ts', 36, 'vercel-ai', 'generateObject', 'gemini-2.0-flash', null, null],
  ['src/ai/writers.ts', 46, 'vercel-ai', 'streamObject', 'gpt-4.1-mini', 'maxOutputTokens', 800],
  ['src/ai/writers.ts', 55, 'langchain', 'ChatOpenAI', 'gpt-4o', 'maxTokens', 1200],
  ['src/routes/blog.ts', 15, 'openai', 'chat.completions.create', 'gpt-4o-mini', 'max_tokens', 200],
  ['src/routes/blog.ts', 28, 'openai', 'responses.create', 'gpt-4.1', 'max_output_tokens', 600],
  ['src/routes/blog.ts', 39, 'openai', 'chat.completions.stream', 'gpt-4.1', null, null],
  ['src/routes/social.ts', 14, 'anthropic', 'messages.create', 'claude-sonnet-4-5', 'max_tokens', 400],
  ['src/routes/social.ts', 26, 'anthropic', 'messages.stream', 'claude-opus-4-1', 'max_tokens', 2000],
  ['src/routes/social.ts', 44, 'anthropic', 'messages.create', 'claude-haiku-4-5', 'max_tokens', 120],
  ['src/worker/campaign-worker.ts', 17, 'vercel-ai', 'generateText', 'gpt-4.1-nano', 'maxOutputTokens', 700],
  ['src/worker/campaign-worker.ts', 28, 'anthropic', 'messages.batches.create', 'claude-haiku-4-5', 'max_tokens', 50],
];

/** Lines that hold calls which are not LLM generation calls: they must never be listed as such. */
const PYTHON_NEGATIVE_LINES: [string, number][] = [
  ['support_bot/handlers.py', 44], // TicketNote.objects.create (Django ORM)
  ['support_bot/handlers.py', 74], // moderations.create
  ['support_bot/handlers.py', 80], // embeddings.create
  ['support_bot/handlers.py', 86], // stripe.Charge.create
  ['support_bot/handlers.py', 92], // Ticket.objects.create
  ['support_bot/knowledge.py', 45], // models.embed_content
];
const TS_NEGATIVE_LINES: [string, number][] = [
  ['src/routes/blog.ts', 54], // embeddings.create
  ['src/routes/blog.ts', 55], // prisma.post.create
  ['src/routes/social.ts', 38], // stripe.paymentIntents.create
];

/** Embeddings may be listed, as long as the api names them; they are left out of the generation list. */
function isEmbedding(site: JsonCallSiteShape): boolean {
  return /embed/i.test(site.api);
}

function asExpected(site: JsonCallSiteShape): Expected {
  return [site.file, site.line, site.provider, site.api, site.model, site.outputCap?.param ?? null, site.outputCap?.value ?? null];
}

function siteAt(report: JsonReportShape, file: string, line: number): JsonCallSiteShape {
  const site = report.callSites.find((s) => s.file === file && s.line === line);
  assert.ok(site, `no call site at ${file}:${line}`);
  return site;
}

function assertNegativesAbsent(report: JsonReportShape, negatives: [string, number][]): void {
  for (const [file, line] of negatives) {
    const listed = report.callSites.filter((s) => s.file === file && s.line === line);
    for (const site of listed) {
      assert.ok(isEmbedding(site), `${file}:${line} is listed as ${site.api}`);
      assert.equal(site.outputCap, null);
    }
    const capFindings = report.findings.filter((f) => f.file === file && f.line === line && f.rule === 'missing-max-tokens');
    assert.deepEqual(capFindings, [], `${file}:${line} must not get an output-cap finding`);
  }
}

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => rel.endsWith(extension))
    .map((rel) => path.join(dir, rel))
    .sort();
}

test('every TypeScript file of the content studio parses without syntax errors', () => {
  const files = filesUnder(path.join(TS_APP, 'src'), '.ts');
  assert.equal(files.length, 7);
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    assert.deepEqual(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], file);
  }
});

test('every Python file of the support bot parses without syntax errors', async () => {
  // web-tree-sitter ships an ES module and a CommonJS build; the CommonJS one loads from compiled tests.
  const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  await Parser.init();
  const python = await Language.load(path.join(REPO_ROOT, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'));
  const parser = new Parser();
  parser.setLanguage(python);
  const files = filesUnder(PYTHON_APP, '.py');
  assert.equal(files.length, 9);
  for (const file of files) {
    const tree = parser.parse(readFileSync(file, 'utf8'));
    assert.ok(tree, file);
    assert.equal(tree.rootNode.hasError, false, `${file} has a syntax error`);
  }
});

test('the Python support bot: exactly the expected call sites', () => {
  const report = scanJson([PYTHON_APP]);
  assert.equal(report.schemaVersion, 1);
  const generation = report.callSites.filter((s) => !isEmbedding(s)).map(asExpected);
  assert.deepEqual(generation, PYTHON_CALLS);
  assert.equal(report.totals.callSites, report.callSites.length);
  assertNegativesAbsent(report, PYTHON_NEGATIVE_LINES);
});

test('the Python support bot: models from constants, imported constants and env defaults', () => {
  const report = scanJson([PYTHON_APP]);
  assert.equal(siteAt(report, 'support_bot/handlers.py', 22).modelSource, 'constant'); // TRIAGE_MODEL from prompts.py
  assert.equal(siteAt(report, 'support_bot/handlers.py', 37).modelSource, 'constant'); // REPLY_MODEL in the same file
  assert.equal(siteAt(report, 'support_bot/handlers.py', 63).modelSource, 'default'); // os.environ.get(..., "gpt-4.1-mini")
  assert.equal(siteAt(report, 'support_bot/assistant.py', 32).modelSource, 'literal');
});

test('the Python support bot: the policy prompt file is counted as static text', () => {
  const report = scanJson([PYTHON_APP]);
  // prompts/support_policy.md is about 1,400 tokens; reading it from disk makes the system prompt static.
  assert.ok(siteAt(report, 'support_bot/handlers.py', 37).promptTokens.static > 1200);
  // TRIAGE_SYSTEM comes from prompts.py; the user message is an f-string with dynamic parts.
  const triage = siteAt(report, 'support_bot/handlers.py', 22);
  assert.ok(triage.promptTokens.static > 40, `static tokens ${triage.promptTokens.static}`);
  assert.ok(triage.promptTokens.dynamicEstimate > 0);
});

test('the Python support bot: calls per day come from the annotation, then the config, then its default', () => {
  const report = scanJson([PYTHON_APP]);
  const callsPerDay = (file: string, line: number) => siteAt(report, file, line).cost?.callsPerDay;
  assert.equal(callsPerDay('support_bot/jobs/nightly_digest.py', 29), 5000); // annotation beats the file glob
  assert.equal(callsPerDay('support_bot/jobs/nightly_digest.py', 59), 50); // usage.files["support_bot/jobs/**"]
  assert.equal(callsPerDay('support_bot/handlers.py', 22), 2000); // usage.default
});

test('the TypeScript content studio: exactly the expected call sites', () => {
  const report = scanJson([TS_APP]);
  const generation = report.callSites.filter((s) => !isEmbedding(s)).map(asExpected);
  assert.deepEqual(generation, TS_CALLS);
  assertNegativesAbsent(report, TS_NEGATIVE_LINES);
});

test('the TypeScript content studio: constants, prompt files and env defaults resolve', () => {
  const report = scanJson([TS_APP]);
  assert.equal(siteAt(report, 'src/routes/blog.ts', 28).modelSource, 'constant'); // DRAFT_MODEL from src/prompts.ts
  assert.equal(siteAt(report, 'src/routes/social.ts', 14).modelSource, 'constant'); // SOCIAL_MODEL in the same file
  assert.equal(siteAt(report, 'src/worker/campaign-worker.ts', 17).modelSource, 'default'); // process.env.X ?? 'gpt-4.1-nano'
  // brand-voice.md + seo-outline.md, read with fs.readFileSync(path.join(__dirname, ...)), are static text.
  assert.ok(siteAt(report, 'src/routes/blog.ts', 28).promptTokens.static > 80);
});

test('the TypeScript content studio: calls per day from the annotation, then the config', () => {
  const report = scanJson([TS_APP]);
  assert.equal(siteAt(report, 'src/routes/social.ts', 14).cost?.callsPerDay, 300);
  assert.equal(siteAt(report, 'src/worker/campaign-worker.ts', 17).cost?.callsPerDay, 40);
  assert.equal(siteAt(report, 'src/routes/blog.ts', 15).cost?.callsPerDay, 500);
});

test("the README's command: scanning examples/ lists both apps, relative to examples/", () => {
  const report = scanJson(['examples/']);
  assert.equal(report.root, 'examples');
  const generation = report.callSites.filter((s) => !isEmbedding(s)).map(asExpected);
  const expected = [
    ...PYTHON_CALLS.map(([file, ...rest]): Expected => [`python-support-bot/${file}`, ...rest]),
    ...TS_CALLS.map(([file, ...rest]): Expected => [`ts-content-studio/${file}`, ...rest]),
  ];
  assert.deepEqual(generation, expected);
  // No prompt-cost.config.json at examples/: annotations still count, everything else uses 1,000 a day.
  assert.equal(siteAt(report, 'python-support-bot/support_bot/jobs/nightly_digest.py', 29).cost?.callsPerDay, 5000);
  assert.equal(siteAt(report, 'ts-content-studio/src/routes/blog.ts', 15).cost?.callsPerDay, 1000);
});

test('the example apps: a call with tools and a call with an image count them into the input', () => {
  const python = scanJson([PYTHON_APP]);
  const withTools = siteAt(python, 'support_bot/handlers.py', 132).promptTokens;
  assert.ok((withTools.tools ?? 0) > 100, `tools ${withTools.tools}`);
  assert.equal(withTools.breakdown?.tools, withTools.tools);
  const studio = scanJson([TS_APP]);
  const withImage = siteAt(studio, 'src/routes/social.ts', 44).promptTokens;
  assert.equal(withImage.images, Math.ceil((1024 * 1024) / 750), 'an image of unknown size on Claude');
  assert.equal(withImage.input, withImage.static + withImage.dynamicEstimate + withImage.overhead + (withImage.images ?? 0));
});
