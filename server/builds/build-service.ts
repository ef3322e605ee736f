// One learner build from request to verdicts: checks -> wait line -> engine slot -> BuildKit
// -> image size -> checkpoints -> clean-up -> slot back. Every message goes into the build's
// journal (build-journal.ts), from which any page of the learner follows it. Every build ends
// with exactly one `result` (and one `checkpoints` when the result announces it), whatever
// happens: cancel, deadline, an engine that dies, a database that cannot be written.
import type { Logger } from 'pino';
import type { DockerfileReading } from '../lint-thread/lint-thread.ts';
import { dockerfileFacts } from '../../shared/dockerfile-facts.ts';
import type { BuildEvent, BuildMessage, BuildRequest, ErrorCode, ResultMessage } from '../../shared/protocol/messages.ts';
import { checkBuild, type CheckOutcome, type CheckRequest, type StepVerdicts } from '../checkpoints/check-build.ts';
import type { Config } from '../config.ts';
import { isEngineGone } from '../engine/engine-call.ts';
import type { Engine, EnginePool } from '../engine/engine-pool.ts';
import type { Lab } from '../labs/lab-registry.ts';
import { ContextTooLargeError, DockerignoreError } from './build-context.ts';
import { AbandonedError, type BuildJournal, type BuildRecord } from './build-journal.ts';
import { checkContextSize, removeImage, runLabBuild, type LabBuildEvent, type LabBuildOutcome, type LabBuildRequest } from './lab-build.ts';
import { hitLimit } from './limit-hit.ts';
import { QueueFullError, type Lease, type Scheduler } from './scheduler.ts';
import { targetProblem } from '../../shared/image-analysis/stage-graph.ts';
import { stepsOf, type BuildAnalyzer } from '../image-analysis/build-analyzer.ts';
import { storedVerdicts } from '../checkpoints/check-build.ts';

/** A build's result as the progress store keeps it. */
export type BuildSummary = Omit<ResultMessage, 'buildId' | 'seq'>;

/** What a build needs from, and tells to, the learner's progress. */
export interface BuildObserver {
  /** The learner's latest successful image size per editor file of the lab. */
  sizes(lab: string): Promise<Record<string, number>> | Record<string, number>;
  /** `log`: the build's messages so far (its steps, output and errors), for a class's instructor. */
  finished(lab: string, result: BuildSummary, steps: StepVerdicts[], log: readonly BuildMessage[]): Promise<void> | void;
}

type Settings = Pick<Config, 'limits' | 'sandbox' | 'infra'>;

/** What a build does on an engine: the arrow to the sandbox, replaceable by a fake in unit tests. */
export interface EngineWork {
  build(engine: Engine, request: LabBuildRequest, settings: Settings, emit: (event: LabBuildEvent) => void): Promise<LabBuildOutcome>;
  check(engine: Engine, request: CheckRequest, signal: AbortSignal): Promise<CheckOutcome>;
  removeImage(engine: Engine, imageId: string): Promise<void>;
}

export const sandboxWork: EngineWork = {
  build: (engine, request, settings, emit) => runLabBuild(engine.docker, request, settings, emit),
  check: (engine, request, signal) => checkBuild(engine.docker, request, signal),
  removeImage: (engine, imageId) => removeImage(engine.docker, imageId),
};

export interface BuildServiceDeps {
  labs: ReadonlyMap<string, Lab>;
  scheduler: Scheduler;
  journal: BuildJournal;
  pool: EnginePool;
  settings: Settings;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Labels on every image and container of this server process (see janitor.ts). */
  labels?: Record<string, string>;
  /** Default: the real sandbox. */
  work?: EngineWork;
  /** Looks inside each successful build's image (server/image-analysis); none in unit tests with a fake engine. */
  analyzer?: BuildAnalyzer;
  /**
   * Reads a learner's Dockerfile: the editor's rules, its stage count, and the rewrite the
   * sandbox builds. The server does it off its event loop (lint-thread.ts).
   */
  read: (dockerfile: string, learner: string) => Promise<DockerfileReading>;
}

/** Who asks for a build: the learner (cookie) and the client address the caps count. */
export interface Requester {
  learner: string;
  address: string;
}


export type StartOutcome = { ok: true; record: BuildRecord } | { ok: false; code: ErrorCode; message: string };

/** What learners read when the engine fails; the details go to the server log with the build id. */
const ENGINE_TROUBLE = 'the build engine had a problem with this build; try again in a minute';


