// The size history: a chart of every successful build's image size per tab, in the order
// built, with the lab's targets as dashed lines; the same figures as a table for screen
// readers and anyone who would rather read them. Drawn from the load state (load-state.ts).
import type { SizeHistory } from '../../../shared/image-analysis/schema.ts';
import { fill, formatBytes } from '../format.ts';
import { count } from './count.ts';
import { element } from '../workbench/checklist.ts';
import { historyChart, targetsOf, type HistoryChart } from './history-chart.ts';
import type { LoadState } from './load-state.ts';
import { svg } from './svg.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.sizeHistory;

const HEIGHT = 190;
const BOX = { left: 58, right: 12, top: 12, bottom: 24, inset: 16 };
/** Each tab's line has its own shape as well as its own colour. */
const SHAPES = ['circle', 'square', 'diamond'] as const;

const timeOf = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function marker(shape: (typeof SHAPES)[number], x: number, y: number): SVGElement {
  if (shape === 'circle') return svg('circle', { cx: x, cy: y, r: 4.5 });
  if (shape === 'square') return svg('rect', { x: x - 4, y: y - 4, width: 8, height: 8 });
  return svg('polygon', { points: `${x},${y - 5.5} ${x + 5.5},${y} ${x},${y + 5.5} ${x - 5.5},${y}` });
}

function targetLabel(history: SizeHistory, t: ReturnType<typeof targetsOf>[number], s: Strings): string {
  const label = history.files.find((f) => f.file === t.file)?.label ?? t.file;
  return t.kind === 'max' ? fill(s.targetMax, { label, size: formatBytes(t.bytes) }) : fill(s.targetRelative, { label, percent: t.of!.maxPercent, of: t.of!.label, size: formatBytes(t.bytes) });
}

function drawChart(history: SizeHistory, chart: HistoryChart, width: number, s: Strings): SVGSVGElement {
  const summary = history.files
    .filter((f) => f.builds.length > 0)
    .map((f) => fill(s.summaryFile, { label: f.label, builds: count(s.builds, f.builds.length), size: formatBytes(f.builds.at(-1)!.imageSize) }))
    .join(' ');
  const root = svg('svg', { class: 'wb-chart', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'aria-label': fill(s.chart, { summary }) });
  for (const tick of chart.ticks) {
    root.append(svg('line', { class: 'wb-chart-grid', x1: BOX.left, x2: width - BOX.right, y1: tick.y, y2: tick.y }));
    root.append(svg('text', { class: 'wb-chart-tick', x: BOX.left - 6, y: tick.y + 4, 'text-anchor': 'end' }, formatBytes(tick.bytes)));
  }
  chart.targets.forEach((t) => {
    root.append(svg('line', { class: 'wb-chart-target', x1: BOX.left, x2: width - BOX.right, y1: t.y, y2: t.y }));
    root.append(svg('text', { class: 'wb-chart-target-label', x: width - BOX.right, y: t.y - 4, 'text-anchor': 'end' }, targetLabel(history, t, s)));
  });
  chart.series.forEach((series, i) => {
    const group = svg('g', { class: 'wb-chart-series', 'data-series': i % SHAPES.length, 'data-file': series.file });
    if (series.points.length > 1) group.append(svg('polyline', { points: series.points.map((p) => `${p.x},${p.y}`).join(' '), fill: 'none' }));
    for (const p of series.points) {
      const point = marker(SHAPES[i % SHAPES.length]!, p.x, p.y);
      point.setAttribute('data-point', p.buildId);
      group.append(point);
      // The build's number, as the table numbers it.
      root.append(svg('text', { class: 'wb-chart-tick', x: p.x, y: HEIGHT - 6, 'text-anchor': 'middle' }, String(p.rank)));
    }
    root.append(group);
  });
  return root;
}

function legend(history: SizeHistory): HTMLElement {
  const list = element('ul', 'wb-chart-legend');
  history.files.forEach((f, i) => {
    const item = element('li');
    item.dataset.series = String(i % SHAPES.length);
    item.append(element('span', 'wb-chart-key'), element('span', '', f.label));
    list.append(item);
  });
  return list;
}

function table(history: SizeHistory, s: Strings): HTMLDetailsElement {
  const details = element('details', 'wb-history-table');
  details.append(element('summary', '', s.table));
  const t = element('table');
  t.append(element('caption', 'visually-hidden', s.caption));
  const head = element('tr');
  for (const h of [s.number, s.file, s.when, s.size, s.verdict]) {
    const th = element('th', '', h);
    th.scope = 'col';
    head.append(th);
  }
  t.append(element('thead'), element('tbody'));
  t.tHead!.append(head);
  const targets = targetsOf(history);
  const rows = history.files.flatMap((f) => f.builds.map((b) => ({ file: f, build: b }))).sort((x, y) => x.build.at - y.build.at);
  rows.forEach(({ file, build }, i) => {
    const limits = targets.filter((tg) => tg.file === file.file).map((tg) => tg.bytes);
    const limit = limits.length > 0 ? Math.min(...limits) : undefined;
    const verdict = build.target !== undefined ? fill(s.stageOnly, { stage: build.target }) : limit === undefined ? s.noTarget : build.imageSize <= limit ? s.meets : fill(s.over, { size: formatBytes(build.imageSize - limit) });
    const tr = element('tr');
    const th = element('th', '', String(i + 1));
    th.scope = 'row';
    tr.append(th, element('td', '', file.label), element('td', '', timeOf(build.at)), element('td', 'wb-num', formatBytes(build.imageSize)), element('td', '', verdict));
    t.tBodies[0]!.append(tr);
  });
  details.append(t);
  return details;
}

export class HistoryView {
  private readonly body: HTMLElement;
  private readonly strings: Strings;
  private shown: SizeHistory | undefined;
  private tableOpen = false;
  private drawnWidth = 0;

  constructor(body: HTMLElement, strings: Strings) {
    this.body = body;
    this.strings = strings;
    // The chart is drawn at the width it has: text stays readable on a phone.
    new ResizeObserver(() => this.shown && this.body.clientWidth !== this.drawnWidth && this.draw(this.shown)).observe(body);
  }

  render(state: LoadState<SizeHistory>): void {
    const s = this.strings;
    this.body.setAttribute('aria-busy', String(state.phase === 'loading'));
    if (state.data) return this.draw(state.data);
    this.shown = undefined;
    this.body.replaceChildren(element('p', 'wb-note', state.phase === 'failed' ? fill(s.failed, { reason: state.error ?? '' }) : state.phase === 'loading' ? s.loading : s.empty));
  }

  private draw(history: SizeHistory): void {
    this.shown = history;
    const width = this.body.clientWidth;
    this.drawnWidth = width;
    if (width === 0) return; // closed: drawn when opened
    this.tableOpen = this.body.querySelector<HTMLDetailsElement>('.wb-history-table')?.open ?? this.tableOpen;
    if (!history.files.some((f) => f.builds.length > 0)) {
      this.body.replaceChildren(element('p', 'wb-note', this.strings.empty));
      return;
    }
    const details = table(history, this.strings);
    details.open = this.tableOpen;
    this.body.replaceChildren(legend(history), drawChart(history, historyChart(history, { width, height: HEIGHT, ...BOX }), width, this.strings), details);
  }
}
