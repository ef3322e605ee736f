// Wasted space as dive (wagoodman/dive, filetree/efficiency.go) counts it: a file that more
// than one layer wrote or removed costs every copy's bytes, and the efficiency score is, over
// all files, the smallest copy of each divided by all copies. Unlike dive, removing a folder
// counts each file under it (dive counts the folder's whiteout once and lets its files off).
// Offenders are grouped: when every file under a folder is wasted by the same layers (a
// node_modules copied twice, an npm cache added then deleted), the folder is the offender.
import type { FileNode, Offender, Waste } from '../../shared/image-analysis/schema.ts';
import { pathOf } from '../../shared/image-analysis/tree.ts';

const MAX_OFFENDERS = 20;

export function wasteOf(tree: readonly FileNode[]): Waste {
  const count = tree.length;
  let all = 0;
  let smallest = 0;
  let wastedBytes = 0;
  let wastedFiles = 0;
  // Per node: the layers that waste everything under it ("3,5"), null when mixed, undefined when nothing counts.
  const signature: Array<string | null | undefined> = new Array(count);
  const files = new Float64Array(count);
  const bytes = new Float64Array(count);
  for (let node = count - 1; node >= 0; node--) {
    const { kind, changes } = tree[node]!;
    if (kind !== 'dir') {
      let total = 0;
      let least = Infinity;
      for (const change of changes) {
        total += change.size;
        least = Math.min(least, change.size);
      }
      all += total;
      smallest += changes.length > 0 ? least : 0;
      if (changes.length > 1 && total > 0) {
        wastedBytes += total;
        wastedFiles += 1;
        files[node] = 1;
        bytes[node] = total;
        signature[node] = changes.map((c) => c.layer).join(',');
      } else if (total > 0) signature[node] = null;
    }
    const parent = tree[node]!.parent;
    if (parent < 0) continue;
    files[parent]! += files[node]!;
    bytes[parent]! += bytes[node]!;
    const mine = signature[node];
    const theirs = signature[parent];
    if (mine === undefined) continue;
    signature[parent] = theirs === undefined ? mine : theirs === mine ? theirs : null;
  }

  const offenders: Offender[] = [];
  // The highest folder of a group of several files names the group (a lone file is named itself), never the root.
  const grouped = (at: number) => at !== 0 && typeof signature[at] === 'string' && files[at]! > 1;
  const inGroup = new Uint8Array(count);
  for (let node = 1; node < count; node++) {
    const mine = signature[node];
    const parent = tree[node]!.parent;
    inGroup[node] = inGroup[parent]! || Number(grouped(parent));
    if (typeof mine !== 'string' || inGroup[node] || (tree[node]!.kind === 'dir' && files[node]! < 2)) continue;
    offenders.push({
      path: pathOf(tree, node),
      kind: tree[node]!.kind === 'dir' ? 'dir' : 'file',
      files: files[node]!,
      bytes: bytes[node]!,
      layers: mine.split(',').map(Number),
    });
  }
  offenders.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  return { wastedBytes, efficiency: all === 0 ? 1 : smallest / all, wastedFiles, offenders: offenders.slice(0, MAX_OFFENDERS) };
}