/** Why a build stopped: the learner, the overall deadline, or nobody following it. */
function stopReason(cancel: AbortSignal, deadline: AbortSignal): { code: 'cancelled' | 'deadline'; message: string } | undefined {
  if (cancel.aborted) {
    return cancel.reason instanceof AbandonedError
      ? { code: 'cancelled', message: 'the build was cancelled: no page followed it any more' }
      : { code: 'cancelled', message: 'the build was cancelled' };
  }
  if (deadline.aborted) return { code: 'deadline', message: 'the build and its checks ran past their overall time limit and were stopped' };
  return undefined;
}

export class BuildService {
  private readonly deps: BuildServiceDeps;
  /** Requests whose Dockerfile is being read, per learner and per address. */
  private readonly reading = { learners: new Set<string>(), addresses: new Map<string, number>() };

  constructor(deps: BuildServiceDeps) {
    this.deps = deps;
  }

  /**
   * Accepts or refuses a build request at once. An accepted build runs on its own; follow it
   * through the returned record (its messages, numbered).
   */
  async start(who: Requester, request: BuildRequest, observer: BuildObserver): Promise<StartOutcome> {
    const { learner, address } = who;
    const { labs, settings, journal, scheduler } = this.deps;
    const lab = labs.get(request.lab);
    if (!lab) return { ok: false, code: 'unknown-lab', message: `there is no lab "${request.lab}"` };
    const editor = lab.definition.editors.find((e) => e.file === request.file);
    if (!editor?.buildable) {
      const files = lab.definition.editors.filter((e) => e.buildable).map((e) => e.file);
      return { ok: false, code: 'bad-message', message: `file: expected one of ${files.join(', ')}, got "${request.file}"` };
    }
    try {
      checkContextSize({ lab, files: request.files }, settings); // before anything is queued
      const problem = request.target === undefined ? undefined : targetProblem(request.files.Dockerfile, request.target);
      if (problem) return { ok: false, code: 'bad-message', message: problem };
    } catch (error) {
      if (error instanceof DockerignoreError) return { ok: false, code: 'refused', message: error.message };
      if (!(error instanceof ContextTooLargeError)) throw error;
      return { ok: false, code: 'too-large', message: error.message };
    }
    const refusal = (): StartOutcome | undefined => {
      if (journal.ofLearner(learner).filter((r) => r.active).length >= 2) {
        return { ok: false, code: 'busy', message: 'you already have a build running and one waiting; wait for one to end or cancel it' };
      }
      if (journal.activeFrom(address) >= settings.limits.buildsPerAddress) {
        return { ok: false, code: 'busy', message: `your network already has ${settings.limits.buildsPerAddress} builds running or waiting; try again in a minute` };
      }
      if (scheduler.waiting >= settings.limits.queueLength) {
        return { ok: false, code: 'queue-full', message: `${scheduler.waiting} builds are waiting; try again in a minute` };
      }
      return undefined;
    };
    const early = refusal();
    if (early) return early;
    const readsHere = this.reading.addresses.get(address) ?? 0;
    // Per address as many reads at once as builds: a class behind one NAT presses Build together.
    if (this.reading.learners.has(learner) || readsHere >= settings.limits.buildsPerAddress) {
      return { ok: false, code: 'busy', message: 'your last request is still being checked; wait a moment' };
    }
    // The same rules as the editor's, so the page and the server never disagree.
    let reading: DockerfileReading;
    this.reading.learners.add(learner);
    this.reading.addresses.set(address, readsHere + 1);
    try {
      reading = await this.deps.read(request.files.Dockerfile, learner);
    } catch (error) {
      return { ok: false, code: 'refused', message: error instanceof Error ? error.message : String(error) };
    } finally {
      this.reading.learners.delete(learner);
      const left = (this.reading.addresses.get(address) ?? 1) - 1;
      if (left > 0) this.reading.addresses.set(address, left);
      else this.reading.addresses.delete(address);
    }
    const { diagnostics } = reading;
    const blocking = diagnostics.filter((d) => d.blocksBuild);
    if (blocking.length > 0) {
      return { ok: false, code: 'refused', message: blocking.map((d) => `line ${d.range.start.line + 1}: ${d.message}`).join('\n') };
    }
    // Checked again: other tabs may have started builds while this one was linted.
    const late = refusal();
    if (late) return late;

    const record = journal.create(who, lab.id, request.file);
    record.emit({ type: 'accepted', lab: lab.id, file: request.file });
    if (diagnostics.length > 0) {
      record.emit({
        type: 'lint',
        diagnostics: diagnostics.map((d) => ({ rule: d.rule, severity: d.severity, message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1 })),
      });
    }
    void this.run(record, lab, request, observer, reading);
    return { ok: true, record };
  }

