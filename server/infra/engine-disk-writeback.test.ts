import { describe, expect, it } from 'vitest';
import { dirtyCapWrites, ENGINE_DIRTY_BYTES } from './engine-disk-writeback.ts';

describe('dirtyCapWrites', () => {
  it('caps the dirty bytes strictly where the kernel offers both files (6.2 and later)', () => {
    expect(dirtyCapWrites('/sys/class/bdi/7:2', () => true)).toEqual([
      { file: '/sys/class/bdi/7:2/max_bytes', value: String(ENGINE_DIRTY_BYTES) },
      { file: '/sys/class/bdi/7:2/strict_limit', value: '1' },
    ]);
  });

  it('leaves older kernels as they are: their max_ratio is no cap (reported, not applied)', () => {
    expect(dirtyCapWrites('/sys/class/bdi/7:0', (file) => file.endsWith('max_ratio'))).toBeUndefined();
  });
});
