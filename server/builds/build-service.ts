// One learner build from request to verdicts: queue -> sandbox engine -> events -> image size
// -> checkpoints -> clean-up. Sends protocol messages through `send`; tells the learner's
// progress through a BuildObserver.
import crypto from 'node:crypto';
import type { Config } from '../config.ts';
import { checkBuild, type StepVerdicts } from '../checkpoints/check-build.ts';
import { dockerfileFacts } from '../../shared/dockerfile-facts.ts';
import { lintDockerfile } from '../../shared/lint/dockerfile-lint.ts';
import type { Lab } from '../labs/lab-registry.ts';
import type { BuildRequest, ResultMessage, ServerMessage } from '../../shared/protocol/messages.ts';
import { ContextTooLargeError } from './build-context.ts';
import { BuildQueue, QueueFullError } from './build-queue.ts';
import { EnginePool } from '../engine/engine-pool.ts';
import { checkContextSize, removeImage, runLabBuild, type LabBuildOutcome } from './lab-build.ts';

export type Send = (message: ServerMessage) => void;

/** What a build needs from, and tells to, the learner's progress. */
export interface BuildObserver {
  /** The learner's latest successful image size per editor file of the lab. */
  sizes(lab: string): Promise<Record<string, number>> | Record<string, number>;
  finished(lab: string, result: ResultMessage, steps: StepVerdicts[]): Promise<void> | void;
}

type Settings = Pick<Config, 'limits' | 'sandbox' | 'infra'>;

export class BuildService {
  private readonly queue: BuildQueue;
  private readonly labs: ReadonlyMap<string, Lab>;
  private readonly pool: EnginePool;
  private readonly settings: Settings;

  constructor(labs: ReadonlyMap<string, Lab>, pool: EnginePool, settings: Settings) {
    this.labs = labs;
    this.pool = pool;
    this.settings = settings;
    this.queue = new BuildQueue(pool.capacity, settings.limits.queueLength);
  }

  async build(request: BuildRequest, send: Send, signal: AbortSignal, observer: BuildObserver): Promise<void> {
    const lab = this.labs.get(request.lab);
    if (!lab) {
      send({ type: 'error', code: 'unknown-lab', message: `there is no lab "${request.lab}"` });
      return;
    }
    const editor = lab.definition.editors.find((e) => e.file === request.file);
    if (!editor?.buildable) {
      const files = lab.definition.editors.filter((e) => e.buildable).map((e) => e.file);
      send({ type: 'error', code: 'bad-message', message: `file: expected one of ${files.join(', ')}, got "${request.file}"` });
      return;
    }
    const buildId = crypto.randomUUID();
    const files = { ...request.files };
    try {
      checkContextSize({ lab, files }, this.settings); // refuse an oversized context before queueing
    } catch (error) {
      if (!(error instanceof ContextTooLargeError)) throw error;
      send({ type: 'error', code: 'too-large', message: error.message });
      return;
    }
    const stages = dockerfileFacts(request.files.Dockerfile).stages;
    // The same rules as the editor's, so the page and the server never disagree. Findings
    // do not stop the build: errors among them make BuildKit fail on its own.
    const diagnostics = lintDockerfile(request.files.Dockerfile);
    if (diagnostics.length > 0) {
      send({
        type: 'lint',
        diagnostics: diagnostics.map((d) => ({ rule: d.rule, severity: d.severity, message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1 })),
      });
    }
    const checksFile = lab.definition.steps.some((s) => s.file === request.file);
    const started = Date.now();
    let resultSent = false;
    const result = (outcome: LabBuildOutcome['outcome'], checking: boolean, imageSize?: number): ResultMessage => ({
      type: 'result',
      buildId,
      file: request.file,
      ok: outcome === 'success',
      outcome,
      stages,
      durationMs: Date.now() - started,
      checking,
      ...(imageSize !== undefined && { imageSize }),
    });

    try {
      await this.queue.run(
        async () => {
          const engine = this.pool.acquire();
          try {
            send({ type: 'started', buildId });
            const outcome = await runLabBuild(engine.docker, { lab, buildId, files, signal }, this.settings, (event) => {
              if (event.type === 'note') send({ type: 'log', step: '', stream: 'stderr', text: event.text });
              else if (event.type === 'log-truncated') {
                send({ type: 'error', code: 'log-truncated', message: `the log passed ${event.limit} bytes; the rest is not shown, the build goes on` });
              } else send(event);
            });
            if (outcome.outcome === 'cancelled' || outcome.outcome === 'timeout') {
              send(
                outcome.outcome === 'timeout'
                  ? { type: 'error', code: 'timeout', message: `the build ran longer than ${this.settings.limits.buildSeconds} s and was stopped` }
                  : { type: 'error', code: 'cancelled', message: 'the build was cancelled' },
              );
              send(result(outcome.outcome, false));
              return;
            }
            if (outcome.outcome === 'failed') {
              send({ type: 'error', code: 'build-failed', message: outcome.message, ...(outcome.step !== undefined && { step: outcome.step }) });
            }
            const final = result(outcome.outcome, checksFile, outcome.outcome === 'success' ? outcome.imageSize : undefined);
            if (!checksFile) {
              // Stored before the page hears the end, so a reload right after finds it.
              await observer.finished(lab.id, final, []);
              send(final);
              resultSent = true;
              if (outcome.outcome === 'success') await removeImage(engine.docker, outcome.imageId);
              return;
            }
            send(final);
            resultSent = true;
            let steps: StepVerdicts[] = [];
            {
              const checkStarted = Date.now();
              try {
                steps = await checkBuild(engine.docker, {
                  lab,
                  file: request.file,
                  dockerfile: request.files.Dockerfile,
                  files,
                  buildId,
                  outcome: 'imageId' in outcome ? { ok: true, imageId: outcome.imageId } : { ok: false, failure: 'message' in outcome ? outcome.message : 'the build failed' },
                  otherSizes: await observer.sizes(lab.id),
                });
              } catch (error) {
                send({ type: 'error', code: 'engine-unavailable', message: `checking the image failed: ${error instanceof Error ? error.message : String(error)}` });
              }
              await observer.finished(lab.id, final, steps);
              // Always sent when announced: it ends the build for the page.
              send({ type: 'checkpoints', buildId, file: request.file, steps, durationMs: Date.now() - checkStarted });
            }
            if (outcome.outcome === 'success') await removeImage(engine.docker, outcome.imageId);
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
      } else if (signal.aborted && !resultSent) {
        send({ type: 'error', code: 'cancelled', message: 'the build was cancelled before it started' });
        send(result('cancelled', false));
      } else {
        send({ type: 'error', code: 'engine-unavailable', message: `the build engine failed: ${error instanceof Error ? error.message : String(error)}` });
        if (!resultSent) send(result('failed', false));
      }
    }
  }
}
