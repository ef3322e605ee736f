import { describe, expect, it } from 'vitest';
import { stageGraph } from '../../../shared/image-analysis/stage-graph.ts';
import { BOX, layoutStages, stageSentences } from './stage-layout.ts';

const dockerfile = ['FROM node:18 AS deps', 'RUN npm ci', 'FROM deps AS test', 'RUN npm test', 'FROM node:18-alpine', 'COPY --from=deps /app/node_modules ./node_modules', 'COPY --from=deps /app/package.json ./'].join('\n');
const graph = stageGraph(dockerfile, { target: 'test', steps: [{ id: 'a', name: '[deps 2/2] RUN npm ci', status: 'cached' }, { id: 'b', name: '[test 1/1] RUN npm test', status: 'done' }] })!;

const words = {
  stageItem: '{name} (line {line}) from {base}',
  unnamed: 'stage {n}',
  final: 'the image',
  status: { built: 'built', cached: 'from the cache', skipped: 'skipped' },
  notNeeded: 'not needed',
  edge: { from: 'starts from {stage} (line {line})', copy: 'copies from {stage} (line {line})', mount: 'mounts {stage} (line {line})' },
};

describe('the stages drawing', () => {
  it('places the boxes in a row and one arrow per pair and kind', () => {
    const layout = layoutStages(graph, 'row');
    expect(layout.boxes.map((b) => [b.x, b.y])).toEqual([
      [0, 0],
      [BOX.width + BOX.gap, 0],
      [2 * (BOX.width + BOX.gap), 0],
    ]);
    expect(layout.edges.map((e) => [e.from, e.to, e.kind])).toEqual([
      [0, 1, 'from'],
      [0, 2, 'copy'],
    ]);
    expect(layout.edges[0]!.d).toMatch(/^M\d+ \d+ L/); // neighbours: straight
    expect(layout.edges[1]!.d).toMatch(/ C/); // further: an arc under the boxes
    expect(layout.width).toBe(3 * BOX.width + 2 * BOX.gap);
    expect(layout.height).toBeGreaterThan(BOX.height);
  });
  it('stacks the boxes where the panel is narrow', () => {
    const layout = layoutStages(graph, 'column');
    expect(layout.boxes.map((b) => b.y)).toEqual([0, BOX.height + BOX.gap, 2 * (BOX.height + BOX.gap)]);
    expect(layout.width).toBeGreaterThan(BOX.width);
  });
  it('says the same in sentences', () => {
    expect(stageSentences(graph, words)).toEqual([
      'deps (line 1) from node:18; from the cache',
      'test (line 3) from deps; built; the image; starts from deps (line 3)',
      'stage 2 (line 5) from node:18-alpine; skipped; not needed; copies from deps (line 6); copies from deps (line 7)',
    ]);
  });
});
