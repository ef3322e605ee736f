// Two builds side by side: the learner picks them (Regular against Multi-stage by default),
// then sees the size difference by top-level folder and by package, each as a chart and a
// table, and the paths only one image has. A filter narrows every list to a path
// ("nodemon"). The pickers and the filter stay put while the figures below them are redrawn.
import type { ImageComparison, SizeRow } from '../../../shared/image-analysis/schema.ts';
import { fill, formatBytes } from '../format.ts';
import { element } from '../workbench/checklist.ts';
import { pairedBars } from './bar-chart.ts';
import type { BuildChoice, BuildPair } from './build-choices.ts';
import { chartRows, presenceOf, shownOnlyIn, shownRows } from './compare-rows.ts';
import { count } from './count.ts';
import type { LoadState } from './load-state.ts';
import { svg } from './svg.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.compareBuilds;

const FOLDER_ROWS = 12;
const PACKAGE_ROWS = 25;
const ONLY_ROWS = 12;
const CHART_ROWS = 8;
const BAR = { labelHeight: 15, barHeight: 13, rowGap: 10 };
/** Room right of the longest bar for its figure. */
const FIGURE_ROOM = 72;

const timeOf = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const signed = (bytes: number) => (bytes === 0 ? '0 B' : `${bytes > 0 ? '+' : '−'}${formatBytes(Math.abs(bytes))}`);

export interface CompareHandlers {
  choose(pair: BuildPair): void;
}

export class CompareView {
  private readonly body: HTMLElement;
  private readonly strings: Strings;
  private readonly first: HTMLSelectElement;
  private readonly second: HTMLSelectElement;
  private readonly filter: HTMLInputElement;
  private readonly controls: HTMLElement;
  private readonly output: HTMLElement;
  private choices: BuildChoice[] = [];
  private state: LoadState<ImageComparison> = { phase: 'idle' };
  private drawnWidth = 0;

  constructor(body: HTMLElement, idPrefix: string, strings: Strings, handlers: CompareHandlers) {
    this.body = body;
    this.strings = strings;
    const s = strings;
    const field = (id: string, text: string, control: HTMLElement) => {
      const label = element('label', '', text);
      label.htmlFor = id;
      control.id = id;
      const wrap = element('div', 'wb-field');
      wrap.append(label, control);
      return wrap;
    };
    this.first = element('select');
    this.second = element('select');
    this.filter = element('input');
    this.filter.type = 'search';
    this.filter.autocomplete = 'off';
    this.filter.spellcheck = false;
    this.filter.setAttribute('aria-describedby', `${idPrefix}-filter-help`);
    const swap = element('button', 'button small', s.swap);
    swap.type = 'button';
    const chosen = () => handlers.choose({ a: this.first.value, b: this.second.value });
    this.first.addEventListener('change', chosen);
    this.second.addEventListener('change', chosen);
    swap.addEventListener('click', () => {
      [this.first.value, this.second.value] = [this.second.value, this.first.value];
      chosen();
    });
    this.filter.addEventListener('input', () => this.drawOutput());
    const help = element('p', 'wb-note', s.filterHelp);
    help.id = `${idPrefix}-filter-help`;
    this.controls = element('div', 'wb-compare-controls');
    const find = field(`${idPrefix}-filter`, s.filter, this.filter);
    find.classList.add('wb-field-wide');
    this.controls.append(field(`${idPrefix}-a`, s.first, this.first), swap, field(`${idPrefix}-b`, s.second, this.second), find, help);
    this.output = element('div', 'wb-compare-output');
    new ResizeObserver(() => this.body.clientWidth !== this.drawnWidth && this.drawOutput()).observe(body);
    this.body.replaceChildren(element('p', 'wb-note', s.needTwo));
  }

  /** The builds on offer and the pair in view (undefined: fewer than two builds). */
  setChoices(choices: BuildChoice[], pair: BuildPair | undefined): void {
    this.choices = choices;
    if (!pair) {
      this.body.replaceChildren(element('p', 'wb-note', this.strings.needTwo));
      return;
    }
    for (const [select, chosen] of [[this.first, pair.a], [this.second, pair.b]] as const) {
      select.replaceChildren(
        ...choices.map((c) => {
          const option = element('option', '', this.choiceText(c));
          option.value = c.buildId;
          option.selected = c.buildId === chosen;
          return option;
        }),
      );
    }
    if (!this.body.contains(this.controls)) this.body.replaceChildren(this.controls, this.output);
  }

  render(state: LoadState<ImageComparison>): void {
    this.state = state;
    this.output.setAttribute('aria-busy', String(state.phase === 'loading'));
    this.drawOutput();
  }

  private choiceText(c: BuildChoice): string {
    const values = { label: c.label, time: timeOf(c.at), size: formatBytes(c.imageSize), stage: c.target ?? '' };
    return fill(c.target === undefined ? this.strings.choice : this.strings.choiceTarget, values);
  }

  /** How the two builds are named in headings: their tab labels, with the time when both are of one tab. */
  private names(comparison: ImageComparison): { a: string; b: string } {
    const [a, b] = [comparison.a, comparison.b].map((side) => this.choices.find((c) => c.buildId === side.buildId));
    if (!a || !b) return { a: comparison.a.file, b: comparison.b.file };
    return a.label === b.label ? { a: `${a.label} ${timeOf(a.at)}`, b: `${b.label} ${timeOf(b.at)}` } : { a: a.label, b: b.label };
  }

