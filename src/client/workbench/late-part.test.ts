import { afterEach, describe, expect, it, vi } from 'vitest';
import { checksUnavailable, latePart } from './late-part.ts';

describe('latePart', () => {
  afterEach(() => vi.useRealTimers());

  it('tries once more after a pause, and gives what the second try gives', async () => {
    vi.useFakeTimers();
    const load = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('Failed to fetch')).mockResolvedValueOnce('loaded');
    const part = latePart(load);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3000);
    await expect(part).resolves.toBe('loaded');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('fails when the second try fails too', async () => {
    vi.useFakeTimers();
    const part = latePart(() => Promise.reject(new Error('404')));
    const settled = expect(part).rejects.toThrow('404');
    await vi.advanceTimersByTimeAsync(3000);
    await settled;
  });
});

describe('checksUnavailable', () => {
  it('is one note on line 1 that says to reload, so the Problems list never shows "No problems found" for unchecked text', () => {
    const [note, ...rest] = checksUnavailable();
    expect(rest).toEqual([]);
    expect(note).toMatchObject({ severity: 'info', line: 1 });
    expect(note!.message).toMatch(/Reload the page.*did not load/);
  });
});
