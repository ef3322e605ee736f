// Geometry of the comparison's chart: one row per path with two bars, the first build's and
// the second's, on one scale, so a bar of zero (a package one image lacks) reads at a glance.
// Pure numbers; compare-view.ts draws them as SVG.
import type { SizeRow } from '../../../shared/image-analysis/schema.ts';

export interface BarLayout {
  /** Space for the path above each pair of bars. */
  labelHeight: number;
  barHeight: number;
  /** Space between one row's bars and the next row's label. */
  rowGap: number;
  /** Width the longest bar takes. */
  barWidth: number;
}

export interface PairedBar {
  path: string;
  a: number;
  b: number;
  /** Top of the row (its label's top). */
  y: number;
  aWidth: number;
  bWidth: number;
}

export interface PairedBars {
  bars: PairedBar[];
  height: number;
}

/** A size that is not zero gets at least a sliver: "tiny" must not read as "absent". */
const MIN_VISIBLE = 2;

export function pairedBars(rows: readonly Pick<SizeRow, 'path' | 'a' | 'b'>[], layout: BarLayout): PairedBars {
  const max = Math.max(1, ...rows.flatMap((r) => [r.a, r.b]));
  const width = (bytes: number) => (bytes === 0 ? 0 : Math.max(MIN_VISIBLE, (bytes / max) * layout.barWidth));
  const rowHeight = layout.labelHeight + 2 * layout.barHeight + layout.rowGap;
  return {
    bars: rows.map((r, i) => ({ path: r.path, a: r.a, b: r.b, y: i * rowHeight, aWidth: width(r.a), bWidth: width(r.b) })),
    height: rows.length * rowHeight,
  };
}
