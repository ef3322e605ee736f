import { describe, expect, it } from 'vitest';
import { hintMemory } from './hint-memory.ts';

function fakeStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('hint memory', () => {
  it('keeps revealed hints per lab across page loads', () => {
    const storage = fakeStorage();
    const first = hintMemory('node', storage);
    first.reveal('step/check');
    first.reveal('step/check');
    expect(hintMemory('node', storage).shown('step/check')).toBe(2);
    expect(hintMemory('go', storage).shown('step/check')).toBe(0);
  });
  it('survives garbage and missing storage', () => {
    const storage = fakeStorage();
    storage.setItem('mslab:hints:node', 'not json');
    expect(hintMemory('node', storage).shown('a')).toBe(0);
    expect(hintMemory('node', undefined).reveal('a')).toBe(1);
  });
});
