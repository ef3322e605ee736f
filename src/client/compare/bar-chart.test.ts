import { describe, expect, it } from 'vitest';
import { pairedBars } from './bar-chart.ts';

const layout = { labelHeight: 16, barHeight: 10, rowGap: 8, barWidth: 200 };

describe('pairedBars', () => {
  it('puts both images\' bars on one scale, the biggest size the full width', () => {
    const { bars, height } = pairedBars([{ path: '/usr', a: 400, b: 100 }, { path: '/app', a: 0, b: 200 }], layout);
    expect(bars.map((b) => [b.path, b.y, b.aWidth, b.bWidth])).toEqual([
      ['/usr', 0, 200, 50],
      ['/app', 44, 0, 100],
    ]);
    expect(height).toBe(88);
  });

  it('gives a tiny size a sliver and an absent one nothing', () => {
    const [bar] = pairedBars([{ path: '/x', a: 1e9, b: 1 }], layout).bars;
    expect(bar!.bWidth).toBe(2);
    expect(pairedBars([{ path: '/y', a: 0, b: 0 }], layout).bars[0]!.aWidth).toBe(0);
  });
});
