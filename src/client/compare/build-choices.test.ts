import { describe, expect, it } from 'vitest';
import type { SizeHistory } from '../../../shared/image-analysis/schema.ts';
import { buildChoices, defaultPair, keptPair } from './build-choices.ts';

const history = (regular: Array<[string, number, string?]>, multi: Array<[string, number, string?]>): SizeHistory => ({
  files: [
    { file: 'Dockerfile.regular', label: 'Regular', target: {}, builds: regular.map(([buildId, at, target]) => ({ buildId, at, imageSize: 500, ...(target && { target }) })) },
    { file: 'Dockerfile', label: 'Multi-stage', target: { maxBytes: 150e6 }, builds: multi.map(([buildId, at, target]) => ({ buildId, at, imageSize: 100, ...(target && { target }) })) },
  ],
});

describe('build choices', () => {
  it('lists every build, newest first, with its file\'s label', () => {
    const choices = buildChoices(history([['r1', 1], ['r2', 5]], [['m1', 3]]));
    expect(choices.map((c) => `${c.label}:${c.buildId}`)).toEqual(['Regular:r2', 'Multi-stage:m1', 'Regular:r1']);
  });

  it('compares the latest Regular with the latest whole Multi-stage build by default', () => {
    expect(defaultPair(history([['r1', 1], ['r2', 5]], [['m1', 3], ['m2', 6, 'builder']]))).toEqual({ a: 'r2', b: 'm1' });
  });

  it('falls back to the two newest builds of one file, older first, and to nothing with one build', () => {
    expect(defaultPair(history([], [['m1', 3], ['m2', 6]]))).toEqual({ a: 'm1', b: 'm2' });
    expect(defaultPair(history([], [['m1', 3]]))).toBeUndefined();
  });

  it('keeps the learner\'s choice while both builds are kept, else goes back to the default', () => {
    const h = history([['r1', 1], ['r2', 5]], [['m1', 3]]);
    expect(keptPair(h, { a: 'r1', b: 'r2' })).toEqual({ a: 'r1', b: 'r2' });
    expect(keptPair(h, { a: 'gone', b: 'r2' })).toEqual({ a: 'r2', b: 'm1' });
    expect(keptPair(h, { a: 'r2', b: 'r2' })).toEqual({ a: 'r2', b: 'm1' });
    expect(keptPair(h, undefined)).toEqual({ a: 'r2', b: 'm1' });
  });
});
