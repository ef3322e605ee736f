import { describe, expect, it } from 'vitest';
import type { SizeRow } from '../../../shared/image-analysis/schema.ts';
import { chartRows, presenceOf, shownOnlyIn, shownRows } from './compare-rows.ts';

const row = (path: string, a: number, b: number): SizeRow => ({ path, a, b, delta: b - a });
const packages = [row('/usr/lib/gcc', 90e6, 0), row('/app/node_modules/nodemon', 3e6, 0), row('/app/node_modules/express', 2e5, 2e5), row('/usr/lib/apk', 0, 1e6)];

describe('comparison rows', () => {
  it('says which image lacks a path', () => {
    expect(packages.map(presenceOf)).toEqual(['only-a', 'only-a', 'both', 'only-b']);
  });

  it('filters by a part of the path, any case, and says how many the limit left out', () => {
    expect(shownRows(packages, 'NODE_modules', 10).rows.map((r) => r.path)).toEqual(['/app/node_modules/nodemon', '/app/node_modules/express']);
    expect(shownRows(packages, '', 1)).toEqual({ rows: [packages[0]], more: 3 });
    expect(shownRows(packages, '  nodemon ', 10).rows).toHaveLength(1);
  });

  it('charts the biggest differences, leaving out equal rows', () => {
    expect(chartRows(packages, 2).map((r) => r.path)).toEqual(['/usr/lib/gcc', '/app/node_modules/nodemon']);
    expect(chartRows(packages, 10).map((r) => r.path)).not.toContain('/app/node_modules/express');
  });

  it('filters the paths only one image has and keeps their total', () => {
    const list = { total: { paths: 2, files: 12, bytes: 93e6 }, paths: [{ path: '/usr/lib/gcc', kind: 'dir' as const, files: 10, bytes: 90e6 }, { path: '/app/node_modules/nodemon', kind: 'dir' as const, files: 2, bytes: 3e6 }] };
    expect(shownOnlyIn(list, 'nodemon', 5)).toEqual({ rows: [list.paths[1]], more: 0, total: list.total });
  });
});
