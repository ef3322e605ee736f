import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Unit, UnitEvent } from './unit.ts';
import { UnitRunner, type RunnerOptions } from './unit-runner.ts';

/** A unit whose health the test sets; it can also "exit" like a child process. */
class FakeUnit implements Unit {
  readonly name = 'fake';
  starts = 0;
  stops = 0;
  healthy = true;
  failStarts = 0;
  hangStarts = 0;
  private onExit: ((reason: string) => void) | undefined;

  async start(): Promise<void> {
    this.starts += 1;
    if (this.hangStarts > 0) {
      this.hangStarts -= 1;
      return new Promise(() => {});
    }
    if (this.failStarts > 0) {
      this.failStarts -= 1;
      throw new Error('cannot start');
    }
    this.healthy = true;
  }
  async check(): Promise<string | undefined> {
    return this.healthy ? undefined : 'does not answer';
  }
  async stop(): Promise<void> {
    this.stops += 1;
  }
  watchExit(onExit: (reason: string) => void): void {
    this.onExit = onExit;
  }
  exit(reason: string): void {
    this.onExit?.(reason);
  }
}

const options = (events: UnitEvent[]): RunnerOptions => ({
  checkEveryMs: 2000,
  failedChecksBeforeRestart: 3,
  startTimeoutMs: 60_000,
  checkTimeoutMs: 5000,
  backoff: { initialMs: 1000, maxMs: 8000, stableMs: 60_000, loopCount: 3, loopWindowMs: 120_000 },
  onEvent: (event) => events.push(event),
});

const kinds = (events: UnitEvent[]) => events.map((e) => e.event);

describe('unit runner', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('restarts a unit at once when its process exits, without waiting for a check', async () => {
    const events: UnitEvent[] = [];
    const unit = new FakeUnit();
    const runner = new UnitRunner(unit, options(events));
    await runner.run();
    expect(runner.status().phase).toBe('up');
    unit.exit('exited with signal SIGKILL');
    await vi.advanceTimersByTimeAsync(0);
    expect(unit.starts).toBe(2);
    expect(kinds(events)).toEqual(['starting', 'up', 'down', 'restart-scheduled', 'starting', 'up']);
    expect(events.find((e) => e.event === 'down')?.reason).toBe('exited with signal SIGKILL');
    expect(unit.stops).toBe(1); // what was left of it is cleaned up before the new start
    await runner.stop();
  });

  it('tolerates a failed check or two, and restarts after three in a row', async () => {
    const events: UnitEvent[] = [];
    const unit = new FakeUnit();
    const runner = new UnitRunner(unit, options(events));
    await runner.run();
    unit.healthy = false;
    await vi.advanceTimersByTimeAsync(2000 * 2);
    unit.healthy = true; // it came back by itself
    await vi.advanceTimersByTimeAsync(2000 * 3);
    expect(unit.starts).toBe(1);
    unit.healthy = false;
    await vi.advanceTimersByTimeAsync(2000 * 3);
    expect(unit.starts).toBe(2);
    expect(events.filter((e) => e.event === 'check-failed')).toHaveLength(5);
    expect(runner.status().restarts).toBe(1);
    await runner.stop();
  });

  it('backs off between failed starts, doubling the wait, and reports a crash loop', async () => {
    const events: UnitEvent[] = [];
    const unit = new FakeUnit();
    unit.failStarts = 4;
    const runner = new UnitRunner(unit, options(events));
    await runner.run(); // the first attempt failed; run() still resolves so the next unit can start
    await vi.advanceTimersByTimeAsync(0);
    expect(unit.starts).toBe(2); // immediate retry
    expect(runner.status().phase).toBe('backoff');
    await vi.advanceTimersByTimeAsync(999);
    expect(unit.starts).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(unit.starts).toBe(3); // after 1 s
    await vi.advanceTimersByTimeAsync(2000);
    expect(unit.starts).toBe(4); // after 2 s more
    await vi.advanceTimersByTimeAsync(4000);
    expect(unit.starts).toBe(5);
    expect(runner.status().phase).toBe('up');
    expect(events.filter((e) => e.event === 'restart-scheduled').map((e) => e.delayMs)).toEqual([0, 1000, 2000, 4000]);
    expect(kinds(events)).toContain('crash-loop');
    await runner.stop();
  });

  it('gives up on a start that hangs and tries again', async () => {
    const events: UnitEvent[] = [];
    const unit = new FakeUnit();
    unit.hangStarts = 1;
    const runner = new UnitRunner(unit, options(events));
    const first = runner.run();
    await vi.advanceTimersByTimeAsync(60_000);
    await first;
    expect(events.find((e) => e.event === 'start-failed')?.reason).toMatch(/longer than 60 s/);
    await vi.advanceTimersByTimeAsync(0);
    expect(unit.starts).toBe(2);
    expect(runner.status().phase).toBe('up');
    await runner.stop();
  });

  it('restarts on request without a back-off, and stops for good on stop', async () => {
    const events: UnitEvent[] = [];
    const unit = new FakeUnit();
    const runner = new UnitRunner(unit, options(events));
    await runner.run();
    runner.requestRestart();
    await vi.advanceTimersByTimeAsync(0);
    expect(unit.starts).toBe(2);
    expect(kinds(events)).not.toContain('restart-scheduled');
    expect(runner.status().restarts).toBe(0);
    await runner.stop();
    expect(runner.status().phase).toBe('stopped');
    const stops = unit.stops;
    unit.exit('late exit');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(unit.starts).toBe(2);
    expect(unit.stops).toBe(stops);
  });
});
