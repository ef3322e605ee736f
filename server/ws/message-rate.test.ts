import { describe, expect, it } from 'vitest';
import { MessageRate } from './message-rate.ts';

describe('MessageRate', () => {
  it('lets a burst through, then one message per refill, per key', () => {
    let now = 0;
    const rate = new MessageRate({ burst: 3, perSecond: 2 }, () => now);
    expect([rate.take('a'), rate.take('a'), rate.take('a'), rate.take('a')]).toEqual([true, true, true, false]);
    expect(rate.take('b')).toBe(true); // another learner has their own bucket
    now += 499;
    expect(rate.take('a')).toBe(false);
    now += 1;
    expect(rate.take('a')).toBe(true); // half a second gives one message at 2 per second
    expect(rate.take('a')).toBe(false);
    now += 10_000;
    expect([rate.take('a'), rate.take('a'), rate.take('a'), rate.take('a')]).toEqual([true, true, true, false]); // never more than the burst
  });
});
