// A fake sandbox for unit tests of the build service and the session: each build and check
// waits until the test lets it end, fails, or its signal aborts, exactly as the real engine
// work does. Everything else (scheduler, journal, service, session) is the real code.
import { dockerfileFacts } from '../../shared/dockerfile-facts.ts';
import { lintDockerfile } from '../../shared/lint/dockerfile-lint.ts';
import { rewriteDockerfile } from './dockerfile-rewrite.ts';
import { BuildJournal } from './build-journal.ts';
import { BuildService, type BuildObserver, type BuildSummary, type EngineWork } from './build-service.ts';
import { Scheduler } from './scheduler.ts';
import type { CheckOutcome, CheckRequest, StepVerdicts } from '../checkpoints/check-build.ts';
import { config } from '../config.ts';
import { EnginePool, type Engine } from '../engine/engine-pool.ts';
import { loadLab } from '../labs/lab-registry.ts';
import type { LabBuildEvent, LabBuildOutcome, LabBuildRequest } from './lab-build.ts';

export interface PendingBuild {
  engine: Engine;
  request: LabBuildRequest;
  emit: (event: LabBuildEvent) => void;
  end: (outcome: LabBuildOutcome) => void;
  fail: (error: unknown) => void;
}

export interface PendingCheck {
  engine: Engine;
  request: CheckRequest;
  signal: AbortSignal;
  end: (outcome: CheckOutcome) => void;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

export class FakeEngineWork implements EngineWork {
  readonly builds: PendingBuild[] = [];
  readonly checks: PendingCheck[] = [];
  readonly removed: string[] = [];
  /** When set, an aborted check takes this long to wind down (the slot must wait for it). */
  checkWindDownMs = 0;

  build(engine: Engine, request: LabBuildRequest, _settings: unknown, emit: (event: LabBuildEvent) => void): Promise<LabBuildOutcome> {
    return new Promise((resolve, reject) => {
      const stop = () => resolve({ outcome: 'cancelled' });
      if (request.signal.aborted) return stop();
      request.signal.addEventListener('abort', stop, { once: true });
      this.builds.push({ engine, request, emit, end: resolve, fail: reject });
    });
  }

  check(engine: Engine, request: CheckRequest, signal: AbortSignal): Promise<CheckOutcome> {
    return new Promise((resolve) => {
      signal.addEventListener('abort', () => setTimeout(() => resolve({ steps: [], error: signal.reason }), this.checkWindDownMs), { once: true });
      this.checks.push({ engine, request, signal, end: resolve });
    });
  }

  async removeImage(_engine: Engine, imageId: string): Promise<void> {
    this.removed.push(imageId);
  }

  /** Waits until the n-th build (0-based) has reached the engine. */
  async nthBuild(n: number): Promise<PendingBuild> {
    for (let i = 0; i < 200 && this.builds.length <= n; i++) await settle();
    if (!this.builds[n]) throw new Error(`build ${n} never reached the engine`);
    return this.builds[n]!;
  }

  async nthCheck(n: number): Promise<PendingCheck> {
    for (let i = 0; i < 200 && this.checks.length <= n; i++) await settle();
    if (!this.checks[n]) throw new Error(`check ${n} never started`);
    return this.checks[n]!;
  }
}

/** What the progress store would have heard. */
export class RecordingObserver implements BuildObserver {
  readonly finishedCalls: Array<{ lab: string; result: BuildSummary; steps: StepVerdicts[] }> = [];
  failWith: Error | undefined;
  sizes() {
    return {};
  }
  finished(lab: string, result: BuildSummary, steps: StepVerdicts[]) {
    if (this.failWith) throw this.failWith;
    this.finishedCalls.push({ lab, result, steps });
  }
}

export const silentLog = { info: () => {}, warn: () => {}, error: () => {} };

export interface Harness {
  service: BuildService;
  scheduler: Scheduler;
  journal: BuildJournal;
  pool: EnginePool;
  work: FakeEngineWork;
  /** Engines whose ping fails from now on. */
  down: Set<string>;
  /** Engines emptied after a build hit a limit, in order. */
  emptied: string[];
}

export async function harness(options: { engines?: number; slots?: number; checkSeconds?: number; buildSeconds?: number; abandonGraceMs?: number; buildsPerAddress?: number } = {}): Promise<Harness> {
  const lab = await loadLab(config.labsDir, 'multistage-node');
  const down = new Set<string>();
  const endpoints = Array.from({ length: options.engines ?? 1 }, (_, i) => `unix:///fake-${i}.sock`);
  const emptied: string[] = [];
  const pool = new EnginePool(endpoints, { failuresToMarkDown: 1, empty: async (engine) => void emptied.push(engine.name) }, async (engine) => !down.has(engine.name));
  await pool.checkAll();
  const scheduler = new Scheduler(pool, options.slots ?? 1, 10);
  const journal = new BuildJournal({ maxBytesPerBuild: 64 * 1024, retentionMs: 60_000, abandonGraceMs: options.abandonGraceMs ?? 60_000, finishedPerLearner: 2, maxTotalBytes: 1024 * 1024 });
  const work = new FakeEngineWork();
  const settings = {
    ...config,
    limits: { ...config.limits, checkSeconds: options.checkSeconds ?? 90, buildSeconds: options.buildSeconds ?? 300, buildsPerAddress: options.buildsPerAddress ?? 300 },
  };
  // The reading the lint thread does, on the test's own thread.
  const read = async (text: string, learner: string) => ({ diagnostics: lintDockerfile(text), stages: dockerfileFacts(text).stages, rewrite: rewriteDockerfile(text, learner) });
  const service = new BuildService({ labs: new Map([[lab.id, lab]]), scheduler, journal, pool, settings, log: silentLog, work, read });
  return { service, scheduler, journal, pool, work, down, emptied };
}

export const starterRequest = {
  type: 'build' as const,
  lab: 'multistage-node',
  file: 'Dockerfile',
  files: { Dockerfile: 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n' },
};
