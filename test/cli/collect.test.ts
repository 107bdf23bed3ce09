/** The first phase of a scan: the walk's plain files, the byte prefilter, rg's survey, and the fall-backs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { defaultConfig } from '../../server/src/engine/config';
import { collectFilesToParse, type CollectOptions } from '../../server/src/cli/collect';
import { listFiles, mentionsLlmSdk, mentionsLlmSdkBytes } from '../../server/src/cli/files';
import { diskFileSource } from '../../server/src/cli/scan';
import { makeWorkspace } from './helpers';

const OPENAI = 'from openai import OpenAI\nclient = OpenAI()\n';

test('the byte prefilter answers as the text prefilter does, on any UTF-8 text', () => {
  const fragment = fc.oneof(
    fc.constantFrom('openai', 'anthropi', 'anthropic', 'google', 'litellm', 'langchain', 'boto3', 'boto', 'bedrock', 'mistralai', 'vertexai'),
    fc.constantFrom("from 'ai'", 'from "ai"', "from 'ai", "require('ai')", 'require("ai")', '@ai-sdk/', '@ai-sd', 'ai', 'from ', 'require('),
    fc.constantFrom('\uFEFF', 'naïve', '日本語', '👩‍💻', '\u0000', '\n', ' ', 'é', 'Ω'),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  fc.assert(
    fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      const bytes = Buffer.from(text, 'utf8');
      // The search must stop at `length`: bytes after it (the rest of a reused buffer) never count.
      const padded = Buffer.concat([bytes, Buffer.from('openai')]);
      assert.equal(mentionsLlmSdkBytes(bytes, bytes.length), mentionsLlmSdk(text), JSON.stringify(text));
      assert.equal(mentionsLlmSdkBytes(padded, bytes.length), mentionsLlmSdk(text), JSON.stringify(text));
    }),
    { numRuns: 3000 },
  );
});

test('the byte prefilter on invalid UTF-8 answers as the decoded text does', () => {
  const bytes = Buffer.from([0xff, 0x6f, 0x70, 0x65, 0x6e, 0x61, 0x69, 0xc3]);
  assert.equal(mentionsLlmSdkBytes(bytes, bytes.length), true);
  assert.equal(mentionsLlmSdk(bytes.toString('utf8')), true);
  const broken = Buffer.from([0x6f, 0x70, 0x65, 0xe2, 0x6e, 0x61, 0x69]);
  assert.equal(mentionsLlmSdkBytes(broken, broken.length), false);
  assert.equal(mentionsLlmSdk(broken.toString('utf8')), false);
});

async function collect(root: string, files: string[], options: CollectOptions = {}, maxFileSizeBytes = 1_000_000) {
  const source = diskFileSource(root);
  const config = { ...defaultConfig(), maxFileSizeBytes };
  const result = await collectFilesToParse(root, files, config, source, options);
  return {
    parsed: result.toParse.map((f) => [f.file, f.language, f.text]),
    prefiltered: result.filesPrefiltered,
    problems: result.problems.map((p) => [p.file, p.message]),
    source,
  };
}

test('plain files read as bytes give the same files, texts and problems as reads through the workspace source', async () => {
  const files: Record<string, string> = {
    'chat.py': OPENAI,
    'bom.py': '\uFEFF' + OPENAI,
    'plain.py': 'def add(a, b):\n    return a + b\n',
    'unicode.ts': "// naïve café 日本語\nimport OpenAI from 'openai';\n",
    'flow.prompty': '---\nname: x\n---\nsystem:\nHello\n',
    'gen/client.ts': "// @generated\nimport OpenAI from 'openai';\n",
    'app.min.js': "import OpenAI from 'openai';\n",
    'big.py': OPENAI + '#'.repeat(500),
    'exact.py': OPENAI.padEnd(400, '#'),
  };
  const root = makeWorkspace(files);
  writeFileSync(path.join(root, 'latin.py'), Buffer.from([0x23, 0xe9, 0x0a, ...Buffer.from(OPENAI)]));
  const names = [...Object.keys(files), 'latin.py'].sort();
  const listed = await listFiles(root, [root]);
  assert.deepEqual(listed.files, names);
  assert.deepEqual([...listed.plainFiles].sort(), names);
  const throughSource = await collect(root, names, {}, 400);
  const asBytes = await collect(root, names, { plainFiles: listed.plainFiles }, 400);
  assert.deepEqual(asBytes.parsed, throughSource.parsed);
  assert.deepEqual(asBytes.problems, throughSource.problems);
  assert.equal(asBytes.prefiltered, throughSource.prefiltered);
  assert.deepEqual(
    asBytes.parsed.map(([file]) => file),
    ['bom.py', 'chat.py', 'exact.py', 'flow.prompty', 'latin.py', 'unicode.ts'],
  );
  assert.deepEqual(asBytes.problems, [
    ['app.min.js', 'not scanned: minified file (.min.js)'],
    ['big.py', 'not scanned: larger than maxFileSizeBytes (400)'],
    ['gen/client.ts', 'not scanned: generated file (// @generated)'],
  ]);
  assert.equal(asBytes.prefiltered, 1);
});

test('a file larger than the reused buffer is read whole, and the text handed on is the file', async () => {
  const text = OPENAI + 'x = "' + 'é'.repeat(300_000) + '"\n';
  const root = makeWorkspace({ 'large.py': text, 'after.py': 'import anthropic\n' });
  const remembered = new Map<string, string>();
  const result = await collect(root, ['after.py', 'large.py'], { plainFiles: new Set(['after.py', 'large.py']), remember: (f, t) => remembered.set(f, t) }, 2_000_000);
  assert.deepEqual(result.parsed.map(([file, , t]) => [file, t]), [['after.py', 'import anthropic\n'], ['large.py', text]]);
  assert.deepEqual([...remembered.entries()], [['after.py', 'import anthropic\n'], ['large.py', text]]);
});

test('a "plain" file that is a link by the time it is read is read through the checked path, not followed out of the root', async () => {
  const outside = makeWorkspace({ 'secret.py': OPENAI });
  const root = makeWorkspace({ 'app.py': OPENAI });
  symlinkSync(path.join(outside, 'secret.py'), path.join(root, 'swapped.py'));
  const result = await collect(root, ['app.py', 'swapped.py'], { plainFiles: new Set(['app.py', 'swapped.py']) });
  assert.deepEqual(result.parsed.map(([file]) => file), ['app.py']);
  assert.deepEqual(result.problems, [['swapped.py', 'not scanned: cannot read the file']]);
});

test('a "plain" file that is a named pipe by the time it is read does not block the scan', async (t) => {
  if (process.platform === 'win32') return t.skip('no named pipes in the file system');
  const root = makeWorkspace({ 'app.py': OPENAI });
  const made = spawnSync('mkfifo', [path.join(root, 'pipe.py')]);
  if (made.status !== 0) return t.skip('mkfifo is not available');
  const result = await collect(root, ['app.py', 'pipe.py'], { plainFiles: new Set(['app.py', 'pipe.py']) });
  assert.deepEqual(result.parsed.map(([file]) => file), ['app.py']);
  assert.equal(result.prefiltered, 1);
});

test('the walk marks regular files as plain; links and files named directly are not', async () => {
  const root = makeWorkspace({ 'pkg/a.py': OPENAI, 'pkg/b.py': OPENAI, 'real/c.py': OPENAI });
  symlinkSync('a.py', path.join(root, 'pkg', 'linked.py'));
  symlinkSync('real', path.join(root, 'alias'));
  const walked = await listFiles(root, [root]);
  // real/ is walked once, through alias/ (first in name order).
  assert.deepEqual(walked.files, ['alias/c.py', 'pkg/a.py', 'pkg/b.py', 'pkg/linked.py']);
  // alias/c.py is a regular file inside a folder whose real path was checked: plain.
  assert.deepEqual([...walked.plainFiles].sort(), ['alias/c.py', 'pkg/a.py', 'pkg/b.py']);
  const named = await listFiles(root, [path.join(root, 'pkg', 'a.py')]);
  assert.deepEqual(named.files, ['pkg/a.py']);
  assert.deepEqual([...named.plainFiles], []);
});

test('a link to a folder walked earlier as a plain folder is not walked again', async () => {
  const root = makeWorkspace({ 'a/deep/x.py': OPENAI, 'b.py': OPENAI });
  symlinkSync('a', path.join(root, 'z'));
  symlinkSync(path.join('..', '..'), path.join(root, 'a', 'deep', 'up'));
  const listed = await listFiles(root, [root]);
  assert.deepEqual(listed.files, ['a/deep/x.py', 'b.py']);
  assert.deepEqual(listed.unreadable, [
    { file: 'a/deep/up', message: 'symbolic link to a folder already scanned (.): not followed again' },
    { file: 'z', message: 'symbolic link to a folder already scanned (a): not followed again' },
  ]);
});

test('onManyFiles is called once, when the walk reaches the count, and not for a smaller tree', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++) files[`d${i % 3}/f${i}.py`] = 'x = 1\n';
  const root = makeWorkspace(files);
  const seen: number[] = [];
  let listedSoFar = 0;
  const result = await listFiles(root, [root], { onManyFiles: { count: 5, call: () => seen.push(++listedSoFar) } });
  assert.equal(result.files.length, 12);
  assert.deepEqual(seen, [1]);
  let called = false;
  await listFiles(root, [root], { onManyFiles: { count: 13, call: () => (called = true) } });
  assert.equal(called, false);
});

test('rg survey: "no mention" is trusted, every other file is tested in Node, a .prompty file is always read', async () => {
  const root = makeWorkspace({ 'said-no.py': OPENAI, 'unseen.py': OPENAI, 'plain.py': 'x = 1\n', 'flow.prompty': '---\nname: x\n---\nsystem:\nHi\n' });
  const withoutMention = new Set(['said-no.py', 'flow.prompty']);
  const result = await collect(root, ['flow.prompty', 'plain.py', 'said-no.py', 'unseen.py'], { survey: { withoutMention: Promise.resolve(withoutMention), cancel() {} } });
  // said-no.py is trusted (it is not read); plain.py and unseen.py are tested in Node.
  assert.deepEqual(result.parsed.map(([file]) => file), ['flow.prompty', 'unseen.py']);
  assert.equal(result.prefiltered, 2);
});

test('no rg answer (rg failed): every file is tested in Node', async () => {
  const root = makeWorkspace({ 'a.py': OPENAI, 'b.py': 'x = 1\n' });
  const result = await collect(root, ['a.py', 'b.py'], { survey: { withoutMention: Promise.resolve(undefined), cancel() {} } });
  assert.deepEqual(result.parsed.map(([file]) => file), ['a.py']);
  assert.equal(result.prefiltered, 1);
});

test('an unreadable folder is reported and the walk goes on', async (t) => {
  if (process.getuid?.() === 0 || process.platform === 'win32') return t.skip('permissions do not apply');
  const root = makeWorkspace({ 'ok.py': OPENAI, 'locked/x.py': OPENAI });
  mkdirSync(path.join(root, 'locked'), { recursive: true });
  const { chmodSync } = await import('node:fs');
  chmodSync(path.join(root, 'locked'), 0o000);
  try {
    const listed = await listFiles(root, [root]);
    assert.deepEqual(listed.files, ['ok.py']);
    assert.equal(listed.unreadable.length, 1);
    assert.equal(listed.unreadable[0].file, 'locked');
  } finally {
    chmodSync(path.join(root, 'locked'), 0o755);
  }
});
