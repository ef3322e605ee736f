// Runs units in order (each one's first start attempt before the next one's: the mirror before
// the engines that use it, the engines before the web server that sends them builds) and keeps
// every one alive after that; stops them in reverse order.
import { defaultBackoff } from './backoff.ts';
import type { Unit, UnitEvent } from './unit.ts';
import { UnitRunner, type RunnerOptions, type UnitStatus } from './unit-runner.ts';

export type UnitTuning = Partial<Pick<RunnerOptions, 'checkEveryMs' | 'failedChecksBeforeRestart' | 'startTimeoutMs' | 'checkTimeoutMs'>>;

export interface SupervisedUnit {
  unit: Unit;
  tuning?: UnitTuning;
}

export const defaultTuning = (checkEveryMs: number): Omit<RunnerOptions, 'onEvent'> => ({
  checkEveryMs,
  failedChecksBeforeRestart: 3,
  startTimeoutMs: 10 * 60 * 1000, // a first engine start may load base images
  checkTimeoutMs: 10_000,
  backoff: defaultBackoff,
});

export class Supervisor {
  private readonly runners: UnitRunner[];

  constructor(units: readonly SupervisedUnit[], base: Omit<RunnerOptions, 'onEvent'>, onEvent: (event: UnitEvent) => void) {
    this.runners = units.map(({ unit, tuning }) => new UnitRunner(unit, { ...base, ...tuning, onEvent }));
  }

  async start(): Promise<void> {
    for (const runner of this.runners) await runner.run();
  }

  async stop(): Promise<void> {
    for (const runner of [...this.runners].reverse()) await runner.stop();
  }

  status(): UnitStatus[] {
    return this.runners.map((r) => r.status());
  }

  /** Restarts one unit by name, or every unit for `all`; false when there is no such unit. */
  restart(name: string): boolean {
    const chosen = name === 'all' ? this.runners : this.runners.filter((r) => r.unit.name === name);
    chosen.forEach((r) => r.requestRestart());
    return chosen.length > 0;
  }
}
