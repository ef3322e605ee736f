import { describe, expect, it } from 'vitest';
import { RestartBackoff } from './backoff.ts';

const options = { initialMs: 1000, maxMs: 8000, stableMs: 60_000, loopCount: 4, loopWindowMs: 30_000 };

describe('restart back-off', () => {
  it('restarts at once the first time, then doubles the wait up to the ceiling', () => {
    const backoff = new RestartBackoff(options);
    const delays = [0, 1, 2, 3, 4, 5, 6].map((i) => backoff.failed(i * 100_000).delayMs);
    expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('forgets earlier failures once the unit stayed up long enough', () => {
    const backoff = new RestartBackoff(options);
    backoff.failed(0);
    backoff.failed(1000);
    backoff.up(5000);
    expect(backoff.failed(5000 + 59_999).delayMs).toBe(2000); // not stable yet
    backoff.up(70_000);
    const next = backoff.failed(70_000 + 60_000);
    expect(next.delayMs).toBe(0);
    expect(next.failuresInRow).toBe(1);
  });

  it('calls it a crash loop when failures crowd into the window, and not when they are spread out', () => {
    const crowded = new RestartBackoff(options);
    const loops = [0, 1000, 2000, 3000].map((t) => crowded.failed(t).crashLoop);
    expect(loops).toEqual([false, false, false, true]);
    const spread = new RestartBackoff(options);
    expect([0, 20_000, 40_000, 60_000].map((t) => spread.failed(t).crashLoop)).toEqual([false, false, false, false]);
  });
});
