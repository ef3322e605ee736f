import { describe, expect, it } from 'vitest';
import { createLoadStore, loadInto, loadTransitions, nextLoadState, type LoadEvent, type LoadPhase, type LoadState } from './load-state.ts';

type S = LoadState<string>;
const cases: Array<[string, S, LoadEvent<string>, S]> = [
  ['idle + request -> loading', { phase: 'idle' }, { type: 'request', key: 'a' }, { phase: 'loading', key: 'a', data: undefined }],
  ['loading + request -> loading the new key, the old data kept', { phase: 'loading', key: 'a', data: 'old' }, { type: 'request', key: 'b' }, { phase: 'loading', key: 'b', data: 'old' }],
  ['loading + loaded for its key -> ready', { phase: 'loading', key: 'a' }, { type: 'loaded', key: 'a', data: 'x' }, { phase: 'ready', key: 'a', data: 'x' }],
  ['loading + loaded for an older key -> still loading', { phase: 'loading', key: 'b', data: 'old' }, { type: 'loaded', key: 'a', data: 'x' }, { phase: 'loading', key: 'b', data: 'old' }],
  ['loading + failed for its key -> failed, the old data kept', { phase: 'loading', key: 'a', data: 'old' }, { type: 'failed', key: 'a', error: 'gone' }, { phase: 'failed', key: 'a', data: 'old', error: 'gone' }],
  ['loading + failed for an older key -> still loading', { phase: 'loading', key: 'b' }, { type: 'failed', key: 'a', error: 'gone' }, { phase: 'loading', key: 'b' }],
  ['loading + reset -> idle', { phase: 'loading', key: 'a', data: 'old' }, { type: 'reset' }, { phase: 'idle' }],
  ['ready + request -> loading', { phase: 'ready', key: 'a', data: 'x' }, { type: 'request', key: 'b' }, { phase: 'loading', key: 'b', data: 'x' }],
  ['ready + reset -> idle, the data gone', { phase: 'ready', key: 'a', data: 'x' }, { type: 'reset' }, { phase: 'idle' }],
  ['failed + request -> loading, the error gone', { phase: 'failed', key: 'a', error: 'e' }, { type: 'request', key: 'a' }, { phase: 'loading', key: 'a', data: undefined }],
  ['failed + reset -> idle', { phase: 'failed', key: 'a', error: 'e' }, { type: 'reset' }, { phase: 'idle' }],
];

describe('load state machine', () => {
  it.each(cases)('%s', (_, state, event, expected) => {
    expect(nextLoadState(state, event)).toEqual(expected);
  });

  it('has a test case for every transition in the table', () => {
    const covered = new Set(cases.map(([, s, e]) => `${s.phase}+${e.type}`));
    const listed = Object.entries(loadTransitions).flatMap(([phase, row]) => Object.keys(row).map((type) => `${phase}+${type}`));
    expect(listed.filter((t) => !covered.has(t))).toEqual([]);
  });

  it('ignores events a phase does not list', () => {
    const ignored: Array<[LoadPhase, LoadEvent<string>]> = [
      ['idle', { type: 'loaded', key: 'a', data: 'x' }],
      ['idle', { type: 'failed', key: 'a', error: 'e' }],
      ['idle', { type: 'reset' }],
      ['ready', { type: 'loaded', key: 'a', data: 'y' }],
      ['failed', { type: 'failed', key: 'a', error: 'f' }],
    ];
    for (const [phase, event] of ignored) {
      const state: S = { phase, key: 'a', data: 'x' };
      expect(nextLoadState(state, event)).toBe(state);
    }
  });

  it('keeps only the newest of two overlapping requests', async () => {
    const store = createLoadStore<string>();
    let finishFirst!: (v: string) => void;
    const first = loadInto(store, 'a', () => new Promise<string>((resolve) => (finishFirst = resolve)));
    await loadInto(store, 'b', async () => 'second');
    finishFirst('first');
    await first;
    expect(store.$state.get()).toEqual({ phase: 'ready', key: 'b', data: 'second' });
    await loadInto(store, 'c', async () => {
      throw new Error('not kept');
    });
    expect(store.$state.get()).toMatchObject({ phase: 'failed', error: 'not kept', data: 'second' });
  });
});
