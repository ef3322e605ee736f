import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBuildStore } from './build-state.ts';
import { watchBuild } from './build-watchdog.ts';

const limits = { acceptMs: 1_000, quietMs: 10_000, checkingMs: 5_000 };
const words = { noAnswer: 'no answer', silent: 'silent', noCheckpoints: 'no checkpoints' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the build watchdog', () => {
  it('fails a request the server never accepts', () => {
    const store = createBuildStore();
    watchBuild(store, limits, words);
    store.dispatch({ type: 'request', file: 'Dockerfile' });
    vi.advanceTimersByTime(999);
    expect(store.$state.get().phase).toBe('queued');
    vi.advanceTimersByTime(1);
    expect(store.$state.get()).toMatchObject({ phase: 'failed', reason: 'no answer' });
  });

  it('lets a quiet build go on while its messages come, and ends one that goes silent', () => {
    const store = createBuildStore();
    const dog = watchBuild(store, limits, words);
    store.dispatch({ type: 'request', file: 'Dockerfile' });
    store.dispatch({ type: 'accepted', buildId: 'b1' });
    store.dispatch({ type: 'started' });
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(9_000);
      dog.touch();
    }
    expect(store.$state.get().phase).toBe('building');
    vi.advanceTimersByTime(10_000);
    expect(store.$state.get()).toMatchObject({ phase: 'failed', reason: 'silent' });
  });

  it('ends a build whose result announced checks that never come', () => {
    const store = createBuildStore();
    watchBuild(store, limits, words);
    store.dispatch({ type: 'request', file: 'Dockerfile' });
    store.dispatch({ type: 'accepted', buildId: 'b1' });
    store.dispatch({ type: 'result', outcome: 'success', checking: true });
    vi.advanceTimersByTime(5_000);
    expect(store.$state.get()).toMatchObject({ phase: 'failed', reason: 'no checkpoints' });
  });

  it('leaves a dropped socket to the reconnect, and a finished build alone', () => {
    const store = createBuildStore();
    watchBuild(store, limits, words);
    store.dispatch({ type: 'request', file: 'Dockerfile' });
    store.dispatch({ type: 'accepted', buildId: 'b1' });
    store.dispatch({ type: 'connection-lost' });
    vi.advanceTimersByTime(60_000);
    expect(store.$state.get().phase).toBe('disconnected');
    store.dispatch({ type: 'resumed', phase: 'building' });
    store.dispatch({ type: 'result', outcome: 'failed', checking: false });
    vi.advanceTimersByTime(60_000);
    expect(store.$state.get().phase).toBe('failed');
    expect(store.$state.get().reason).toBeUndefined();
  });
});
