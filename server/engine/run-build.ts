// Runs one build on one sandbox engine through BuildKit and reports its events as they come.
// Enforces the wall-clock limit and the log byte cap; an abort stops the build in the engine.
import readline from 'node:readline';
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { BuildOutputParser } from './build-output.ts';
import type { TraceEvent } from './trace-decoder.ts';

export interface BuildSpec {
  context: Readable;
  /** Tag of the image, unique to this build. */
  tag: string;
  /** host:ip lines for /etc/hosts inside RUN steps (the npm mirror). */
  extraHosts: string[];
  labels: Record<string, string>;
  /** Build only up to this stage (BuildKit's `target`); the image is that stage's. */
  target?: string;
  timeoutMs: number;
  maxLogBytes: number;
  signal: AbortSignal;
}

export type BuildEvent = TraceEvent | { type: 'log-truncated'; limit: number };

export type BuildOutcome =
  | { outcome: 'success'; imageId: string }
  | { outcome: 'failed'; message: string; step: string | undefined }
  | { outcome: 'cancelled' | 'timeout' };

export async function runBuild(docker: Docker, spec: BuildSpec, emit: (event: BuildEvent) => void): Promise<BuildOutcome> {
  const timeout = AbortSignal.timeout(spec.timeoutMs);
  const signal = AbortSignal.any([spec.signal, timeout]);
  const parser = new BuildOutputParser();
  let logBytes = 0;
  let truncated = false;
  let imageId: string | undefined;
  let failure: string | undefined;

  const stopped = (): BuildOutcome | undefined =>
    spec.signal.aborted ? { outcome: 'cancelled' } : timeout.aborted ? { outcome: 'timeout' } : undefined;

  try {
    const response = (await docker.buildImage(spec.context, {
      t: spec.tag,
      version: '2', // BuildKit
      extrahosts: spec.extraHosts.join(','),
      labels: spec.labels,
      ...(spec.target !== undefined && { target: spec.target }),
      networkmode: 'default', // never "host"; the sandbox network only reaches the mirror
      rm: true,
      forcerm: true,
      abortSignal: signal,
    } as Docker.ImageBuildOptions)) as unknown as Readable;

    const lines = readline.createInterface({ input: response, crlfDelay: Infinity });
    for await (const line of lines) {
      for (const event of parser.parseLine(line)) {
        if (event.type === 'image') imageId = event.id;
        else if (event.type === 'failure') failure = event.message;
        else if (event.type === 'log') {
          if (truncated) continue;
          logBytes += Buffer.byteLength(event.text);
          if (logBytes > spec.maxLogBytes) {
            truncated = true;
            emit({ type: 'log-truncated', limit: spec.maxLogBytes });
            continue;
          }
          emit(event);
        } else emit(event);
      }
    }
  } catch (error) {
    const stop = stopped();
    if (stop) return stop;
    throw error;
  }
  const stop = stopped();
  if (stop) return stop;
  if (failure !== undefined) return { outcome: 'failed', message: failure, step: parser.trace.failedStep() };
  if (!imageId) return { outcome: 'failed', message: 'the engine ended the build without an image', step: undefined };
  return { outcome: 'success', imageId };
}
