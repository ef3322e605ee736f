// The worker thread's side of lint-thread.ts: everything the server reads in a learner's
// Dockerfile before a build (the lint, the stage count, the rewrite for the sandbox) happens
// here, off the event loop. A job that runs too long is ended by terminating this thread.
import { parentPort } from 'node:worker_threads';
import { dockerfileFacts } from '../../shared/dockerfile-facts.ts';
import { lintDockerfile } from '../../shared/lint/dockerfile-lint.ts';
import { rewriteDockerfile } from '../builds/dockerfile-rewrite.ts';
import type { DockerfileReading } from './lint-thread.ts';

parentPort!.on('message', ({ id, text, learner }: { id: number; text: string; learner: string }) => {
  try {
    const diagnostics = lintDockerfile(text);
    // A Dockerfile the lint refuses is never built: no need to read it further.
    const blocked = diagnostics.some((d) => d.blocksBuild);
    const reading: DockerfileReading = blocked ? { diagnostics } : { diagnostics, stages: dockerfileFacts(text).stages, rewrite: rewriteDockerfile(text, learner) };
    parentPort!.postMessage({ id, reading });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
