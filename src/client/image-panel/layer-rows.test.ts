import { describe, expect, it } from 'vitest';
import { sampleAnalysis } from './analysis.test-support.ts';
import { historyText, layerDiff, layerRows } from './layer-rows.ts';

describe('layer rows', () => {
  it('groups the base layers and keeps a running total', () => {
    const rows = layerRows(sampleAnalysis(), 'imported base');
    expect(rows.base.size).toBe(1000);
    expect(rows.base.rows.map((r) => [r.text, r.total])).toEqual([
      ['imported base', 100],
      ['ADD node /usr/bin/node', 1000],
    ]);
    expect(rows.own.map((r) => [r.text, r.line, r.size, r.total])).toEqual([
      ['WORKDIR /app', 9, 0, 1000],
      ['COPY . .', 10, 60, 1060],
      ['ENV NODE_ENV=production', 11, 0, 1060],
      ['RUN npm ci && rm tmp.log', 12, 312, 1372],
    ]);
    expect(rows.own[1]!.cached).toBe(true);
    expect(rows.own[2]!.empty).toBe(true);
  });

  it('reads the history as docker history writes it', () => {
    expect(historyText('RUN /bin/sh -c npm ci # buildkit')).toBe('RUN npm ci');
    expect(historyText('/bin/sh -c #(nop)  CMD ["node"]')).toBe('CMD ["node"]');
    expect(historyText('/bin/sh -c apt-get update')).toBe('RUN apt-get update');
    expect(historyText('COPY . . # buildkit')).toBe('COPY . .');
  });
});

describe('a layer\'s changes', () => {
  const { tree } = sampleAnalysis();
  it('lists what the layer added, modified and removed, biggest first, folders only when empty', () => {
    expect(layerDiff(tree, 5, 10)).toEqual({
      entries: [
        { path: '/app/node_modules/express/index.js', change: 'added', kind: 'file', size: 300 },
        { path: '/app/tmp.log', change: 'removed', kind: 'file', size: 50 },
        { path: '/app/package.json', change: 'modified', kind: 'file', size: 12 },
      ],
      total: 3,
    });
  });
  it('keeps an added folder with nothing added inside it', () => {
    expect(layerDiff(tree, 2, 10).entries).toEqual([{ path: '/app', change: 'added', kind: 'dir', size: 0 }]);
  });
  it('cuts at the limit and says how many there were', () => {
    const diff = layerDiff(tree, 5, 1);
    expect(diff.entries).toHaveLength(1);
    expect(diff.total).toBe(3);
  });
  it('shows a removed folder once, with the bytes it had', () => {
    const removed = structuredClone(tree);
    for (const n of [7, 8, 9]) removed[n]!.changes.push({ layer: 6, change: 'removed', size: 0 });
    expect(layerDiff(removed, 6, 10).entries).toEqual([{ path: '/app/node_modules', change: 'removed', kind: 'dir', size: 300 }]);
  });
});
