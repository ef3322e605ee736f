// Keeps one unit alive: start it, check it every few seconds, and when it dies (its process
// exits, or it fails several checks in a row) stop what is left of it and start it again after
// the back-off. A small state machine: every phase change goes through `enter`, which checks
// the transition against the table below.
import { RestartBackoff, type BackoffOptions } from './backoff.ts';
import type { Unit, UnitEvent } from './unit.ts';

export type UnitPhase = 'stopped' | 'starting' | 'up' | 'backoff' | 'stopping';

const transitions: Record<UnitPhase, readonly UnitPhase[]> = {
  stopped: ['starting'],
  starting: ['up', 'backoff', 'stopping', 'starting'],
  up: ['backoff', 'starting', 'stopping'],
  backoff: ['starting', 'stopping'],
  stopping: ['stopped'],
};

export interface RunnerOptions {
  checkEveryMs: number;
  /** Failed checks in a row that count as dead (one slow answer is not a crash). */
  failedChecksBeforeRestart: number;
  /** A start that takes longer than this failed. */
  startTimeoutMs: number;
  /** A check that takes longer than this failed. */
  checkTimeoutMs: number;
  backoff: BackoffOptions;
  onEvent: (event: UnitEvent) => void;
  now?: () => number;
}

export interface UnitStatus {
  unit: string;
  phase: UnitPhase;
  since: number;
  restarts: number;
  pid: number | undefined;
  lastProblem: string | undefined;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class UnitRunner {
  readonly unit: Unit;
  private readonly options: RunnerOptions;
  private readonly backoff: RestartBackoff;
  private readonly now: () => number;
  private phase: UnitPhase = 'stopped';
  private since: number;
  private restarts = 0;
  private lastProblem: string | undefined;
  private exitReason: string | undefined;
  private stopRequested = false;
  private restartRequested = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private firstAttemptDone: (() => void) | undefined;

  constructor(unit: Unit, options: RunnerOptions) {
    this.unit = unit;
    this.options = options;
    this.backoff = new RestartBackoff(options.backoff);
    this.now = options.now ?? Date.now;
    this.since = this.now();
    unit.watchExit?.((reason) => {
      if (this.phase !== 'up') return; // a start in progress reports its own failure
      this.exitReason = reason;
      this.interrupt();
    });
  }

  /** Starts the loop; resolves after the first start attempt, whether it worked or not. */
  run(): Promise<void> {
    if (this.loop) throw new Error(`${this.unit.name} is already running`);
    const firstAttempt = new Promise<void>((resolve) => (this.firstAttemptDone = resolve));
    this.loop = this.keepAlive();
    return firstAttempt;
  }

  requestRestart(): void {
    this.restartRequested = true;
    this.interrupt();
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.interrupt();
    await this.loop;
  }

  status(): UnitStatus {
    return { unit: this.unit.name, phase: this.phase, since: this.since, restarts: this.restarts, pid: this.unit.pid?.(), lastProblem: this.lastProblem };
  }

  private async keepAlive(): Promise<void> {
    while (!this.stopRequested) {
      this.enter('starting');
      this.exitReason = undefined;
      this.emit({ event: 'starting' });
      try {
        await withTimeout(this.unit.start(), this.options.startTimeoutMs, 'starting');
      } catch (error) {
        this.lastProblem = messageOf(error);
        this.emit({ event: 'start-failed', reason: this.lastProblem });
        this.firstAttemptDone?.();
        await this.stopUnit();
        await this.waitBeforeRetry();
        continue;
      }
      if (this.stopRequested) break;
      this.enter('up');
      this.backoff.up(this.now());
      this.emit({ event: 'up' });
      this.firstAttemptDone?.();
      const problem = await this.watch();
      if (this.stopRequested) break;
      await this.stopUnit();
      if (this.restartRequested) {
        this.restartRequested = false;
        this.emit({ event: 'restart-requested' });
        continue;
      }
      this.lastProblem = problem;
      this.emit({ event: 'down', reason: problem });
      await this.waitBeforeRetry();
    }
    this.enter('stopping');
    await this.stopUnit();
    this.enter('stopped');
    this.emit({ event: 'stopped' });
    this.firstAttemptDone?.();
  }

  /** Resolves with what is wrong once the unit is dead, or early on a stop or restart request. */
  private async watch(): Promise<string | undefined> {
    let failed = 0;
    for (;;) {
      await this.pause(this.options.checkEveryMs);
      if (this.stopRequested || this.restartRequested) return undefined;
      if (this.exitReason !== undefined) return this.exitReason;
      const problem = await withTimeout(this.unit.check(), this.options.checkTimeoutMs, 'the health check').catch(messageOf);
      if (this.stopRequested || this.restartRequested) return undefined;
      if (this.exitReason !== undefined) return this.exitReason;
      if (problem === undefined) {
        failed = 0;
        continue;
      }
      failed += 1;
      this.lastProblem = problem;
      this.emit({ event: 'check-failed', reason: `${problem} (${failed} of ${this.options.failedChecksBeforeRestart})` });
      if (failed >= this.options.failedChecksBeforeRestart) return problem;
    }
  }

  private async waitBeforeRetry(): Promise<void> {
    if (this.stopRequested) return;
    const next = this.backoff.failed(this.now());
    this.restarts += 1;
    this.enter('backoff');
    if (next.crashLoop) this.emit({ event: 'crash-loop', failuresInRow: next.failuresInRow });
    this.emit({ event: 'restart-scheduled', delayMs: next.delayMs, failuresInRow: next.failuresInRow });
    if (next.delayMs > 0) await this.pause(next.delayMs);
    this.restartRequested = false; // a restart asked for during the back-off is this one
  }

  private async stopUnit(): Promise<void> {
    await this.unit.stop().catch((error) => this.emit({ event: 'check-failed', reason: `stopping: ${messageOf(error)}` }));
  }

  /** Sleeps, or less when interrupt() is called (a stop, a restart request, an exit). */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  private interrupt(): void {
    this.wake?.();
  }

  private enter(phase: UnitPhase): void {
    if (phase === this.phase) return;
    if (!transitions[this.phase].includes(phase)) throw new Error(`${this.unit.name}: no transition from ${this.phase} to ${phase}`);
    this.phase = phase;
    this.since = this.now();
  }

  private emit(event: Omit<UnitEvent, 'unit'>): void {
    this.options.onEvent({ unit: this.unit.name, ...event });
  }
}
