import { describe, expect, it } from 'vitest';
import { LayerEntries, type LayerEntry } from './layer-entries.ts';

describe('LayerEntries', () => {
  it('gives back every entry as pushed, links included, past its first capacity', () => {
    const kinds = ['dir', 'file', 'symlink', 'hardlink', 'other', 'whiteout', 'opaque'] as const;
    const pushed: LayerEntry[] = Array.from({ length: 200 }, (_, i) => ({
      node: i * 3,
      kind: kinds[i % kinds.length]!,
      size: i % 7 === 1 ? 2 ** 40 + i : 0,
      ...(i % 7 === 2 || i % 7 === 3 ? { link: `/target/${i}` } : {}),
    }));
    const entries = new LayerEntries();
    for (const entry of pushed) entries.push(entry);
    const read = Array.from({ length: entries.length }, (_, at) => {
      const link = entries.link(at);
      return { node: entries.node(at), kind: entries.kind(at), size: entries.size(at), ...(link !== undefined && { link }) };
    });
    expect(read).toEqual(pushed);
  });
});
