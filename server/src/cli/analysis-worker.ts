/**
 * A worker thread of a scan: analyses the files the main thread hands it and posts each analysis back as soon as
 * it is done, so a worker that dies costs only the files it had not finished (the main thread redoes those).
 * Imported modules and prompt files are read from disk here, through the same safeguards as in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readHasher, withoutSyntax, type ReadHash } from './scan-cache';
import { diskFileSource } from './scan';
import { createThreadAnalyzer } from './thread-analyzer';
import type { WorkerInput, WorkerMessage } from './parallel-analysis';

async function run(input: WorkerInput, post: (message: WorkerMessage) => void): Promise<void> {
  const source = diskFileSource(input.root);
  const analyzer = createThreadAnalyzer(source, input.config, input.codeCacheDir);
  await analyzer.prepare(input.files.map((file) => file.language));
  // The hash of the text this thread read, so the cache key matches what the analysis saw.
  const hashOf = readHasher((relPath) => source.readFile(relPath));
  for (const { index, file, text } of input.files) {
    try {
      const { analysis, reads } = analyzer.analyze(file, text);
      const readHashes: ReadHash[] = input.hashReads ? [...reads].filter((read) => read !== file).map((read) => [read, hashOf(read)]) : [];
      // Without the neutral call view: nothing after the analysis reads it, and it is the bulk of the copy.
      post({ kind: 'analysed', index, analysis: withoutSyntax(analysis), readHashes });
    } catch (error) {
      post({ kind: 'failed', index, message: (error as Error)?.message ?? String(error) });
    }
  }
  analyzer.finish();
}

if (parentPort) {
  const port = parentPort;
  run(workerData as WorkerInput, (message) => port.postMessage(message)).then(
    () => port.postMessage({ kind: 'done' } satisfies WorkerMessage),
    // Whatever was not posted is analysed by the main thread.
    (error: unknown) => port.postMessage({ kind: 'done', error: (error as Error)?.message ?? String(error) } satisfies WorkerMessage),
  );
}
