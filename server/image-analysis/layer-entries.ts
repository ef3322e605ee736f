// A layer's entries as columns, a typed array per field, instead of an object per entry: an
// analysis keeps every layer's entries until the layers are stacked, long enough for young
// GCs to copy each object and move it to the old generation, where it is garbage once the
// analysis ends (the node lab's image lists 17,000 paths).

/** What one tar entry of a layer does. `whiteout` removes its path; `opaque` empties the folder of what lower layers had. */
export type EntryKind = 'dir' | 'file' | 'symlink' | 'hardlink' | 'other' | 'whiteout' | 'opaque';

export interface LayerEntry {
  node: number;
  kind: EntryKind;
  /** A regular file's bytes; 0 otherwise. */
  size: number;
  link?: string;
}

const KINDS: readonly EntryKind[] = ['dir', 'file', 'symlink', 'hardlink', 'other', 'whiteout', 'opaque'];

export class LayerEntries {
  private nodes = new Int32Array(64);
  private kinds = new Uint8Array(64);
  private sizes = new Float64Array(64);
  /** By entry index, for the entries that have a link. */
  private readonly links = new Map<number, string>();
  length = 0;

  push(entry: LayerEntry): void {
    if (this.length === this.nodes.length) this.grow();
    const at = this.length++;
    this.nodes[at] = entry.node;
    this.kinds[at] = KINDS.indexOf(entry.kind);
    this.sizes[at] = entry.size;
    if (entry.link !== undefined) this.links.set(at, entry.link);
  }

  node(at: number): number {
    return this.nodes[at]!;
  }

  kind(at: number): EntryKind {
    return KINDS[this.kinds[at]!]!;
  }

  size(at: number): number {
    return this.sizes[at]!;
  }

  link(at: number): string | undefined {
    return this.links.get(at);
  }

  private grow(): void {
    const nodes = new Int32Array(this.nodes.length * 2);
    const kinds = new Uint8Array(this.kinds.length * 2);
    const sizes = new Float64Array(this.sizes.length * 2);
    nodes.set(this.nodes);
    kinds.set(this.kinds);
    sizes.set(this.sizes);
    [this.nodes, this.kinds, this.sizes] = [nodes, kinds, sizes];
  }
}
