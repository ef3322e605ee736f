// One learner build from request to result: lab files + Dockerfile -> context -> queue ->
// sandbox engine -> events -> image size -> clean-up. Sends protocol messages through `send`.
import crypto from 'node:crypto';
import { DockerfileParser } from 'dockerfile-ast';
import type { Config } from '../config.ts';
import type { Lab } from '../labs/lab-registry.ts';
import type { BuildRequest, ServerMessage } from '../protocol/messages.ts';
import { ContextTooLargeError, packContext } from './build-context.ts';
import { BuildQueue, QueueFullError } from './build-queue.ts';
import { EnginePool } from './engine-pool.ts';
import { runBuild, type BuildOutcome } from './run-build.ts';
import { dropSyntaxDirective } from './syntax-directive.ts';

export type Send = (message: ServerMessage) => void;

export const countStages = (dockerfile: string): number => DockerfileParser.parse(dockerfile).getFROMs().length;

export class BuildService {
  private readonly queue: BuildQueue;
  private readonly labs: ReadonlyMap<string, Lab>;
  private readonly pool: EnginePool;
  private readonly settings: Pick<Config, 'limits' | 'sandbox' | 'infra'>;

  constructor(labs: ReadonlyMap<string, Lab>, pool: EnginePool, settings: Pick<Config, 'limits' | 'sandbox' | 'infra'>) {
    this.labs = labs;
    this.pool = pool;
    this.settings = settings;
    this.queue = new BuildQueue(pool.capacity, settings.limits.queueLength);
  }

  async build(request: BuildRequest, send: Send, signal: AbortSignal): Promise<void> {
    const lab = this.labs.get(request.lab);
    if (!lab) {
      send({ type: 'error', code: 'unknown-lab', message: `there is no lab "${request.lab}"` });
      return;
    }
    const { limits, sandbox, infra } = this.settings;
    const stages = countStages(request.files.Dockerfile);
    const buildId = crypto.randomUUID();
    const started = Date.now();
    const result = (outcome: BuildOutcome['outcome'], imageSize?: number) =>
      send({ type: 'result', buildId, ok: outcome === 'success', outcome, stages, durationMs: Date.now() - started, ...(imageSize !== undefined && { imageSize }) });

    const dockerfile = dropSyntaxDirective(request.files.Dockerfile);
    let context;
    try {
      context = packContext(lab.contextFiles, { ...request.files, Dockerfile: dockerfile.text }, limits.contextBytes);
    } catch (error) {
      if (!(error instanceof ContextTooLargeError)) throw error;
      send({ type: 'error', code: 'too-large', message: error.message });
      return;
    }

    try {
      await this.queue.run(
        async () => {
          const engine = this.pool.acquire();
          const tag = `mslab-build/${buildId}`;
          try {
            send({ type: 'started', buildId });
            if (dockerfile.droppedSyntax) {
              send({ type: 'log', step: '', stream: 'stderr', text: `note: "# syntax=${dockerfile.droppedSyntax}" ignored; no registry is reachable to fetch that frontend, so the engine's built-in one is used\n` });
            }
            const outcome = await runBuild(
              engine.docker,
              {
                context: context.stream,
                tag,
                extraHosts: [`${sandbox.registryHost}:${infra.gateway}`],
                labels: { 'lab.multistage.lab': lab.id, 'lab.multistage.build': buildId },
                timeoutMs: limits.buildSeconds * 1000,
                maxLogBytes: limits.logBytes,
                signal,
              },
              (event) => {
                if (event.type === 'log-truncated') {
                  send({ type: 'error', code: 'log-truncated', message: `the log passed ${event.limit} bytes; the rest is not shown, the build goes on` });
                } else send(event);
              },
            );
            if (outcome.outcome === 'success') {
              const image = engine.docker.getImage(outcome.imageId);
              const { Size } = await image.inspect();
              await image.remove({ force: true }).catch(() => undefined);
              result('success', Size);
              return;
            }
            if (outcome.outcome === 'failed') {
              send({
                type: 'error',
                code: 'build-failed',
                message: outcome.message,
                ...(outcome.step !== undefined && { step: outcome.step }),
              });
            } else if (outcome.outcome === 'timeout') {
              send({ type: 'error', code: 'timeout', message: `the build ran longer than ${limits.buildSeconds} s and was stopped` });
            } else {
              send({ type: 'error', code: 'cancelled', message: 'the build was cancelled' });
            }
            result(outcome.outcome);
          } finally {
            this.pool.release(engine);
          }
        },
        (position) => send({ type: 'queued', position }),
        signal,
      );
    } catch (error) {
      if (error instanceof QueueFullError) {
        send({ type: 'error', code: 'queue-full', message: error.message });
      } else if (signal.aborted) {
        send({ type: 'error', code: 'cancelled', message: 'the build was cancelled before it started' });
        result('cancelled');
      } else {
        send({ type: 'error', code: 'engine-unavailable', message: `the build engine failed: ${error instanceof Error ? error.message : String(error)}` });
        result('failed');
      }
    }
  }
}
