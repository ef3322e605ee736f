// The comparison as the page lists it: rows filtered by what the learner types, which side a
// path is missing from, and the sentence that sums it up. Pure; compare-view.ts draws it.
import type { ImageComparison, OnlyIn, SizeRow } from '../../../shared/image-analysis/schema.ts';

/** Where a row's path is: in both images, only in the first (a), only in the second (b). */
export type Presence = 'both' | 'only-a' | 'only-b';

export const presenceOf = (row: Pick<SizeRow, 'a' | 'b'>): Presence => (row.a > 0 && row.b === 0 ? 'only-a' : row.b > 0 && row.a === 0 ? 'only-b' : 'both');

const matches = (path: string, filter: string) => filter === '' || path.toLowerCase().includes(filter.trim().toLowerCase());

export interface Shown<T> {
  rows: T[];
  /** Rows that matched the filter but were left out by the limit. */
  more: number;
}

/** The rows whose path contains `filter` (case-insensitive), at most `limit` of them, in the comparison's order. */
export function shownRows<T extends { path: string }>(rows: readonly T[], filter: string, limit: number): Shown<T> {
  const matching = rows.filter((r) => matches(r.path, filter));
  return { rows: matching.slice(0, limit), more: Math.max(0, matching.length - limit) };
}

/** The biggest differences for the chart: rows whose sizes differ, by how much they differ. */
export function chartRows(rows: readonly SizeRow[], count: number): SizeRow[] {
  return rows
    .filter((r) => r.delta !== 0)
    .toSorted((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
    .slice(0, count);
}

export interface OnlyInShown extends Shown<OnlyIn> {
  total: ImageComparison['onlyInA']['total'];
}

export function shownOnlyIn(list: ImageComparison['onlyInA'], filter: string, limit: number): OnlyInShown {
  return { ...shownRows(list.paths, filter, limit), total: list.total };
}
