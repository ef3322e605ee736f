// Reading an analysis's file tree (schema.ts, `tree`): paths, the state at any layer, and
// looking a path up the way the engine does. Pure; the page and the server both use it.
import type { FileChange, FileNode } from './schema.ts';

/** "/app/node_modules" for a node; "/" for the root. */
export function pathOf(tree: readonly FileNode[], node: number): string {
  const parts: string[] = [];
  for (let at = node; at > 0; at = tree[at]!.parent) parts.push(tree[at]!.name);
  return `/${parts.reverse().join('/')}`;
}

/** The change in effect at `layer` (the last one at or below it); undefined before the path existed. */
export function changeAt(node: FileNode, layer: number): FileChange | undefined {
  let found: FileChange | undefined;
  for (const change of node.changes) {
    if (change.layer > layer) break;
    found = change;
  }
  return found;
}

/** Whether the path exists once `layer` is applied (default: in the final image). The root always does. */
export function isPresent(node: FileNode, layer = Infinity): boolean {
  if (node.parent < 0) return true;
  const change = changeAt(node, layer);
  return change !== undefined && change.change !== 'removed';
}

/** Bytes under every node once `layer` is applied: a file its size, a folder the sum of its regular files. */
export function sizesAt(tree: readonly FileNode[], layer = Infinity): Float64Array {
  const sizes = new Float64Array(tree.length);
  for (let node = tree.length - 1; node > 0; node--) {
    const entry = tree[node]!;
    const change = changeAt(entry, layer);
    if (!change || change.change === 'removed') continue;
    sizes[node]! += change.size; // a folder's own changes have size 0
    sizes[entry.parent]! += sizes[node]!;
  }
  return sizes;
}

/** Children of every node, in tree order. */
export function childrenOf(tree: readonly FileNode[]): number[][] {
  const children: number[][] = tree.map(() => []);
  for (let node = 1; node < tree.length; node++) children[tree[node]!.parent]!.push(node);
  return children;
}

/** Links followed before a lookup gives up, as Linux does (ELOOP). */
const MAX_LINKS = 40;

/**
 * Looks paths up in the final image as the engine's archive API stats them in a container:
 * symlinks in the folders along the way are followed (inside the image: ".." stops at the
 * root), the last segment is not. Paths the engine adds to every container (/proc, /dev,
 * /etc/hosts ...) and lookups that loop are left undecided (undefined) for the caller to ask
 * the engine.
 */
export class TreeLookup {
  private readonly tree: readonly FileNode[];
  private readonly byName = new Map<number, Map<string, number>>();
  private readonly children: number[][];

  constructor(tree: readonly FileNode[]) {
    this.tree = tree;
    this.children = childrenOf(tree);
  }

  private child(dir: number, name: string): number | undefined {
    let names = this.byName.get(dir);
    if (!names) {
      names = new Map();
      for (const node of this.children[dir]!) if (isPresent(this.tree[node]!)) names.set(this.tree[node]!.name, node);
      this.byName.set(dir, names);
    }
    return names.get(name);
  }

  /** true/false when the image alone answers; undefined when only a container can. */
  exists(path: string): boolean | undefined {
    if (ENGINE_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) return undefined;
    const segments = path.split('/').filter((s) => s !== '' && s !== '.');
    const base = segments.pop();
    if (base === undefined) return true; // "/"
    let links = 0;
    // Folders along the way, symlinks followed; a stack of segments still to walk.
    const pending = segments.reverse();
    const trail: number[] = [0];
    while (pending.length > 0) {
      const segment = pending.pop()!;
      const dir = trail.at(-1)!;
      if (segment === '..') {
        if (trail.length > 1) trail.pop();
        continue;
      }
      const node = this.child(dir, segment);
      if (node === undefined) return false;
      const entry = this.tree[node]!;
      if (entry.kind === 'symlink') {
        if (++links > MAX_LINKS || entry.link === undefined) return undefined;
        const target = entry.link.split('/').filter((s) => s !== '' && s !== '.');
        if (entry.link.startsWith('/')) trail.length = 1;
        pending.push(...target.reverse());
        continue;
      }
      if (entry.kind !== 'dir') return false;
      trail.push(node);
    }
    if (base === '..') return true;
    const dir = trail.at(-1)!;
    const resolved = `${dir === 0 ? '' : pathOf(this.tree, dir)}/${base}`;
    if (ENGINE_PATHS.some((p) => resolved === p || resolved.startsWith(`${p}/`))) return undefined;
    return this.child(dir, base) !== undefined;
  }
}

/** What the engine puts in every container besides the image (its init layer and mounts). */
const ENGINE_PATHS = ['/proc', '/sys', '/dev', '/.dockerenv', '/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/etc/mtab'];
