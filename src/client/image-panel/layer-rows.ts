// The Layers view's rows, from an analysis: base-image layers in one group, then the
// learner's, each with its instruction, size and the running total; and what one layer did to
// the filesystem. Pure.
import type { FileChangeKind, FileNode, ImageAnalysis, Layer } from '../../../shared/image-analysis/schema.ts';
import { pathOf, sizesAt } from '../../../shared/image-analysis/tree.ts';

export interface LayerRow {
  index: number;
  /** The instruction as written, else as the image history records it. */
  text: string;
  size: number;
  /** Bytes of this layer and every layer below it. */
  total: number;
  /** 1-based Dockerfile line, for the learner's layers. */
  line?: number | undefined;
  /** No files changed (ENV, CMD ...). */
  empty: boolean;
  cached?: boolean | undefined;
}

export interface LayerRows {
  /** The base image's layers, listed under one row. */
  base: { rows: LayerRow[]; size: number };
  own: LayerRow[];
}

/** "RUN /bin/sh -c npm ci # buildkit" -> "RUN npm ci"; "/bin/sh -c #(nop)  CMD [...]" -> "CMD [...]". */
export function historyText(createdBy: string): string {
  return createdBy
    .replace(/ # buildkit$/, '')
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, '')
    .replace(/^(RUN )?\/bin\/sh -c /, 'RUN ')
    .trim();
}

export function layerText(layer: Layer, imported: string): string {
  return layer.instruction?.text ?? (historyText(layer.createdBy) || imported);
}

/** The base group is the run of base layers the image starts with; a base layer after a learner's is listed with theirs. */
export function layerRows(analysis: ImageAnalysis, imported: string): LayerRows {
  let total = 0;
  const rows = analysis.layers.map((layer): LayerRow => {
    total += layer.size;
    return { index: layer.index, text: layerText(layer, imported), size: layer.size, total, line: layer.instruction?.line, empty: layer.empty, cached: layer.instruction?.cached };
  });
  const firstOwn = analysis.layers.findIndex((l) => !l.base);
  const split = firstOwn < 0 ? rows.length : firstOwn;
  const base = rows.slice(0, split);
  return { base: { rows: base, size: base.reduce((n, r) => n + r.size, 0) }, own: rows.slice(split) };
}

export interface DiffEntry {
  path: string;
  change: FileChangeKind;
  kind: FileNode['kind'];
  /** Bytes as this layer left it; for a removal, what it had below. */
  size: number;
}

export interface LayerDiff {
  entries: DiffEntry[];
  /** Paths the layer touched (folders it only wrote inside are not counted), before the cut. */
  total: number;
}

/**
 * What one layer added, modified and removed, biggest first, at most `limit` paths. A folder
 * the layer added is left out when the layer also added something inside it (its files say
 * more); a removed folder stands for what was under it.
 */
export function layerDiff(tree: readonly FileNode[], layer: number, limit: number): LayerDiff {
  const touched: Array<{ node: number; change: FileChangeKind; size: number }> = [];
  const hasChildChange = new Uint8Array(tree.length);
  let below: Float64Array | undefined; // sizes before this layer, for removals
  for (let node = tree.length - 1; node > 0; node--) {
    const changes = tree[node]!.changes;
    const at = changes.findIndex((c) => c.layer === layer);
    if (at < 0) continue;
    const change = changes[at]!;
    const parent = tree[node]!.parent;
    const parentRemoved = tree[parent]?.changes.some((c) => c.layer === layer && c.change === 'removed') ?? false;
    if (change.change === 'removed' && parentRemoved) {
      hasChildChange[parent] = 1;
      continue; // the folder's own row stands for it
    }
    hasChildChange[parent] = 1;
    if (tree[node]!.kind === 'dir' && change.change !== 'removed' && hasChildChange[node]) continue;
    const size = change.change === 'removed' ? (below ??= sizesAt(tree, layer - 1))[node]! : change.size;
    touched.push({ node, change: change.change, size });
  }
  touched.sort((a, b) => b.size - a.size || a.node - b.node);
  return {
    entries: touched.slice(0, limit).map((t) => ({ path: pathOf(tree, t.node), change: t.change, kind: tree[t.node]!.kind, size: t.size })),
    total: touched.length,
  };
}