  private async run(record: BuildRecord, lab: Lab, request: BuildRequest, observer: BuildObserver, reading: DockerfileReading): Promise<void> {
    const { scheduler, pool, settings, log } = this.deps;
    const work = this.deps.work ?? sandboxWork;
    const cancel = record.controller.signal;
    const checksFile = lab.definition.steps.some((s) => s.file === request.file);
    const stages = reading.stages ?? dockerfileFacts(request.files.Dockerfile).stages;
    const started = Date.now();
    let resultSent = false;
    let checkpointsOwed = false;
    const emit = (event: BuildEvent) => record.emit(event);
    const result = (outcome: LabBuildOutcome['outcome'], checking: boolean, imageSize?: number): BuildSummary => ({
      type: 'result',
      file: request.file,
      ok: outcome === 'success',
      outcome,
      stages,
      durationMs: Date.now() - started,
      checking,
      ...(imageSize !== undefined && { imageSize }),
      ...(request.target !== undefined && { target: request.target }),
    });
    const sendResult = (message: BuildSummary) => {
      resultSent = true;
      checkpointsOwed = message.checking;
      emit(message);
    };
    const save = async (message: BuildSummary, steps: StepVerdicts[]) => {
      try {
        await observer.finished(lab.id, message, steps, record.after(0));
      } catch (error) {
        log.error({ err: error, buildId: record.id }, 'progress not saved');
        emit({ type: 'error', code: 'progress-not-saved', message: 'your progress could not be saved this time (the server could not write it); the result below is still right' });
      }
    };

    let lease: Lease | undefined;
    /** The build ended at one of the sandbox's limits (limit-hit.ts). */
    let atLimit = false;
    try {
      const onPosition = (position: number) => emit({ type: 'queued', position });
      if (pool.healthy.length === 0) {
        emit({ type: 'log', step: '', stream: 'stderr', text: 'note: no build engine is available right now (they restart by themselves); your build starts as soon as one is back\n' });
      }
      try {
        lease = await scheduler.acquire(record.learner, onPosition, cancel);
      } catch (error) {
        if (error instanceof QueueFullError) emit({ type: 'error', code: 'queue-full', message: error.message });
        else emit({ type: 'error', code: 'cancelled', message: stopReason(cancel, cancel)?.message ?? 'the build was cancelled before it started' });
        sendResult(result('cancelled', false));
        return;
      }
      // The overall deadline runs from the moment the build holds a slot; waiting in line is free.
      const deadline = AbortSignal.timeout((settings.limits.buildSeconds + settings.limits.checkSeconds) * 1000);
      const signal = AbortSignal.any([cancel, deadline]);
      record.phase = 'building';
      emit({ type: 'started' });

      let output = 0; // step and log events seen: an engine lost before any may be retried
      const onEvent = (event: LabBuildEvent) => {
        if (event.type === 'note') emit({ type: 'log', step: '', stream: 'stderr', text: event.text });
        else if (event.type === 'log-truncated') emit({ type: 'error', code: 'log-truncated', message: `the log passed ${event.limit} bytes; the rest is not shown, the build goes on` });
        else {
          output += 1;
          emit(event);
        }
      };
      const build = (engineLease: Lease) =>
        work.build(
          engineLease.engine,
          {
            lab,
            buildId: record.id,
            learner: record.learner,
            files: request.files,
            signal,
            ...(reading.rewrite && { rewrite: reading.rewrite }),
            ...(this.deps.labels && { labels: this.deps.labels }),
            ...(request.target !== undefined && { target: request.target }),
          },
          settings,
          onEvent,
        );
      let outcome: LabBuildOutcome;
      try {
        outcome = await build(lease);
      } catch (error) {
        if (!isEngineGone(error) || output > 0 || signal.aborted) throw error;
        // The engine died before this build did anything: try once more, at the head of the line.
        log.warn({ err: error, buildId: record.id, engine: lease.engine.name }, 'engine lost before any output; retrying the build once');
        lease.release();
        // Known down before the retry takes a slot, so the retry goes to another engine.
        await pool.reportFailure(lease.engine);
        lease = undefined;
        emit({ type: 'log', step: '', stream: 'stderr', text: 'note: the build engine stopped answering; your build moves to another one\n' });
        lease = await scheduler.acquire(record.learner, onPosition, signal, { first: true });
        outcome = await build(lease);
      }

      if (outcome.outcome === 'cancelled' || outcome.outcome === 'timeout') {
        const stop = stopReason(cancel, deadline);
        atLimit = hitLimit({ outcome: outcome.outcome === 'timeout' ? 'timeout' : stop?.code === 'deadline' ? 'deadline' : 'cancelled' });
        emit(
          outcome.outcome === 'timeout'
            ? { type: 'error', code: 'timeout', message: `the build ran longer than ${settings.limits.buildSeconds} s and was stopped` }
            : { type: 'error', code: stop?.code ?? 'cancelled', message: stop?.message ?? 'the build was cancelled' },
        );
        sendResult(result(outcome.outcome, false));
        return;
      }
      if (outcome.outcome === 'failed') {
        atLimit = hitLimit(outcome);
        emit({ type: 'error', code: 'build-failed', message: outcome.message, ...(outcome.step !== undefined && { step: outcome.step }) });
      }
      const imageId = outcome.outcome === 'success' ? outcome.imageId : undefined;
      // Inside the image while it exists, on this slot, before the checks, which use what it finds.
      const engine = lease.engine;
      const analyze = () =>
        outcome.outcome === 'success' && this.deps.analyzer
          ? this.deps.analyzer.analyze(
              engine,
              { buildId: record.id, learner: record.learner, lab: lab.id, file: request.file, dockerfile: request.files.Dockerfile, ...(request.target !== undefined && { target: request.target }), imageId: outcome.imageId, imageSize: outcome.imageSize, steps: stepsOf(record.after(0)) },
              signal,
              emit,
            )
          : Promise.resolve(undefined);
      try {
        const final = result(outcome.outcome, checksFile, outcome.outcome === 'success' ? outcome.imageSize : undefined);
        if (!checksFile) {
          await analyze(); // always before the message that ends the build
          // Stored before the page hears the end, so a reload right after finds it.
          await save(final, []);
          sendResult(final);
          return;
        }
        sendResult(final);
        const analysis = await analyze();
        record.phase = 'checking';
        const checkStarted = Date.now();
        const checkSignal = AbortSignal.any([signal, AbortSignal.timeout(settings.limits.checkSeconds * 1000)]);
        const otherSizes = await Promise.resolve(observer.sizes(lab.id)).catch((error: unknown) => {
          log.error({ err: error, buildId: record.id }, 'could not read the learner\'s other image sizes');
          return {};
        });
        const checked = await work.check(
          lease.engine,
          {
            lab,
            file: request.file,
            dockerfile: request.files.Dockerfile,
            files: request.files,
            buildId: record.id,
            outcome: imageId ? { ok: true, imageId } : { ok: false, failure: 'message' in outcome ? outcome.message : 'the build failed' },
            otherSizes,
            lint: reading.diagnostics,
            ...(analysis && { analysis }),
            ...(request.target !== undefined && { target: request.target }),
            ...(this.deps.labels && { labels: this.deps.labels }),
            steps: stepsOf(record.after(0)),
          },
          checkSignal,
        );
        if (checked.error !== undefined) {
          const stop = stopReason(cancel, deadline);
          if (stop) emit({ type: 'error', ...stop });
          else if (checkSignal.aborted) emit({ type: 'error', code: 'deadline', message: `the checks ran longer than ${settings.limits.checkSeconds} s and were stopped` });
          else {
            log.error({ err: checked.error, buildId: record.id, engine: lease.engine.name }, 'checkpoints failed');
            emit({ type: 'error', code: 'checks-failed', message: 'the checkpoints could not all be run this time; build again to check the rest' });
          }
        }
        await save(final, storedVerdicts(checked.steps));
        // Always sent when announced: it ends the build for the page.
        checkpointsOwed = false;
        emit({ type: 'checkpoints', file: request.file, steps: checked.steps, durationMs: Date.now() - checkStarted });
      } finally {
        if (imageId) await work.removeImage(lease.engine, imageId);
      }
    } catch (error) {
      log.error({ err: error, buildId: record.id, engine: lease?.engine.name }, 'build failed in the engine');
      if (lease && isEngineGone(error)) void pool.reportFailure(lease.engine);
      const stop = stopReason(cancel, cancel);
      emit({ type: 'error', code: stop ? stop.code : 'engine-unavailable', message: stop ? stop.message : ENGINE_TROUBLE });
      if (!resultSent) sendResult(result(stop ? 'cancelled' : 'failed', false));
      else if (checkpointsOwed) emit({ type: 'checkpoints', file: request.file, steps: [], durationMs: 0 });
    } finally {
      // An engine left at a limit takes no build until it has been emptied (after this release).
      if (lease && atLimit) pool.drain(lease.engine);
      // Only now is the engine work of this build over (build, checks, clean-up).
      lease?.release();
      record.finish();
    }
  }
}
