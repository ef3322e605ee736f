// The Files view's rows: the final filesystem as a tree, folders sized by what they hold,
// sorted by name or size, narrowed by a filter, flattened to the rows the learner can see
// (expanded folders only). Pure; the view draws the few rows in its window.
import type { FileNode } from '../../../shared/image-analysis/schema.ts';
import { childrenOf, isPresent } from '../../../shared/image-analysis/tree.ts';

export type SortKey = 'name' | 'size';

export interface FileRow {
  node: number;
  /** 1 for the top-level entries (the root is not a row). */
  level: number;
  /** Position among its shown siblings, 1-based, and how many there are (aria-posinset/setsize). */
  position: number;
  siblings: number;
  /** A folder with something in it. */
  folder: boolean;
  expanded: boolean;
  /** The filter matched this entry's own name (not only something inside it). */
  match: boolean;
}

const byName = (tree: readonly FileNode[]) => (a: number, b: number) => {
  const x = tree[a]!.name;
  const y = tree[b]!.name;
  return x < y ? -1 : x > y ? 1 : 0;
};

export class FileTreeModel {
  readonly tree: readonly FileNode[];
  /** Children present in the final image. */
  private readonly children: number[][];
  private readonly sorted = new Map<SortKey, number[][]>();

  constructor(tree: readonly FileNode[]) {
    this.tree = tree;
    this.children = childrenOf(tree).map((list) => list.filter((n) => isPresent(tree[n]!)));
  }

  hasChildren(node: number): boolean {
    return this.children[node]!.length > 0;
  }

  /** Every folder with something in it: what "Expand all" opens. */
  folders(): number[] {
    const out: number[] = [];
    for (let node = 1; node < this.tree.length; node++) if (this.children[node]!.length > 0) out.push(node);
    return out;
  }

  private childrenBy(sort: SortKey): number[][] {
    let lists = this.sorted.get(sort);
    if (!lists) {
      const names = byName(this.tree);
      const compare = sort === 'name' ? names : (a: number, b: number) => this.tree[b]!.size - this.tree[a]!.size || names(a, b);
      lists = this.children.map((list) => (list.length > 1 ? [...list].sort(compare) : list));
      this.sorted.set(sort, lists);
    }
    return lists;
  }

  /** Nodes whose name contains `filter` (case-insensitive), and every folder above one. */
  private matching(filter: string): { shown: Uint8Array; own: Uint8Array } {
    const needle = filter.toLowerCase();
    const shown = new Uint8Array(this.tree.length);
    const own = new Uint8Array(this.tree.length);
    for (let node = this.tree.length - 1; node > 0; node--) {
      if (!isPresent(this.tree[node]!)) continue;
      if (this.tree[node]!.name.toLowerCase().includes(needle)) own[node] = 1;
      if (own[node] || shown[node]) {
        shown[node] = 1;
        shown[this.tree[node]!.parent] = 1;
      }
    }
    return { shown, own };
  }

  /**
   * The rows in view, in order. With a filter, only matches and the folders that lead to them
   * show, those folders open; a matching folder opens when the learner opens it.
   */
  rows(expanded: ReadonlySet<number>, sort: SortKey, filter = ''): FileRow[] {
    const lists = this.childrenBy(sort);
    const match = filter === '' ? undefined : this.matching(filter);
    const out: FileRow[] = [];
    const visit = (parent: number, level: number, onlyShown: boolean) => {
      const list = onlyShown && match ? lists[parent]!.filter((n) => match.shown[n]) : lists[parent]!;
      list.forEach((node, i) => {
        const folder = lists[node]!.length > 0;
        const leadsToMatch = match !== undefined && onlyShown && match.shown[node] === 1 && this.hasMatchBelow(node, match.shown, lists);
        const isOpen = folder && (expanded.has(node) || leadsToMatch);
        const own = match ? match.own[node] === 1 : false;
        out.push({ node, level, position: i + 1, siblings: list.length, folder, expanded: isOpen, match: own });
        // Inside a folder the filter matched, everything shows; elsewhere only the way to matches.
        if (isOpen) visit(node, level + 1, onlyShown && !(own && expanded.has(node)));
      });
    };
    visit(0, 1, true);
    return out;
  }

  private hasMatchBelow(node: number, shown: Uint8Array, lists: number[][]): boolean {
    return lists[node]!.some((child) => shown[child] === 1);
  }
}
