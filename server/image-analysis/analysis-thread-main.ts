// The analysis thread's side of analysis-thread.ts: one image, then the thread ends.
import { parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';
import { dockerFor } from '../engine/engine-pool.ts';
import type { AnalysisJob } from './analysis-thread.ts';
import { analyzeImage } from './analyze-image.ts';
import { TooManyPathsError } from './path-table.ts';

const job = workerData as AnalysisJob;
try {
  // The main thread ends this thread to stop it; no signal is needed here.
  const { analysis, sizeMismatches } = await analyzeImage(dockerFor(job.endpoint), job.imageId, job.input, { signal: new AbortController().signal, maxPaths: job.maxPaths });
  // Its own copy, so that its memory can be handed over rather than copied again.
  const gzipped = new Uint8Array(zlib.gzipSync(JSON.stringify(analysis)));
  parentPort!.postMessage({ ok: true, analysis, sizeMismatches, gzipped }, [gzipped.buffer]);
} catch (error) {
  const reason = error instanceof TooManyPathsError ? 'too-many-paths' : 'failed';
  parentPort!.postMessage({ ok: false, reason, message: error instanceof Error ? error.message : String(error) });
}
