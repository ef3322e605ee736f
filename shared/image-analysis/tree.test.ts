// Looking paths up in an analysis's tree as the engine's archive API would in a container.
import { describe, expect, it } from 'vitest';
import type { FileNode } from './schema.ts';
import { TreeLookup } from './tree.ts';

/** A final-image tree from "path kind [link]" lines, every path added by layer 0. */
function treeOf(lines: string[], removed: string[] = []): FileNode[] {
  const tree: FileNode[] = [{ name: '', parent: -1, kind: 'dir', size: 0, changes: [] }];
  const index = new Map<string, number>([['', 0]]);
  for (const line of lines) {
    const [path, kind, link] = line.split(' ') as [string, FileNode['kind'], string | undefined];
    const slash = path.lastIndexOf('/');
    index.set(path, tree.length);
    tree.push({
      name: path.slice(slash + 1),
      parent: index.get(path.slice(0, slash))!,
      kind,
      size: 0,
      ...(link !== undefined && { link }),
      changes: [{ layer: 0, change: 'added', size: 0 }, ...(removed.includes(path) ? [{ layer: 1, change: 'removed' as const, size: 0 }] : [])],
    });
  }
  return tree;
}

const tree = treeOf(
  ['/usr dir', '/usr/bin dir', '/usr/bin/gcc symlink gcc-12', '/usr/bin/node file', '/bin symlink usr/bin', '/lib symlink /usr/lib', '/loop symlink loop', '/app dir', '/app/.env file', '/app/old file', '/etc dir'],
  ['/app/old'],
);

describe('TreeLookup', () => {
  const lookup = new TreeLookup(tree);
  it('finds files, and a symlink itself even when it dangles (the last segment is not followed)', () => {
    expect(lookup.exists('/usr/bin/node')).toBe(true);
    expect(lookup.exists('/usr/bin/gcc')).toBe(true);
    expect(lookup.exists('/app/.env')).toBe(true);
    expect(lookup.exists('/')).toBe(true);
  });
  it('follows symlinked folders along the way, relative and absolute, and stops .. at the root', () => {
    expect(lookup.exists('/bin/node')).toBe(true);
    expect(lookup.exists('/bin/../bin/node')).toBe(true);
    expect(lookup.exists('/../../usr/bin/node')).toBe(true);
    expect(lookup.exists('/lib/x')).toBe(false); // /usr/lib does not exist
  });
  it('says no for removed and missing paths and for paths through a file', () => {
    expect(lookup.exists('/app/old')).toBe(false);
    expect(lookup.exists('/app/missing')).toBe(false);
    expect(lookup.exists('/usr/bin/node/x')).toBe(false);
  });
  it('leaves loops and what the engine adds to every container to the engine', () => {
    expect(lookup.exists('/loop/x')).toBeUndefined();
    expect(lookup.exists('/etc/hosts')).toBeUndefined();
    expect(lookup.exists('/proc/self')).toBeUndefined();
  });
});
