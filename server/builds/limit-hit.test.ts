import { describe, expect, it } from 'vitest';
import { hitLimit } from './limit-hit.ts';

describe('hitLimit', () => {
  it('sees the wall clock, the deadline, and the kernel\u2019s words for memory, disk and processes', () => {
    expect(hitLimit({ outcome: 'timeout' })).toBe(true);
    expect(hitLimit({ outcome: 'deadline' })).toBe(true);
    expect(hitLimit({ outcome: 'failed', message: 'process "/bin/sh -c node hog.js" did not complete successfully: exit code: 137' })).toBe(true);
    expect(hitLimit({ outcome: 'failed', message: 'write /fill: no space left on device' })).toBe(true);
    expect(hitLimit({ outcome: 'failed', message: 'sh: can\'t fork: Resource temporarily unavailable' })).toBe(true);
  });

  it('a build that failed on its own, succeeded or was cancelled leaves the engine as it is', () => {
    expect(hitLimit({ outcome: 'failed', message: 'exit code: 1' })).toBe(false);
    expect(hitLimit({ outcome: 'failed', message: 'exit code: 1370' })).toBe(false);
    expect(hitLimit({ outcome: 'success' })).toBe(false);
    expect(hitLimit({ outcome: 'cancelled' })).toBe(false);
  });
});
