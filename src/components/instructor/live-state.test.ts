import { describe, expect, it } from 'vitest';
import { nextLiveState } from './live-state.ts';

describe('dashboard connection state', () => {
  it('connecting becomes live on open or on a first message', () => {
    expect(nextLiveState('connecting', 'open')).toBe('live');
    expect(nextLiveState('connecting', 'message')).toBe('live');
  });
  it('connecting that fails is reconnecting', () => {
    expect(nextLiveState('connecting', 'error')).toBe('reconnecting');
  });
  it('live stays live on messages and opens, and drops to reconnecting on an error', () => {
    expect(nextLiveState('live', 'message')).toBe('live');
    expect(nextLiveState('live', 'open')).toBe('live');
    expect(nextLiveState('live', 'error')).toBe('reconnecting');
  });
  it('reconnecting stays so on more errors, and is live again on open or a message', () => {
    expect(nextLiveState('reconnecting', 'error')).toBe('reconnecting');
    expect(nextLiveState('reconnecting', 'open')).toBe('live');
    expect(nextLiveState('reconnecting', 'message')).toBe('live');
  });
});
