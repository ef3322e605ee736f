// Stacks an image's layers, bottom first, the way overlayfs shows them to a container: each
// layer adds or overwrites paths, and its whiteouts and opaque folders take lower paths away.
// The result is one tree of every path any layer touched, each with the list of its changes,
// from which the page can show the filesystem at any layer and what each layer did (dive's
// filetree, as one structure instead of a tree per layer).
import type { FileChange, FileKind, FileNode } from '../../shared/image-analysis/schema.ts';
import type { LayerEntries } from './layer-entries.ts';

export interface StackInput {
  names: readonly string[];
  parents: readonly number[];
  /** The layers that hold files, bottom first, with the index each has in the analysis's `layers`. */
  layers: ReadonlyArray<{ index: number; entries: LayerEntries }>;
}

export interface ChangeCounts {
  added: { files: number; bytes: number };
  modified: { files: number; bytes: number };
  removed: { files: number; bytes: number };
}

export const noChanges = (): ChangeCounts => ({ added: { files: 0, bytes: 0 }, modified: { files: 0, bytes: 0 }, removed: { files: 0, bytes: 0 } });

export interface Stacked {
  tree: FileNode[];
  /** By layer index (the `index` of each input layer). */
  counts: Map<number, ChangeCounts>;
}

export function stackLayers(input: StackInput): Stacked {
  const { names, parents } = input;
  const count = names.length;
  // Children as one flat array (parents come before children, so one pass fills it).
  const childStart = new Int32Array(count + 1);
  for (let node = 1; node < count; node++) childStart[parents[node]! + 1]! += 1;
  for (let node = 0; node < count; node++) childStart[node + 1]! += childStart[node]!;
  const childList = new Int32Array(Math.max(0, count - 1));
  const filled = childStart.slice(0, count);
  for (let node = 1; node < count; node++) childList[filled[parents[node]!]!++] = node;

  const kinds: FileKind[] = new Array<FileKind>(count).fill('dir');
  const sizes = new Float64Array(count);
  const links: Array<string | undefined> = new Array(count);
  const changes: FileChange[][] = Array.from({ length: count }, () => []);
  const present = new Uint8Array(count);
  present[0] = 1;
  const counts = new Map<number, ChangeCounts>();

  const last = (node: number) => changes[node]!.at(-1);

  /** Takes a node and everything under it out of the image at `layer`. */
  const remove = (root: number, layer: number, tally: ChangeCounts, withRoot: boolean) => {
    const pending = [root];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (!present[node]) continue;
      if (node !== root || withRoot) {
        present[node] = 0;
        changes[node]!.push({ layer, change: 'removed', size: 0 });
        if (kinds[node] !== 'dir') {
          tally.removed.files += 1;
          tally.removed.bytes += sizes[node]!;
        }
      }
      for (let i = childStart[node]!; i < childStart[node + 1]!; i++) pending.push(childList[i]!);
    }
  };

  const write = (node: number, kind: FileKind, size: number, link: string | undefined, layer: number, tally: ChangeCounts) => {
    // Parents a tar did not list exist all the same.
    for (let up = parents[node]!; up > 0 && !present[up]; up = parents[up]!) {
      present[up] = 1;
      kinds[up] = 'dir';
      changes[up]!.push({ layer, change: 'added', size: 0 });
    }
    const previous = last(node);
    const wasPresent = present[node] === 1;
    // A folder replaced by something else hides everything that was under it.
    if (wasPresent && kinds[node] === 'dir' && kind !== 'dir') remove(node, layer, tally, false);
    const isFile = kind !== 'dir';
    if (wasPresent && kind === 'dir' && kinds[node] === 'dir') return; // a folder listed again: its contents say what changed
    if (!wasPresent && previous?.layer === layer && previous.change === 'removed') {
      // Taken away and written again by the same layer (an opaque folder's new contents): an overwrite.
      changes[node]!.pop();
      if (kinds[node] !== 'dir') {
        tally.removed.files -= 1;
        tally.removed.bytes -= sizes[node]!;
      }
      changes[node]!.push({ layer, change: 'modified', size });
      if (isFile) {
        tally.modified.files += 1;
        tally.modified.bytes += size;
      }
    } else if (wasPresent && previous?.layer === layer) {
      // Listed twice by one layer: the later entry wins.
      if (isFile && previous.change !== 'removed') tally[previous.change].bytes += size - previous.size;
      previous.size = size;
    } else {
      const change = wasPresent ? 'modified' : 'added';
      changes[node]!.push({ layer, change, size });
      if (isFile) {
        tally[change].files += 1;
        tally[change].bytes += size;
      }
    }
    present[node] = 1;
    kinds[node] = kind;
    sizes[node] = size;
    links[node] = link;
  };

  for (const { index: layer, entries } of input.layers) {
    const tally = noChanges();
    counts.set(layer, tally);
    // Removals first, each pass in the layer's order: a layer's own files survive its whiteouts and opaque folders.
    for (const removals of [true, false]) {
      for (let at = 0; at < entries.length; at++) {
        const kind = entries.kind(at);
        if ((kind === 'whiteout' || kind === 'opaque') !== removals) continue;
        if (kind === 'whiteout') remove(entries.node(at), layer, tally, true);
        else if (kind === 'opaque') remove(entries.node(at), layer, tally, false);
        else write(entries.node(at), kind, entries.size(at), entries.link(at), layer, tally);
      }
    }
  }

  // Folder sums: children have larger numbers than their parents.
  const totals = new Float64Array(count);
  for (let node = count - 1; node > 0; node--) {
    if (present[node] && kinds[node] === 'file') totals[node]! += sizes[node]!;
    if (present[node]) totals[parents[node]!]! += totals[node]!;
  }
  // Paths no layer ever made (a whiteout of something absent) are left out; numbers close up.
  const renumbered = new Int32Array(count).fill(-1);
  const tree: FileNode[] = [];
  for (let node = 0; node < count; node++) {
    if (node > 0 && (changes[node]!.length === 0 || renumbered[parents[node]!] === -1)) continue;
    renumbered[node] = tree.length;
    const link = links[node];
    tree.push({
      name: names[node]!,
      parent: node === 0 ? -1 : renumbered[parents[node]!]!,
      kind: kinds[node]!,
      size: totals[node]!,
      ...(link !== undefined && present[node] && { link }),
      changes: changes[node]!,
    });
  }
  return { tree, counts };
}
