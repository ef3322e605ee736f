// Runs one build on one sandbox engine through BuildKit and reports its events as they come.
// Enforces the wall-clock limit and the log byte cap; an abort stops the build in the engine.
//
// The build request is dialled directly, not through dockerode's buildImage: that one opens a
// BuildKit session first (a tar context needs none) and hands the abort signal to requests it
// has not created yet, which throws outside any handler when a learner cancels at once. Here a
// cancel is `POST /build/cancel` plus dropping the response, and every wait races the signal.
import crypto from 'node:crypto';
import readline from 'node:readline';
import Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { BuildOutputParser } from './build-output.ts';
import { callSignal, whenAborted } from './engine-call.ts';
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

/** A client of the same engine whose requests give up after `idleMs` of silence. */
function clientWithIdleTimeout(docker: Docker, idleMs: number): Docker {
  const { socketPath, host, port, protocol } = docker.modem as unknown as { socketPath?: string; host?: string; port?: number; protocol?: 'http' | 'https' };
  return new Docker({ ...(socketPath ? { socketPath } : { host, port, protocol }), timeout: idleMs });
}

/** Opens the build; resolves with the engine's response stream, or undefined when stopped first. */
function openBuild(docker: Docker, spec: BuildSpec, buildId: string, signal: AbortSignal): Promise<IncomingMessage | undefined> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const stop = () => {
      if (settled) return;
      settled = true;
      resolve(undefined);
    };
    signal.addEventListener('abort', stop, { once: true });
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        file: spec.context,
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
        options: {
          t: spec.tag,
          version: '2', // BuildKit
          buildid: buildId,
          ...(spec.extraHosts.length > 0 && { extrahosts: spec.extraHosts.join(',') }),
          labels: spec.labels,
          ...(spec.target !== undefined && { target: spec.target }),
          networkmode: 'default', // never "host"; the sandbox network only reaches the mirror
          rm: true,
          forcerm: true,
        },
      },
      ((error: unknown, response: IncomingMessage | undefined) => {
        signal.removeEventListener('abort', stop);
        if (settled) {
          response?.destroy(); // stopped meanwhile: nobody reads this any more
          return;
        }
        settled = true;
        if (error) reject(error);
        else resolve(response);
      }) as Parameters<Docker['modem']['dial']>[1],
    );
  });
}

export async function runBuild(docker: Docker, spec: BuildSpec, emit: (event: BuildEvent) => void): Promise<BuildOutcome> {
  const timeout = AbortSignal.timeout(spec.timeoutMs);
  const signal = AbortSignal.any([spec.signal, timeout]);
  const parser = new BuildOutputParser();
  const buildId = crypto.randomUUID();
  let logBytes = 0;
  let truncated = false;
  let imageId: string | undefined;
  let failure: string | undefined;
  let response: IncomingMessage | undefined;

  const stopped = (): BuildOutcome | undefined =>
    spec.signal.aborted ? { outcome: 'cancelled' } : timeout.aborted ? { outcome: 'timeout' } : undefined;
  // Stops the build inside the engine too (dropping the connection alone may leave it running).
  const cancelInEngine = () => {
    response?.destroy();
    docker.modem.dial({ path: '/build/cancel?', method: 'POST', options: { id: buildId }, abortSignal: callSignal(), statusCodes: { 200: true, 404: true, 500: 'server error' } }, () => {});
  };
  signal.addEventListener('abort', cancelInEngine, { once: true });

  try {
    // A silent step (RUN sleep) sends nothing for a while: the idle limit is the build's own.
    response = await openBuild(clientWithIdleTimeout(docker, spec.timeoutMs + 60_000), spec, buildId, signal);
    if (!response) return stopped() ?? { outcome: 'cancelled' };
    // Errors after the last line is read (a reset as the engine closes) must not go unheard.
    response.on('error', () => {});
    const lines = readline.createInterface({ input: response, crlfDelay: Infinity });
    const reading = (async () => {
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
    })();
    reading.catch(() => undefined); // its failure is read below, or does not matter once stopped
    await Promise.race([reading, whenAborted(signal)]);
    const stop = stopped();
    if (stop) return stop;
    await reading;
  } catch (error) {
    const stop = stopped();
    if (stop) return stop;
    throw error;
  } finally {
    signal.removeEventListener('abort', cancelInEngine);
  }
  if (failure !== undefined) return { outcome: 'failed', message: failure, step: parser.trace.failedStep() };
  if (!imageId) return { outcome: 'failed', message: 'the engine ended the build without an image', step: undefined };
  return { outcome: 'success', imageId };
}
