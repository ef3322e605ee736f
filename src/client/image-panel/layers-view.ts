// The Layers view: one row per layer, oldest first, with its instruction, size and running
// total; the base image's layers under one row that opens; a learner's layer is a button that
// takes the editor to its Dockerfile line, and each layer's Changes opens what it added,
// modified and removed.
import type { ImageAnalysis } from '../../../shared/image-analysis/schema.ts';
import { fill, formatBytes } from '../format.ts';
import { element } from '../workbench/checklist.ts';
import { layerDiff, layerRows, type LayerRow } from './layer-rows.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.image;

/** Paths listed under a layer's Changes: a base layer touches thousands. */
const DIFF_LIMIT = 200;

export interface LayersActions {
  /** The learner activated a layer of their Dockerfile. */
  goTo(file: string, line: number): void;
}

/** A button that opens something below it, with a mark that turns (not part of its name). */
function disclosure(className: string, text: string): HTMLButtonElement {
  const button = element('button', `${className} ip-disclosure`);
  button.type = 'button';
  const mark = element('span', 'ip-twisty');
  mark.setAttribute('aria-hidden', 'true');
  button.append(mark, text);
  return button;
}

export class LayersView {
  private readonly container: HTMLElement;
  private readonly strings: Strings;
  private readonly actions: LayersActions;
  private readonly idPrefix: string;

  constructor(container: HTMLElement, strings: Strings, actions: LayersActions, idPrefix: string) {
    this.container = container;
    this.strings = strings;
    this.actions = actions;
    this.idPrefix = idPrefix;
  }

  render(analysis: ImageAnalysis): void {
    const s = this.strings;
    const rows = layerRows(analysis, s.imported);
    const head = element('div', 'ip-layer-row ip-layer-head');
    head.setAttribute('aria-hidden', 'true');
    head.append(element('span', '', s.instruction), element('span', 'ip-num', s.size), element('span', 'ip-num', s.total), element('span'));
    const list = element('ol', 'ip-layers');
    list.setAttribute('aria-label', s.layersCaption);
    if (rows.base.rows.length > 0) list.append(this.baseGroup(analysis, rows.base.rows, rows.base.size));
    for (const row of rows.own) list.append(this.layer(analysis, row));
    this.container.replaceChildren(head, list);
  }

  private baseGroup(analysis: ImageAnalysis, rows: LayerRow[], size: number): HTMLLIElement {
    const s = this.strings;
    const item = element('li', 'ip-layer ip-layer-base');
    const nested = element('ol', 'ip-layers');
    nested.id = `${this.idPrefix}-base`;
    nested.hidden = true;
    const toggle = disclosure('ip-go', rows.length === 1 ? s.baseGroupOne : fill(s.baseGroup, { count: rows.length }));
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', nested.id);
    toggle.addEventListener('click', () => {
      nested.hidden = !nested.hidden;
      toggle.setAttribute('aria-expanded', String(!nested.hidden));
      if (!nested.hidden && nested.childElementCount === 0) nested.append(...rows.map((r) => this.layer(analysis, r)));
    });
    item.append(this.rowOf(toggle, size, rows.at(-1)!.total), nested);
    return item;
  }

  private layer(analysis: ImageAnalysis, row: LayerRow): HTMLLIElement {
    const s = this.strings;
    const item = element('li', 'ip-layer');
    item.dataset.layer = String(row.index);
    let label: HTMLElement;
    if (row.line !== undefined) {
      const line = row.line;
      label = element('button', 'ip-go');
      (label as HTMLButtonElement).type = 'button';
      // Its name is its visible text (WCAG label in name), then what it does.
      label.append(element('span', 'ip-line', fill(s.goToLine, { line })), ' ', element('code', '', row.text));
      label.addEventListener('click', () => this.actions.goTo(analysis.file, line));
    } else {
      label = element('span', 'ip-go ip-base-text');
      label.append(element('code', '', row.text));
    }
    if (row.cached) label.append(element('span', 'ip-tag', s.cached));
    if (row.line !== undefined) label.append(element('span', 'visually-hidden', s.goToHint));
    const changes = element('div', 'ip-changes');
    changes.id = `${this.idPrefix}-changes-${row.index}`;
    changes.hidden = true;
    let toggle: HTMLElement = element('span', 'ip-tag ip-nochange', s.noFiles);
    if (!row.empty) {
      const button = disclosure('button subtle small', s.showChanges);
      button.setAttribute('aria-expanded', 'false');
      button.setAttribute('aria-controls', changes.id);
      button.setAttribute('aria-label', fill(s.changesLabel, { n: row.index + 1, text: row.text }));
      button.addEventListener('click', () => {
        changes.hidden = !changes.hidden;
        button.setAttribute('aria-expanded', String(!changes.hidden));
        if (!changes.hidden && changes.childElementCount === 0) this.fillChanges(changes, analysis, row);
      });
      toggle = button;
    }
    item.append(this.rowOf(label, row.size, row.total, toggle), changes);
    return item;
  }

  private rowOf(label: HTMLElement, size: number, total: number, toggle?: HTMLElement): HTMLDivElement {
    const s = this.strings;
    const row = element('div', 'ip-layer-row');
    const sized = (cls: string, name: string, bytes: number) => {
      const cell = element('span', `ip-num ${cls}`);
      cell.append(element('span', 'visually-hidden', `${name} `), formatBytes(bytes));
      return cell;
    };
    row.append(label, sized('ip-size', s.size, size), sized('ip-total', s.total, total), toggle ?? element('span'));
    return row;
  }

  private fillChanges(box: HTMLElement, analysis: ImageAnalysis, row: LayerRow): void {
    const s = this.strings;
    const diff = layerDiff(analysis.tree, row.index, DIFF_LIMIT);
    box.append(element('h3', 'ip-changes-title', fill(s.changesOf, { n: row.index + 1 })));
    if (diff.entries.length === 0) {
      box.append(element('p', 'ip-note', s.noChanges));
      return;
    }
    const list = element('ul', 'ip-diff');
    for (const entry of diff.entries) {
      const item = element('li');
      item.dataset.change = entry.change;
      item.append(element('span', 'ip-change', s.change[entry.change]), element('code', '', entry.kind === 'dir' ? `${entry.path}/` : entry.path), element('span', 'ip-num', formatBytes(entry.size)));
      list.append(item);
    }
    box.append(list);
    if (diff.total > diff.entries.length) box.append(element('p', 'ip-note', fill(s.moreChanges, { count: diff.total - diff.entries.length })));
  }
}
