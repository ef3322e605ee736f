// The Stages view's drawing and its words: each stage a box in Dockerfile order (left to
// right, or top to bottom where the panel is narrow), each FROM <stage>, COPY --from and
// RUN --mount=from an arrow from the stage that provides to the one that uses; and the same
// as sentences for the list that stands beside it. Pure.
import type { StageGraph } from '../../../shared/image-analysis/schema.ts';
import { fill } from '../format.ts';

export type Direction = 'row' | 'column';

export const BOX = { width: 168, height: 66, gap: 44 } as const;

export interface StageBox {
  index: number;
  x: number;
  y: number;
}

export interface EdgePath {
  from: number;
  to: number;
  kind: 'from' | 'copy' | 'mount';
  /** SVG path data, ending at the using stage's box. */
  d: string;
}

export interface StageLayout {
  width: number;
  height: number;
  boxes: StageBox[];
  edges: EdgePath[];
}

/** Arrows between neighbours go straight; longer ones arc outside the line of boxes, deeper the further they reach. */
export function layoutStages(graph: StageGraph, direction: Direction): StageLayout {
  const n = graph.stages.length;
  const step = (direction === 'row' ? BOX.width : BOX.height) + BOX.gap;
  const boxes = graph.stages.map((s, i) => (direction === 'row' ? { index: s.index, x: i * step, y: 0 } : { index: s.index, x: 0, y: i * step }));
  // One arrow per pair and kind: two COPY --from of the same stage draw once.
  const seen = new Set<string>();
  const edges = graph.edges.filter((e) => !seen.has(`${e.from}-${e.to}-${e.kind}`) && seen.add(`${e.from}-${e.to}-${e.kind}`));
  let reach = 0;
  const paths = edges.map((e): EdgePath => {
    const a = boxes[e.from]!;
    const b = boxes[e.to]!;
    const span = e.to - e.from;
    // Arrows of several kinds between the same neighbours sit side by side.
    const lane = edges.filter((o) => o.from === e.from && o.to === e.to).indexOf(e);
    if (span === 1) {
      const offset = (lane - 0.5 * (edges.filter((o) => o.from === e.from && o.to === e.to).length - 1)) * 14;
      return direction === 'row'
        ? { ...e, d: `M${a.x + BOX.width} ${BOX.height / 2 + offset} L${b.x - 4} ${BOX.height / 2 + offset}` }
        : { ...e, d: `M${BOX.width / 2 + offset} ${a.y + BOX.height} L${BOX.width / 2 + offset} ${b.y - 4}` };
    }
    const depth = 18 + 14 * (span - 1) + 8 * lane;
    reach = Math.max(reach, depth);
    return direction === 'row'
      ? { ...e, d: `M${a.x + BOX.width / 2} ${BOX.height} C${a.x + BOX.width / 2} ${BOX.height + depth} ${b.x + BOX.width / 2 - 10} ${BOX.height + depth} ${b.x + BOX.width / 2 - 10} ${BOX.height + 4}` }
      : { ...e, d: `M${BOX.width} ${a.y + BOX.height / 2} C${BOX.width + depth} ${a.y + BOX.height / 2} ${BOX.width + depth} ${b.y + BOX.height / 2 - 10} ${BOX.width + 4} ${b.y + BOX.height / 2 - 10}` };
  });
  const length = n * step - BOX.gap;
  return direction === 'row'
    ? { width: Math.max(length, BOX.width), height: BOX.height + reach + 6, boxes, edges: paths }
    : { width: BOX.width + reach + 6, height: Math.max(length, BOX.height), boxes, edges: paths };
}

export interface StageWords {
  stageItem: string;
  unnamed: string;
  final: string;
  status: Record<'built' | 'cached' | 'skipped', string>;
  notNeeded: string;
  edge: Record<'from' | 'copy' | 'mount', string>;
}

/** One sentence per stage: its name, base, what BuildKit did, whether it is final, and what it takes from earlier stages. */
export function stageSentences(graph: StageGraph, w: StageWords): string[] {
  const name = (i: number) => graph.stages[i]!.name ?? fill(w.unnamed, { n: i });
  return graph.stages.map((stage) => {
    const parts = [fill(w.stageItem, { name: name(stage.index), line: stage.line, base: stage.base }), w.status[stage.status]];
    if (!stage.needed) parts.push(w.notNeeded);
    if (stage.index === graph.final) parts.push(w.final);
    for (const edge of graph.edges.filter((e) => e.to === stage.index)) parts.push(fill(w.edge[edge.kind], { stage: name(edge.from), line: edge.line }));
    return parts.join('; ');
  });
}
