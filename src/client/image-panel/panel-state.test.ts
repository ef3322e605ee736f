import { describe, expect, it } from 'vitest';
import { sampleAnalysis } from './analysis.test-support.ts';
import { createPanelStore, nextPanelState, type PanelState } from './panel-state.ts';

const analysis = sampleAnalysis('build-1');
const ready: PanelState = { phase: 'ready', buildId: 'build-1', analysis };

describe('the Image panel state machine', () => {
  it('empty -> loading when an analysis is announced', () => {
    expect(nextPanelState({ phase: 'empty' }, { type: 'announced', buildId: 'build-1' })).toEqual({ phase: 'loading', buildId: 'build-1', analysis: undefined });
  });
  it('empty -> error when the server could not look inside', () => {
    expect(nextPanelState({ phase: 'empty' }, { type: 'unavailable', buildId: 'b', reason: 'too many files' })).toEqual({ phase: 'error', buildId: 'b', reason: 'too many files' });
  });
  it('loading -> ready with the analysis of the build awaited', () => {
    expect(nextPanelState({ phase: 'loading', buildId: 'build-1' }, { type: 'loaded', analysis })).toEqual(ready);
  });
  it('loading ignores the answer for another build', () => {
    const loading: PanelState = { phase: 'loading', buildId: 'build-2' };
    expect(nextPanelState(loading, { type: 'loaded', analysis })).toBe(loading);
    expect(nextPanelState(loading, { type: 'failed', buildId: 'build-1', reason: 'x' })).toBe(loading);
  });
  it('loading -> error when the fetch fails', () => {
    expect(nextPanelState({ phase: 'loading', buildId: 'b' }, { type: 'failed', buildId: 'b', reason: 'HTTP 404' })).toEqual({ phase: 'error', buildId: 'b', reason: 'HTTP 404' });
  });
  it('loading -> loading for a newer build, keeping what is on screen', () => {
    expect(nextPanelState({ phase: 'loading', buildId: 'a', analysis }, { type: 'announced', buildId: 'b' })).toEqual({ phase: 'loading', buildId: 'b', analysis });
  });
  it('ready -> stale when another build starts, keeping the analysis on screen', () => {
    expect(nextPanelState(ready, { type: 'build-started' })).toEqual({ ...ready, phase: 'stale' });
  });
  it('stale -> loading on the next analysis, and stale -> error when it is unavailable', () => {
    const stale: PanelState = { ...ready, phase: 'stale' };
    expect(nextPanelState(stale, { type: 'announced', buildId: 'build-2' }).phase).toBe('loading');
    expect(nextPanelState(stale, { type: 'unavailable', buildId: 'build-2', reason: 'r' }).phase).toBe('error');
  });
  it('error -> loading on the next analysis', () => {
    expect(nextPanelState({ phase: 'error', reason: 'r' }, { type: 'announced', buildId: 'c' }).phase).toBe('loading');
  });
  it('ignores events a phase does not list', () => {
    const empty: PanelState = { phase: 'empty' };
    expect(nextPanelState(empty, { type: 'build-started' })).toBe(empty);
    expect(nextPanelState(empty, { type: 'loaded', analysis })).toBe(empty);
    const error: PanelState = { phase: 'error', reason: 'r' };
    expect(nextPanelState(error, { type: 'build-started' })).toBe(error);
  });
  it('the store notifies only on a change', () => {
    const store = createPanelStore();
    const seen: string[] = [];
    store.$state.listen((s) => seen.push(s.phase));
    store.dispatch({ type: 'build-started' });
    store.dispatch({ type: 'announced', buildId: 'build-1' });
    store.dispatch({ type: 'loaded', analysis });
    expect(seen).toEqual(['loading', 'ready']);
  });
});
