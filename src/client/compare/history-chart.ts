// Geometry of the size history chart: each buildable file's builds as a line of points, in
// the order they were built (by rank, not by clock: two builds a minute apart and one a day
// later are all readable), the lab's targets as horizontal lines, and round size ticks.
// Pure numbers; history-view.ts draws them as SVG.
import type { SizeHistory } from '../../../shared/image-analysis/schema.ts';

export interface ChartBox {
  width: number;
  height: number;
  /** Room for the size ticks on the left. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Room between the axis and the first and last points. */
  inset?: number;
}

export interface HistoryPoint {
  x: number;
  y: number;
  buildId: string;
  at: number;
  imageSize: number;
  /** 1-based place among all builds in the chart. */
  rank: number;
  target?: string | undefined;
}

export interface HistorySeries {
  file: string;
  label: string;
  points: HistoryPoint[];
}

export interface TargetLine {
  /** The file whose target it is. */
  file: string;
  bytes: number;
  y: number;
  /** Which checkpoint set it: a size limit, or a share of another file's latest build. */
  kind: 'max' | 'relative';
  /** For a relative target: the percent and the file it is a share of. */
  of?: { file: string; label: string; maxPercent: number } | undefined;
}

export interface HistoryChart {
  series: HistorySeries[];
  targets: TargetLine[];
  ticks: Array<{ bytes: number; y: number }>;
  builds: number;
}

/** A round step (1, 2 or 5 times a power of ten) that cuts 0..max into at most `count` parts. */
export function niceStep(max: number, count: number): number {
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? 10 * power);
}

/** The lab's targets of each file, as sizes: a relative one needs a build of the file it is a share of. */
export function targetsOf(history: SizeHistory): Array<Omit<TargetLine, 'y'>> {
  const latest = (file: string) => history.files.find((f) => f.file === file)?.builds.filter((b) => b.target === undefined).at(-1);
  return history.files.flatMap((f) => {
    const lines: Array<Omit<TargetLine, 'y'>> = [];
    if (f.target.maxBytes !== undefined) lines.push({ file: f.file, bytes: f.target.maxBytes, kind: 'max' });
    const relative = f.target.relative;
    const base = relative && latest(relative.of);
    if (relative && base) {
      const label = history.files.find((o) => o.file === relative.of)?.label ?? relative.of;
      lines.push({ file: f.file, bytes: Math.round((base.imageSize * relative.maxPercent) / 100), kind: 'relative', of: { file: relative.of, label, maxPercent: relative.maxPercent } });
    }
    return lines;
  });
}

export function historyChart(history: SizeHistory, box: ChartBox): HistoryChart {
  const all = history.files.flatMap((f) => f.builds.map((b) => ({ file: f.file, build: b }))).sort((x, y) => x.build.at - y.build.at || x.build.buildId.localeCompare(y.build.buildId));
  const rank = new Map(all.map((entry, i) => [entry.build.buildId, i]));
  const targets = targetsOf(history);
  const max = Math.max(1, ...all.map((e) => e.build.imageSize), ...targets.map((t) => t.bytes));
  const step = niceStep(max, 4);
  const top = Math.ceil(max / step) * step;
  const inset = box.inset ?? 0;
  const plotWidth = box.width - box.left - box.right - 2 * inset;
  const plotHeight = box.height - box.top - box.bottom;
  const y = (bytes: number) => box.top + plotHeight * (1 - bytes / top);
  const x = (i: number) => box.left + inset + (all.length === 1 ? plotWidth / 2 : (plotWidth * i) / (all.length - 1));
  return {
    series: history.files.map((f) => ({
      file: f.file,
      label: f.label,
      points: f.builds.map((b) => {
        const i = rank.get(b.buildId)!;
        return { x: x(i), y: y(b.imageSize), buildId: b.buildId, at: b.at, imageSize: b.imageSize, rank: i + 1, target: b.target };
      }),
    })),
    targets: targets.map((t) => ({ ...t, y: y(t.bytes) })),
    ticks: Array.from({ length: Math.round(top / step) + 1 }, (_, i) => ({ bytes: i * step, y: y(i * step) })),
    builds: all.length,
  };
}
