import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, percentSmaller } from './format.ts';

describe('format', () => {
  it('shows sizes in decimal units, as docker images does', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(111_303_733)).toBe('111.3 MB');
    expect(formatBytes(1_234_000_000)).toBe('1.23 GB');
  });
  it('shows durations', () => {
    expect(formatDuration(420)).toBe('420 ms');
    expect(formatDuration(3441)).toBe('3.4 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
  it('computes how much smaller', () => {
    expect(percentSmaller(531_700_000, 111_300_000)).toBe(79);
    expect(percentSmaller(100, 120)).toBe(-20);
  });
});
