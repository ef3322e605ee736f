// Looking inside an image happens in a worker thread of its own, one per analysis: streaming
// and reading hundreds of MB of `docker save` makes garbage fast, and in the server's own
// thread its collection paused every learner's requests (p99 over 200 ms under a class) and
// grew the server's heap by about 60 MB per analysis. The thread's heap is capped, so an image
// built to exhaust memory ends its own analysis, not the server; ending the thread (cancel,
// time budget) releases its engine connection and all it held at once.
import { Worker } from 'node:worker_threads';
import type { ImageAnalysis } from '../../shared/image-analysis/schema.ts';
import type { AnalysisInput, AnalysisOutcome } from './analyze-image.ts';

/** What the thread sends back: the analysis, its sizes check, and its JSON gzipped for the page. */
export interface ThreadOutcome extends AnalysisOutcome {
  gzipped: Buffer;
}

export interface AnalysisJob {
  endpoint: string;
  imageId: string;
  input: AnalysisInput;
  maxPaths: number;
  /** The thread's heap (config.limits.analysisHeapMb); an analysis that needs more ends with `out-of-memory`. */
  heapMb: number;
}

/** Why an analysis ended without a result, as the thread reports it. */
export class AnalysisThreadError extends Error {
  readonly reason: 'too-many-paths' | 'out-of-memory' | 'failed';

  constructor(reason: AnalysisThreadError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

type Answer = { ok: true; analysis: ImageAnalysis; sizeMismatches: AnalysisOutcome['sizeMismatches']; gzipped: Uint8Array } | { ok: false; reason: AnalysisThreadError['reason']; message: string };

const threadFile = new URL('./analysis-thread-main.ts', import.meta.url);

/** Runs one analysis in a new thread; the signal ends the thread and rejects with its reason. */
export function analyzeInThread(job: AnalysisJob, signal: AbortSignal): Promise<ThreadOutcome> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const worker = new Worker(threadFile, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: job.heapMb, maxYoungGenerationSizeMb: 8 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      finish();
    };
    const onAbort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (answer: Answer) =>
      settle(() =>
        answer.ok
          ? resolve({ analysis: answer.analysis, sizeMismatches: answer.sizeMismatches, gzipped: Buffer.from(answer.gzipped.buffer, answer.gzipped.byteOffset, answer.gzipped.byteLength) })
          : reject(new AnalysisThreadError(answer.reason, answer.message)),
      ),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AnalysisThreadError('out-of-memory', `looking inside this image needs more than ${job.heapMb} MB`)
            : new AnalysisThreadError('failed', error.message),
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new AnalysisThreadError('failed', `the analysis thread ended (code ${code}) without an answer`))));
  });
}
