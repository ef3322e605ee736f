import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLearnerExpiry } from './learner-expiry.ts';
import { cookieMaxAgeSeconds } from './learner-visit.ts';
import { ProgressStore } from './progress-store.ts';

const DAY_MS = 24 * 3600 * 1000;
afterEach(() => vi.useRealTimers());

describe('startLearnerExpiry', () => {
  it('purges at start and then periodically, reporting counts and failures', () => {
    vi.useFakeTimers();
    const store = new ProgressStore(':memory:');
    store.seen('gone', Date.now() - 31 * DAY_MS);
    store.saveDraft('gone', 'lab', 'Dockerfile', 'FROM gone');
    store.seen('later', Date.now() - 29 * DAY_MS);
    store.saveDraft('later', 'lab', 'Dockerfile', 'FROM later');
    store.seen('passer-by', Date.now() - 2 * DAY_MS);
    store.seen('visitor', Date.now());
    const purged: number[] = [];
    const failed: unknown[] = [];
    const stop = startLearnerExpiry(store, { anonymousTtlDays: 30, unusedTtlHours: 24 }, DAY_MS, { purged: (n) => purged.push(n), failed: (e) => failed.push(e) });
    expect(purged).toEqual([2]); // 'gone' (31 days, a draft) and 'passer-by' (2 days, nothing)
    vi.advanceTimersByTime(2 * DAY_MS);
    expect(purged).toEqual([2, 2]); // 'later' passed 30 days, 'visitor' 24 hours
    store.close();
    vi.advanceTimersByTime(DAY_MS); // a closed database: the job reports, it does not throw
    expect(failed).toHaveLength(1);
    stop();
  });
});

describe('startLearnerExpiry and the stores of other concerns', () => {
  it('has them drop the rows of forgotten learners whose cookie has run out (the anonymous lifetime)', () => {
    vi.useFakeTimers();
    const store = new ProgressStore(':memory:');
    const cutoffs: number[] = [];
    const stop = startLearnerExpiry(store, { anonymousTtlDays: 30, unusedTtlHours: 24 }, DAY_MS, { purged: () => undefined, failed: () => undefined }, [
      { dropForgotten: (before) => cutoffs.push(before) },
    ]);
    expect(cutoffs).toEqual([Date.now() - 30 * DAY_MS]);
    stop();
  });
});

describe('cookieMaxAgeSeconds', () => {
  it('matches the anonymous lifetime until the learner builds', () => {
    expect(cookieMaxAgeSeconds(false, 30)).toBe(30 * 24 * 3600);
    expect(cookieMaxAgeSeconds(true, 30)).toBe(365 * 24 * 3600);
  });
});
