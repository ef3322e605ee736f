import { describe, expect, it } from 'vitest';
import { bounded, isEngineGone } from './engine-call.ts';

describe('bounded', () => {
  it('gives the call its result, or the signal\u2019s reason when it aborts first; a late failure goes nowhere', async () => {
    expect(await bounded(Promise.resolve(7), new AbortController().signal)).toBe(7);
    const controller = new AbortController();
    let failLate!: (e: Error) => void;
    const hung = bounded(new Promise<number>((_, reject) => (failLate = reject)), controller.signal);
    controller.abort(new Error('deadline'));
    await expect(hung).rejects.toThrow('deadline');
    failLate(new Error('socket hang up')); // must not surface as an unhandled rejection
    await new Promise((resolve) => setImmediate(resolve));
  });
});

describe('isEngineGone', () => {
  it('knows the errors of an engine that is not there', () => {
    expect(isEngineGone(Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT' }))).toBe(true);
    expect(isEngineGone(new Error('socket hang up'))).toBe(true);
    expect(isEngineGone(new Error('(HTTP code 404) no such image'))).toBe(false);
  });
});
