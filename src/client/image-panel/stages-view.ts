// The Stages view: the Dockerfile's stages as a small SVG graph (what this build did with
// each, which one became the image) and, as its text alternative, the same in a list.
import type { StageGraph } from '../../../shared/image-analysis/schema.ts';
import { clip } from '../../../shared/lint/dockerfile-model.ts';
import { element } from '../workbench/checklist.ts';
import { BOX, layoutStages, stageSentences } from './stage-layout.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.image;

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

export function renderStages(container: HTMLElement, graph: StageGraph, s: Strings, idPrefix: string): void {
  const width = container.clientWidth || 600;
  const row = layoutStages(graph, 'row');
  const layout = row.width <= width * 1.15 ? row : layoutStages(graph, 'column');
  const titleId = `${idPrefix}-stages-title`;
  const drawing = svg('svg', { viewBox: `-4 -4 ${layout.width + 8} ${layout.height + 8}`, width: layout.width + 8, class: 'ip-stages-svg', role: 'img', 'aria-labelledby': titleId });
  drawing.append(svg('title', { id: titleId }, s.stagesGraph));
  const marker = svg('marker', { id: `${idPrefix}-arrow`, viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M0 0 L10 5 L0 10 z', class: 'ip-arrowhead' }));
  const defs = svg('defs', {});
  defs.append(marker);
  drawing.append(defs);
  for (const edge of layout.edges) drawing.append(svg('path', { d: edge.d, class: `ip-edge ip-edge-${edge.kind}`, 'marker-end': `url(#${idPrefix}-arrow)` }));
  for (const box of layout.boxes) {
    const stage = graph.stages[box.index]!;
    const final = box.index === graph.final;
    const group = svg('g', { class: `ip-stage ip-stage-${stage.status}${final ? ' ip-stage-final' : ''}`, transform: `translate(${box.x} ${box.y})` });
    group.append(
      svg('rect', { width: BOX.width, height: BOX.height, rx: 8 }),
      // The box has room for a short name; the list below gives the long one.
      svg('text', { x: 10, y: 20, class: 'ip-stage-name' }, clip(`${final ? '★ ' : ''}${stage.name ?? `stage ${stage.index}`}`, 19)),
      svg('text', { x: 10, y: 38, class: 'ip-stage-base' }, clip(`FROM ${stage.base}`, 24)),
      svg('text', { x: 10, y: 56, class: 'ip-stage-status' }, s.status[stage.status]),
    );
    drawing.append(group);
  }
  const figure = element('figure', 'ip-stages-figure');
  figure.append(drawing);
  const legend = element('p', 'ip-note', s.legend);
  legend.setAttribute('aria-hidden', 'true'); // the list below says the same
  const heading = element('h3', 'ip-changes-title', s.stagesList);
  heading.id = `${idPrefix}-stages-list`;
  const list = element('ul', 'ip-stage-list');
  list.setAttribute('aria-labelledby', heading.id);
  const sentences = stageSentences(graph, s);
  graph.stages.forEach((stage, i) => {
    const item = element('li', '', sentences[i]);
    item.dataset.status = stage.status;
    if (i === graph.final) item.dataset.final = '';
    list.append(item);
  });
  container.replaceChildren(figure, legend, heading, list);
}
