import { describe, expect, it } from 'vitest';
import { attemptedStep, hintsLock, HINTS_AFTER_FAILURES, solutionLock, SOLUTION_AFTER_FAILURES } from './unlock-policy.ts';

describe('unlock policy', () => {
  it('gives hints on request in normal mode, and after enough failed builds in challenge mode', () => {
    expect(hintsLock(false, 0)).toEqual({ unlocked: true });
    expect(hintsLock(true, HINTS_AFTER_FAILURES - 1)).toEqual({ unlocked: false, failures: HINTS_AFTER_FAILURES - 1, needed: HINTS_AFTER_FAILURES });
    expect(hintsLock(true, HINTS_AFTER_FAILURES)).toEqual({ unlocked: true });
  });

  it('unlocks a solution later than the hints, or once every step of its file passes', () => {
    expect(SOLUTION_AFTER_FAILURES).toBeGreaterThan(HINTS_AFTER_FAILURES);
    expect(solutionLock(false, [{ failures: 0, passed: false }])).toEqual({ unlocked: true });
    expect(solutionLock(true, [{ failures: 1, passed: true }, { failures: 3, passed: false }])).toEqual({ unlocked: false, failures: 3, needed: SOLUTION_AFTER_FAILURES });
    expect(solutionLock(true, [{ failures: SOLUTION_AFTER_FAILURES, passed: false }])).toEqual({ unlocked: true });
    expect(solutionLock(true, [{ failures: 0, passed: true }, { failures: 0, passed: true }])).toEqual({ unlocked: true });
    expect(solutionLock(true, [])).toMatchObject({ unlocked: false });
  });

  it('counts a build as an attempt at the first of its steps with a failed checkpoint', () => {
    const pass = { status: 'pass' };
    const fail = { status: 'fail' };
    expect(attemptedStep([{ step: 'a', checkpoints: [pass] }, { step: 'b', checkpoints: [pass, fail] }, { step: 'c', checkpoints: [fail] }])).toBe('b');
    expect(attemptedStep([{ step: 'a', checkpoints: [{ status: 'skipped' }] }, { step: 'b', checkpoints: [fail] }])).toBe('b');
    expect(attemptedStep([{ step: 'a', checkpoints: [pass] }])).toBeUndefined();
    expect(attemptedStep([])).toBeUndefined();
  });
});
