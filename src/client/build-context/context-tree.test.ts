import { describe, expect, it } from 'vitest';
import { contextTree, type ContextNode } from './context-tree.ts';

const file = (path: string, bytes: number, ignored = false) => ({ path, bytes, ignored, learner: false });
const names = (nodes: ContextNode[]): unknown[] => nodes.map((n) => (n.kind === 'dir' ? { [n.name]: names(n.children) } : n.name));

describe('contextTree', () => {
  it('nests files in folders, folders first, each sorted by name', () => {
    const tree = contextTree([file('package.json', 10), file('src/index.ts', 5), file('src/lib/a.ts', 3), file('.env', 1), file('README.md', 2)]);
    expect(names(tree.children)).toEqual([{ src: [{ lib: ['a.ts'] }, 'index.ts'] }, '.env', 'package.json', 'README.md']);
    const src = tree.children[0]!;
    expect(src).toMatchObject({ kind: 'dir', path: 'src', bytes: 8, sentBytes: 8, ignored: false });
    expect((src as { children: ContextNode[] }).children[0]).toMatchObject({ path: 'src/lib' });
  });

  it('sums what each folder sends, and marks a folder whose files are all left out', () => {
    const tree = contextTree([file('src/a.ts', 5, true), file('src/b.ts', 4, true), file('logs/x.log', 7, true), file('logs/keep', 1), file('server.js', 9)]);
    const [logs, src] = tree.children as Array<Extract<ContextNode, { kind: 'dir' }>>;
    expect(src).toMatchObject({ name: 'src', ignored: true, sentBytes: 0, bytes: 9 });
    expect(logs).toMatchObject({ name: 'logs', ignored: false, sentBytes: 1, bytes: 8 });
    expect(tree).toMatchObject({ sentBytes: 10, bytes: 26, ignored: false });
  });
});
