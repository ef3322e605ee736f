import { describe, expect, it } from 'vitest';
import { engineCpuset } from './engine-cpus.ts';

describe('engineCpuset', () => {
  it('gives two engines on two cores one core each', () => {
    expect([0, 1].map((i) => engineCpuset(i, 2, 2))).toEqual(['0', '1']);
  });

  it('splits more cores into equal ranges, and wraps engines around fewer cores', () => {
    expect([0, 1].map((i) => engineCpuset(i, 2, 8))).toEqual(['0-3', '4-7']);
    expect([0, 1, 2].map((i) => engineCpuset(i, 3, 8))).toEqual(['0-1', '2-3', '4-5']);
    expect([0, 1, 2, 3].map((i) => engineCpuset(i, 4, 2))).toEqual(['0', '1', '0', '1']);
  });

  it('leaves a single engine, or a single core, unpinned', () => {
    expect(engineCpuset(0, 1, 8)).toBeUndefined();
    expect(engineCpuset(1, 2, 1)).toBeUndefined();
  });
});
