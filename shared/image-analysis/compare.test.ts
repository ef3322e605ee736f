// Two analyses side by side: by folder, by package, and what only one has.
import { describe, expect, it } from 'vitest';
import { compareAnalyses, packageOf } from './compare.ts';
import type { FileNode, ImageAnalysis } from './schema.ts';

/** An analysis whose final image holds these files (path -> bytes). */
function analysisOf(buildId: string, files: Record<string, number>): ImageAnalysis {
  const tree: FileNode[] = [{ name: '', parent: -1, kind: 'dir', size: 0, changes: [] }];
  const index = new Map<string, number>([['', 0]]);
  const nodeOf = (path: string, kind: FileNode['kind'], size: number): number => {
    const known = index.get(path);
    if (known !== undefined) return known;
    const slash = path.lastIndexOf('/');
    const parent = nodeOf(path.slice(0, slash), 'dir', 0);
    index.set(path, tree.length);
    tree.push({ name: path.slice(slash + 1), parent, kind, size, changes: [{ layer: 0, change: 'added', size }] });
    return tree.length - 1;
  };
  for (const [path, size] of Object.entries(files)) nodeOf(path, 'file', size);
  for (let node = tree.length - 1; node > 0; node--) tree[tree[node]!.parent]!.size += tree[node]!.size;
  const total = tree[0]!.size;
  return {
    version: 1,
    buildId,
    lab: 'lab',
    file: buildId,
    at: 0,
    summary: { imageSize: total, layers: 1, files: tree.length - 1, wastedBytes: 0, efficiency: 1, topOffenders: [], stages: [], durationMs: 0 },
    layers: [],
    tree,
    waste: { wastedBytes: 0, efficiency: 1, wastedFiles: 0, offenders: [] },
    stages: { stages: [], edges: [], final: 0 },
  };
}

describe('packageOf', () => {
  it('names node_modules packages (scoped ones whole) and otherwise cuts folders to two or three levels', () => {
    expect(packageOf('/app/node_modules/nodemon/lib/x.js')).toBe('/app/node_modules/nodemon');
    expect(packageOf('/app/node_modules/@types/node/index.d.ts')).toBe('/app/node_modules/@types/node');
    expect(packageOf('/usr/lib/gcc/x86_64-linux-gnu/12/cc1')).toBe('/usr/lib/gcc');
    expect(packageOf('/root/.npm/_cacache/index')).toBe('/root/.npm');
    expect(packageOf('/app/server.js')).toBe('/app');
  });
});

describe('compareAnalyses', () => {
  const regular = analysisOf('regular', {
    '/usr/lib/gcc/cc1': 1000,
    '/usr/bin/node': 400,
    '/app/server.js': 5,
    '/app/node_modules/express/index.js': 50,
    '/app/node_modules/nodemon/bin/nodemon.js': 70,
    '/root/.npm/_cacache/a': 30,
  });
  const multi = analysisOf('multi', { '/usr/bin/node': 400, '/app/server.js': 5, '/app/node_modules/express/index.js': 50 });
  const comparison = compareAnalyses(regular, multi);

  it('gives the difference by top-level folder and by package, biggest first', () => {
    expect(comparison.byFolder).toEqual([
      { path: '/usr', a: 1400, b: 400, delta: -1000 },
      { path: '/app', a: 125, b: 55, delta: -70 },
      { path: '/root', a: 30, b: 0, delta: -30 },
    ]);
    expect(comparison.byPackage.slice(0, 3)).toEqual([
      { path: '/usr/lib/gcc', a: 1000, b: 0, delta: -1000 },
      { path: '/app/node_modules/nodemon', a: 70, b: 0, delta: -70 },
      { path: '/root/.npm', a: 30, b: 0, delta: -30 },
    ]);
  });

  it('lists the highest paths only one image has', () => {
    expect(comparison.onlyInA.paths).toEqual([
      { path: '/usr/lib', kind: 'dir', files: 1, bytes: 1000 },
      { path: '/app/node_modules/nodemon', kind: 'dir', files: 1, bytes: 70 },
      { path: '/root', kind: 'dir', files: 1, bytes: 30 },
    ]);
    expect(comparison.onlyInA.total).toEqual({ paths: 3, files: 3, bytes: 1100 });
    expect(comparison.onlyInB).toEqual({ total: { paths: 0, files: 0, bytes: 0 }, paths: [] });
  });
});
