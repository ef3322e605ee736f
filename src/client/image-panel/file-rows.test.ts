import { describe, expect, it } from 'vitest';
import { pathOf } from '../../../shared/image-analysis/tree.ts';
import { sampleAnalysis } from './analysis.test-support.ts';
import { FileTreeModel } from './file-rows.ts';

const { tree } = sampleAnalysis();
const model = new FileTreeModel(tree);
const paths = (rows: ReturnType<FileTreeModel['rows']>) => rows.map((r) => `${'  '.repeat(r.level - 1)}${pathOf(tree, r.node)}${r.folder ? (r.expanded ? ' -' : ' +') : ''}`);

describe('the file tree rows', () => {
  it('shows the top level, closed, sorted by name', () => {
    expect(paths(model.rows(new Set(), 'name'))).toEqual(['/app +', '/usr +']);
  });
  it('opens expanded folders, leaves out removed files, and gives each row its place among siblings', () => {
    const rows = model.rows(new Set([5, 7]), 'name');
    expect(paths(rows)).toEqual(['/app -', '  /app/node_modules -', '    /app/node_modules/express +', '  /app/package.json', '/usr +']);
    expect(rows.map((r) => [r.level, r.position, r.siblings])).toEqual([
      [1, 1, 2],
      [2, 1, 2],
      [3, 1, 1],
      [2, 2, 2],
      [1, 2, 2],
    ]);
  });
  it('sorts by size, biggest first', () => {
    expect(paths(model.rows(new Set([1, 2]), 'size'))).toEqual(['/usr -', '  /usr/bin -', '    /usr/bin/node', '    /usr/bin/sh', '/app +']);
  });
  it('filters by name: matches and the folders that lead to them, open', () => {
    const rows = model.rows(new Set(), 'name', 'EXPRESS');
    expect(paths(rows)).toEqual(['/app -', '  /app/node_modules -', '    /app/node_modules/express +']);
    expect(rows.map((r) => r.match)).toEqual([false, false, true]);
  });
  it('opens a matching folder on request, with all it holds', () => {
    expect(paths(model.rows(new Set([8]), 'name', 'express'))).toEqual(['/app -', '  /app/node_modules -', '    /app/node_modules/express -', '      /app/node_modules/express/index.js']);
  });
  it('finds nothing for a filter nothing matches, and no removed file', () => {
    expect(model.rows(new Set(), 'name', 'tmp.log')).toEqual([]);
  });
  it('lists the folders Expand all opens', () => {
    expect(model.folders()).toEqual([1, 2, 5, 7, 8]);
  });
});
