import { describe, expect, it } from 'vitest';
import type { SizeHistory } from '../../../shared/image-analysis/schema.ts';
import { historyChart, niceStep, targetsOf } from './history-chart.ts';

const box = { width: 300, height: 140, left: 40, right: 10, top: 10, bottom: 30 };
const history: SizeHistory = {
  files: [
    { file: 'Dockerfile.regular', label: 'Regular', target: {}, builds: [{ buildId: 'r1', at: 100, imageSize: 530e6 }] },
    {
      file: 'Dockerfile',
      label: 'Multi-stage',
      target: { maxBytes: 150e6, relative: { of: 'Dockerfile.regular', maxPercent: 40 } },
      builds: [
        { buildId: 'm1', at: 50, imageSize: 400e6 },
        { buildId: 'm2', at: 200, imageSize: 111e6 },
      ],
    },
  ],
};

describe('size history chart', () => {
  it('picks round steps of 1, 2 or 5', () => {
    expect(niceStep(530e6, 4)).toBe(200e6);
    expect(niceStep(100, 4)).toBe(50);
    expect(niceStep(9, 4)).toBe(5);
  });

  it('reads the targets: the size limit, and the share of the latest whole build of the other file', () => {
    expect(targetsOf(history)).toEqual([
      { file: 'Dockerfile', bytes: 150e6, kind: 'max' },
      { file: 'Dockerfile', bytes: 212e6, kind: 'relative', of: { file: 'Dockerfile.regular', label: 'Regular', maxPercent: 40 } },
    ]);
    const noBaseline = { files: [history.files[1]!] };
    expect(targetsOf(noBaseline).map((t) => t.kind)).toEqual(['max']);
  });

  it('places builds by the order they were built across files, sizes from 0 up to a round top', () => {
    const chart = historyChart(history, box);
    expect(chart.builds).toBe(3);
    const multi = chart.series[1]!.points;
    expect(multi.map((p) => [p.rank, p.x])).toEqual([[1, 40], [3, 290]]);
    expect(chart.series[0]!.points[0]).toMatchObject({ rank: 2, x: 165 });
    expect(chart.ticks.map((t) => t.bytes)).toEqual([0, 200e6, 400e6, 600e6]);
    expect(chart.ticks[0]!.y).toBe(110);
    expect(chart.ticks.at(-1)!.y).toBe(10);
    expect(chart.series[0]!.points[0]!.y).toBeCloseTo(10 + 100 * (1 - 530 / 600));
    expect(chart.targets[0]!.y).toBeCloseTo(10 + 100 * (1 - 150 / 600));
  });

  it('keeps the first and last points off the axis by the inset', () => {
    const points = historyChart(history, { ...box, inset: 15 }).series[1]!.points;
    expect(points.map((p) => p.x)).toEqual([55, 275]);
  });

  it('centres a single build', () => {
    const one = { files: [{ ...history.files[0]!, builds: [history.files[0]!.builds[0]!] }] };
    expect(historyChart(one, box).series[0]!.points[0]!.x).toBe(165);
  });
});