  private drawOutput(): void {
    const s = this.strings;
    this.drawnWidth = this.body.clientWidth;
    const { phase, data, error } = this.state;
    if (phase === 'failed') return this.output.replaceChildren(element('p', 'wb-note wb-error', fill(s.failed, { reason: error ?? '' })));
    if (!data) return this.output.replaceChildren(element('p', 'wb-note', phase === 'loading' ? s.loading : ''));
    const names = this.names(data);
    const filter = this.filter.value;
    const difference = data.b.imageSize - data.a.imageSize;
    const sizes = { a: names.a, b: names.b, size: formatBytes(Math.abs(difference)), aSize: formatBytes(data.a.imageSize), bSize: formatBytes(data.b.imageSize) };
    const summary = element('p', 'wb-compare-summary', fill(difference < 0 ? s.smaller : difference > 0 ? s.larger : s.same, sizes));
    this.output.replaceChildren(
      summary,
      this.section(s.byFolder, data.byFolder, FOLDER_ROWS, names, filter),
      this.section(s.byPackage, data.byPackage, PACKAGE_ROWS, names, filter),
      this.onlyIn(data, names, filter),
    );
  }

  private section(title: string, rows: readonly SizeRow[], limit: number, names: { a: string; b: string }, filter: string): HTMLElement {
    const s = this.strings;
    const section = element('section', 'wb-compare-section');
    section.append(element('h3', '', title));
    const shown = shownRows(rows, filter, limit);
    if (shown.rows.length === 0) {
      section.append(element('p', 'wb-note', fill(s.noMatch, { filter })));
      return section;
    }
    section.append(this.chart(chartRows(shownRows(rows, filter, rows.length).rows, CHART_ROWS), names));
    const table = element('table', 'wb-compare-table');
    table.append(element('caption', 'visually-hidden', title));
    const head = element('tr');
    for (const h of [s.path, names.a, names.b, s.difference]) {
      const th = element('th', '', h);
      th.scope = 'col';
      head.append(th);
    }
    table.createTHead().append(head);
    const body = table.createTBody();
    for (const row of shown.rows) {
      const tr = element('tr');
      tr.dataset.presence = presenceOf(row);
      const th = element('th', '', row.path);
      th.scope = 'row';
      const size = (bytes: number) => {
        const td = element('td', 'wb-num', bytes === 0 ? s.absent : formatBytes(bytes));
        if (bytes === 0) td.dataset.absent = '';
        return td;
      };
      tr.append(th, size(row.a), size(row.b), element('td', 'wb-num', signed(row.delta)));
      body.append(tr);
    }
    section.append(table);
    if (shown.more > 0) section.append(element('p', 'wb-note', fill(s.more, { n: shown.more })));
    return section;
  }

  private chart(rows: SizeRow[], names: { a: string; b: string }): HTMLElement {
    const figure = element('figure', 'wb-bars');
    const width = Math.max(260, this.body.clientWidth);
    const { bars, height } = pairedBars(rows, { ...BAR, barWidth: width - FIGURE_ROOM });
    const chart = svg('svg', { class: 'wb-chart', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' });
    for (const bar of bars) {
      const top = bar.y + BAR.labelHeight;
      chart.append(svg('text', { class: 'wb-chart-label', x: 0, y: bar.y + 11 }, bar.path));
      for (const [side, w, bytes, y] of [['a', bar.aWidth, bar.a, top], ['b', bar.bWidth, bar.b, top + BAR.barHeight]] as const) {
        if (w > 0) chart.append(svg('rect', { class: `wb-bar-${side}`, x: 0.5, y: y + 0.5, width: w, height: BAR.barHeight - 1.5 }));
        chart.append(svg('text', { class: 'wb-chart-figure', x: w + 5, y: y + BAR.barHeight - 2.5 }, bytes === 0 ? this.strings.absent : formatBytes(bytes)));
      }
    }
    const caption = element('figcaption', 'wb-note', fill(this.strings.chart, names));
    figure.append(caption, chart);
    return figure;
  }

  private onlyIn(data: ImageComparison, names: { a: string; b: string }, filter: string): HTMLElement {
    const s = this.strings;
    const wrap = element('div', 'wb-only-in');
    for (const [name, list] of [[names.a, data.onlyInA], [names.b, data.onlyInB]] as const) {
      const section = element('section', 'wb-compare-section');
      section.append(element('h3', '', fill(s.onlyIn, { label: name })));
      section.append(element('p', 'wb-note', fill(s.onlyInTotal, { paths: list.total.paths, files: list.total.files, size: formatBytes(list.total.bytes) })));
      const shown = shownOnlyIn(list, filter, ONLY_ROWS);
      if (list.total.paths === 0) section.append(element('p', 'wb-note', s.nothingOnly));
      else if (shown.rows.length === 0) section.append(element('p', 'wb-note', fill(s.noMatch, { filter })));
      else {
        const ul = element('ul', 'wb-only-list');
        for (const p of shown.rows) {
          const li = element('li');
          li.append(element('code', '', p.path), document.createTextNode(` ${formatBytes(p.bytes)}${p.kind === 'dir' ? `, ${count(s.files, p.files)}` : ''}`));
          ul.append(li);
        }
        section.append(ul);
        if (shown.more > 0) section.append(element('p', 'wb-note', fill(s.more, { n: shown.more })));
      }
      wrap.append(section);
    }
    return wrap;
  }
}
