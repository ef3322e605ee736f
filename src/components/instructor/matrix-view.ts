// Draws the class matrix with DOM calls only (names are the learners' own text: never HTML):
// a real table, a header cell per lab (colgroup) and per step (col), a row header per learner
// linking to their detail, and per row the last build and the stuck sign.
import type { CellState, MatrixColumn, MatrixRow, StepCell } from '../../../server/classes/class-matrix.ts';
import { formatBytes, formatDuration } from '../../client/format.ts';
import { strings } from '../../strings.ts';

const s = strings.classes;
const MARKS: Record<CellState, string> = { passed: '✓', failing: '✗', 'not-tried': '–' };

export interface MatrixOptions {
  showCheckpoints: boolean;
  detailHref(member: string): string;
}

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  node.append(...children);
  return node;
}

function stateLabel(state: CellState): HTMLElement {
  return el('span', { className: 'ins-state' }, el('span', { className: 'ins-mark', text: MARKS[state] }), el('span', { text: s.states[state] }));
}

function expectedFound(expected: string, found: string): HTMLElement {
  return el('span', { className: 'ins-why' }, el('span', { text: `${s.expected}: ${expected}` }), el('span', { text: `${s.found}: ${found}` }));
}

function stepCell(cell: StepCell, column: MatrixColumn, options: MatrixOptions): HTMLTableCellElement {
  const td = el('td', { className: 'ins-cell' });
  td.dataset.state = cell.state;
  td.append(stateLabel(cell.state));
  if (options.showCheckpoints) {
    const list = el('ul', { className: 'ins-checkpoints' });
    cell.checkpoints.forEach((c, i) => {
      const item = el('li', {}, el('span', { className: 'ins-mark', text: MARKS[c.state] }), el('span', { text: ` ${column.checkpoints[i]?.title ?? c.checkpoint}` }));
      item.dataset.state = c.state;
      const label = el('span', { className: 'visually-hidden', text: `: ${s.states[c.state]}` });
      item.append(label);
      if (c.state === 'failing' && c.expected !== undefined) item.append(expectedFound(c.expected, c.found ?? ''));
      list.append(item);
    });
    td.append(list);
  } else if (cell.failing) {
    td.append(el('span', { className: 'ins-checkpoint-title', text: cell.failing.title }), expectedFound(cell.failing.expected, cell.failing.found));
  }
  return td;
}

function lastBuildCell(row: MatrixRow): HTMLTableCellElement {
  const td = el('td', { className: 'ins-build' });
  const build = row.lastBuild;
  if (!build) {
    td.append(el('span', { className: 'ins-muted', text: s.noBuild }));
    return td;
  }
  td.dataset.outcome = build.outcome;
  const time = el('time', { text: new Date(build.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) });
  time.dateTime = new Date(build.at).toISOString();
  const facts = [build.outcome, build.imageSize !== null ? formatBytes(build.imageSize) : '', formatDuration(build.durationMs)].filter(Boolean).join(' · ');
  td.append(time, el('span', { text: ` ${build.file} (${build.lab})` }), el('br'), el('span', { className: 'ins-outcome', text: facts }));
  return td;
}

function stuckCell(row: MatrixRow): HTMLTableCellElement {
  const td = el('td', { className: 'ins-stuck' });
  const verdict = row.stuck;
  td.dataset.stuck = String(verdict.stuck);
  if (!verdict.stuck) td.append(el('span', { className: 'ins-muted', text: s.notStuck }));
  else if (verdict.reason === 'failed-builds') td.append(el('strong', { text: fill(s.stuckFailed, { n: verdict.count }) }));
  else td.append(el('strong', { text: fill(s.stuckQuiet, { min: Math.round(verdict.sinceMs / 60_000) }) }));
  return td;
}

export function matrixRowElement(columns: readonly MatrixColumn[], row: MatrixRow, options: MatrixOptions): HTMLTableRowElement {
  const tr = el('tr');
  tr.dataset.member = row.member;
  const link = el('a', { text: row.name });
  link.href = options.detailHref(row.member);
  const th = el('th', {}, link, el('span', { className: 'ins-count', text: fill(s.stepsPassed, { passed: row.passedSteps, total: columns.length }) }));
  th.scope = 'row';
  tr.append(th, ...row.cells.map((cell, i) => stepCell(cell, columns[i]!, options)), lastBuildCell(row), stuckCell(row));
  return tr;
}

/** The header: a row of labs (each spanning its steps) and a row of steps. */
export function matrixHead(columns: readonly MatrixColumn[]): HTMLTableSectionElement {
  const labs = el('tr');
  const steps = el('tr');
  const corner = el('th', { text: s.learner });
  corner.scope = 'col';
  corner.rowSpan = 2;
  labs.append(corner);
  const groups: Array<{ title: string; span: number }> = [];
  for (const c of columns) {
    const last = groups.at(-1);
    if (last && last.title === c.labTitle) last.span += 1;
    else groups.push({ title: c.labTitle, span: 1 });
  }
  for (const g of groups) {
    const th = el('th', { text: g.title });
    th.scope = 'colgroup';
    th.colSpan = g.span;
    labs.append(th);
  }
  for (const [title, className] of [
    [s.lastBuild, 'ins-build'],
    [s.stuck, 'ins-stuck'],
  ] as const) {
    const th = el('th', { text: title, className });
    th.scope = 'col';
    th.rowSpan = 2;
    labs.append(th);
  }
  let n = 0;
  let previous = '';
  for (const c of columns) {
    n = c.lab === previous ? n + 1 : 1;
    previous = c.lab;
    const th = el('th', { text: `${n}. ${c.title}` });
    th.scope = 'col';
    steps.append(th);
  }
  return el('thead', {}, labs, steps);
}

export function captionText(count: number): string {
  return fill(s.matrixCaption, { n: count });
}
