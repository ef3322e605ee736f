// The worker thread's side of lint-thread.ts: lints each Dockerfile it is sent and answers with
// the findings. A lint that runs too long is ended by terminating this thread.
import { parentPort } from 'node:worker_threads';
import { lintDockerfile } from '../../shared/lint/dockerfile-lint.ts';

parentPort!.on('message', ({ id, text }: { id: number; text: string }) => {
  try {
    parentPort!.postMessage({ id, diagnostics: lintDockerfile(text) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
