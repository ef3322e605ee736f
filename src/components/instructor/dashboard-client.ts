// The live dashboard in the page: follows the class's event stream, keeps one table row per
// member up to date in place (keyboard focus stays where it was), and wires the class actions.
import type { DashboardEvent } from '../../../server/classes/dashboard-stream.ts';
import type { MatrixColumn, MatrixRow } from '../../../server/classes/class-matrix.ts';
import { strings } from '../../strings.ts';
import { nextLiveState, type LiveEvent, type LiveState } from './live-state.ts';
import { captionText, matrixHead, matrixRowElement, type MatrixOptions } from './matrix-view.ts';

const s = strings.classes;

export function startDashboard(root: HTMLElement): void {
  const classId = root.dataset.classId!;
  const table = root.querySelector<HTMLTableElement>('[data-matrix]')!;
  const empty = root.querySelector<HTMLElement>('[data-empty]')!;
  const status = root.querySelector<HTMLElement>('[data-live]')!;
  const toggle = root.querySelector<HTMLButtonElement>('[data-show-checkpoints]')!;
  let columns: MatrixColumn[] = [];
  const rows = new Map<string, MatrixRow>();
  let live: LiveState = 'connecting';
  const options: MatrixOptions = {
    showCheckpoints: false,
    detailHref: (member) => `/instructor/classes/${classId}/learners/${member}/`,
  };

  const on = (event: LiveEvent) => {
    live = nextLiveState(live, event);
    status.dataset.state = live;
    if (status.textContent !== s.live[live]) status.textContent = s.live[live];
  };

  /** A column group for the learners, one per lab (spanning its steps), one each for build and stuck. */
  const colgroups = () => {
    const spans: number[] = [];
    let previous: string | undefined;
    for (const c of columns) {
      if (c.lab === previous) spans[spans.length - 1]! += 1;
      else spans.push(1);
      previous = c.lab;
    }
    return [1, ...spans, 1, 1].map((span) => {
      const group = document.createElement('colgroup');
      group.span = span;
      return group;
    });
  };

  const showCount = () => {
    table.caption!.textContent = captionText(rows.size);
    empty.hidden = rows.size > 0;
    table.hidden = rows.size === 0;
    table.parentElement!.hidden = rows.size === 0;
  };

  const drawAll = () => {
    const caption = table.caption ?? table.createCaption();
    const body = document.createElement('tbody');
    for (const row of rows.values()) body.append(matrixRowElement(columns, row, options));
    table.replaceChildren(caption, ...colgroups(), matrixHead(columns), body);
    showCount();
  };

  /** Replaces one row in place; a focused link in it is focused again in the new row. */
  const drawRow = (row: MatrixRow) => {
    const body = table.tBodies[0]!;
    const old = body.querySelector<HTMLTableRowElement>(`tr[data-member="${CSS.escape(row.member)}"]`);
    const next = matrixRowElement(columns, row, options);
    if (!old) body.append(next);
    else {
      const hadFocus = old.contains(document.activeElement);
      old.replaceWith(next);
      if (hadFocus) next.querySelector('a')?.focus();
    }
    showCount();
  };

  const apply = (event: DashboardEvent) => {
    if (event.type === 'snapshot') {
      columns = event.columns;
      rows.clear();
      for (const row of event.rows) rows.set(row.member, row);
      drawAll();
    } else if (event.type === 'row') {
      rows.set(event.row.member, event.row);
      drawRow(event.row);
    } else {
      rows.delete(event.member);
      table.tBodies[0]?.querySelector(`tr[data-member="${CSS.escape(event.member)}"]`)?.remove();
      showCount();
    }
  };

  const source = new EventSource(`/api/instructor/classes/${classId}/events`);
  source.addEventListener('open', () => on('open'));
  source.addEventListener('error', () => on('error'));
  source.addEventListener('message', (message: MessageEvent<string>) => {
    on('message');
    apply(JSON.parse(message.data) as DashboardEvent);
  });
  addEventListener('pagehide', () => source.close());

  toggle.addEventListener('click', () => {
    options.showCheckpoints = !options.showCheckpoints;
    toggle.setAttribute('aria-pressed', String(options.showCheckpoints));
    drawAll();
  });
}
