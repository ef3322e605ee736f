// The Files view: the final filesystem as a tree (WAI-ARIA tree: arrow keys move and open
// folders, Home/End jump), sorted by name or size, with a filter box. A 500 MB image has tens
// of thousands of paths, so only the rows in the scrolled window are in the page; the tree
// keeps focus itself and points at the active row with aria-activedescendant.
import type { ImageAnalysis } from '../../../shared/image-analysis/schema.ts';
import { pathOf } from '../../../shared/image-analysis/tree.ts';
import { fill, formatBytes } from '../format.ts';
import { element } from '../workbench/checklist.ts';
import { FileTreeModel, type FileRow, type SortKey } from './file-rows.ts';
import { timed } from './panel-timing.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.image;

/** Pixels per row: the CSS of .ip-treeitem says the same. */
export const ROW_HEIGHT = 28;
/** Rows drawn above and below the window, so a fast scroll shows no gap. */
const OVERSCAN = 12;

export class FilesView {
  private readonly strings: Strings;
  private readonly idPrefix: string;
  private readonly tree: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly filter: HTMLInputElement;
  private readonly sortButtons: HTMLButtonElement[];
  private readonly note: HTMLParagraphElement;
  private model?: FileTreeModel;
  private rows: FileRow[] = [];
  /** Row index of each node in `rows` (-1 when not shown). */
  private rowOf = new Int32Array(0);
  private expanded = new Set<number>();
  private sort: SortKey = 'size';
  private active = -1;
  private frame = 0;

  constructor(container: HTMLElement, strings: Strings, idPrefix: string) {
    this.strings = strings;
    this.idPrefix = idPrefix;
    const s = strings;
    const tools = element('div', 'ip-files-tools');
    const filterLabel = element('label', 'ip-filter');
    this.filter = element('input');
    this.filter.type = 'search';
    this.filter.autocomplete = 'off';
    this.filter.spellcheck = false;
    filterLabel.append(element('span', '', s.filter), this.filter);
    const sortGroup = element('div', 'ip-sort');
    sortGroup.setAttribute('role', 'group');
    sortGroup.setAttribute('aria-label', s.sortBy);
    this.sortButtons = (['name', 'size'] as const).map((key) => {
      const b = element('button', 'button subtle small', key === 'name' ? s.sortName : s.sortSize);
      b.type = 'button';
      b.dataset.sort = key;
      b.addEventListener('click', () => this.setSort(key));
      return b;
    });
    sortGroup.append(element('span', 'ip-sort-label', s.sortBy), ...this.sortButtons);
    const expandAll = element('button', 'button subtle small', s.expandAll);
    expandAll.type = 'button';
    expandAll.addEventListener('click', () => this.expandAll());
    const collapseAll = element('button', 'button subtle small', s.collapseAll);
    collapseAll.type = 'button';
    collapseAll.addEventListener('click', () => {
      this.expanded.clear();
      this.refresh();
    });
    tools.append(filterLabel, sortGroup, expandAll, collapseAll);
    const help = element('p', 'visually-hidden', s.treeHelp);
    help.id = `${idPrefix}-tree-help`;
    this.note = element('p', 'ip-note');
    this.note.hidden = true;
    this.scroller = element('div', 'ip-tree-scroll');
    this.tree = element('div', 'ip-tree');
    this.tree.setAttribute('role', 'tree');
    this.tree.setAttribute('aria-label', s.tree);
    this.tree.setAttribute('aria-describedby', help.id);
    this.tree.tabIndex = 0;
    this.scroller.append(this.tree);
    container.replaceChildren(tools, help, this.note, this.scroller);

    let typing = 0;
    this.filter.addEventListener('input', () => {
      clearTimeout(typing);
      typing = window.setTimeout(() => this.refresh(), 120);
    });
    this.scroller.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
    this.tree.addEventListener('keydown', (e) => this.key(e));
    this.tree.addEventListener('focus', () => {
      if (this.active < 0 && this.rows.length > 0) this.activate(0);
    });
    this.tree.addEventListener('click', (e) => {
      const item = (e.target as Element).closest<HTMLElement>('[role="treeitem"]');
      if (!item) return;
      const index = Number(item.dataset.row);
      this.activate(index);
      if (this.rows[index]?.folder) this.toggle(index);
      this.tree.focus({ preventScroll: true });
    });
  }

  render(analysis: ImageAnalysis): void {
    timed('mslab:files-drawn', () => {
      this.model = new FileTreeModel(analysis.tree);
      this.expanded = new Set();
      this.active = -1;
      this.refresh();
    });
  }

  /** Opens every folder (the whole tree, still drawn only where it is seen). */
  expandAll(): void {
    const model = this.model;
    if (!model) return;
    timed('mslab:files-expand-all', () => {
      this.expanded = new Set(model.folders());
      this.refresh();
    });
  }

  private setSort(key: SortKey): void {
    this.sort = key;
    this.refresh();
  }

  /** Rebuilds the rows (after a change of what is open, the sort or the filter) and draws. */
  private refresh(): void {
    if (!this.model) return;
    const activeNode = this.rows[this.active]?.node;
    const filter = this.filter.value.trim();
    this.rows = this.model.rows(this.expanded, this.sort, filter);
    this.rowOf = new Int32Array(this.model.tree.length).fill(-1);
    this.rows.forEach((row, i) => (this.rowOf[row.node] = i));
    this.active = activeNode === undefined ? -1 : this.rowOf[activeNode]!;
    this.sortButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.sort === this.sort)));
    this.note.hidden = this.rows.length > 0;
    this.note.textContent = this.rows.length > 0 ? '' : fill(this.strings.noMatch, { filter });
    this.scroller.hidden = this.rows.length === 0;
    this.tree.style.height = `${this.rows.length * ROW_HEIGHT}px`;
    this.draw();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws the rows in the scrolled window, and the active one wherever it is. */
  private draw(): void {
    const tree = this.model?.tree;
    if (!tree) return;
    const top = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const height = this.scroller.clientHeight || ROW_HEIGHT * 20;
    const end = Math.min(this.rows.length, Math.ceil((this.scroller.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const items: HTMLElement[] = [];
    for (let i = top; i < end; i++) items.push(this.item(i));
    if (this.active >= 0 && (this.active < top || this.active >= end)) items.push(this.item(this.active));
    this.tree.replaceChildren(...items);
    if (this.active >= 0) this.tree.setAttribute('aria-activedescendant', this.itemId(this.active));
    else this.tree.removeAttribute('aria-activedescendant');
  }

  private itemId(index: number): string {
    return `${this.idPrefix}-node-${this.rows[index]!.node}`;
  }

  private item(index: number): HTMLElement {
    const tree = this.model!.tree;
    const row = this.rows[index]!;
    const node = tree[row.node]!;
    const item = element('div', 'ip-treeitem');
    item.id = this.itemId(index);
    item.dataset.row = String(index);
    item.setAttribute('role', 'treeitem');
    item.setAttribute('aria-level', String(row.level));
    item.setAttribute('aria-setsize', String(row.siblings));
    item.setAttribute('aria-posinset', String(row.position));
    item.setAttribute('aria-selected', String(index === this.active));
    if (row.folder) item.setAttribute('aria-expanded', String(row.expanded));
    item.style.top = `${index * ROW_HEIGHT}px`;
    item.style.paddingLeft = `${0.3 + (row.level - 1) * 0.9}rem`;
    item.title = pathOf(tree, row.node);
    const mark = element('span', 'ip-twisty', row.folder ? (row.expanded ? '▾' : '▸') : '');
    mark.setAttribute('aria-hidden', 'true');
    const name = element('span', row.match ? 'ip-name ip-match' : 'ip-name', node.name + (node.kind === 'dir' ? '/' : ''));
    if (node.link && node.kind === 'symlink') name.append(element('span', 'ip-link', ` → ${node.link}`));
    item.append(mark, name, element('span', 'ip-num', formatBytes(node.size)));
    return item;
  }

  private activate(index: number): void {
    if (index < 0 || index >= this.rows.length) return;
    this.active = index;
    // Keep the active row inside the window.
    const top = index * ROW_HEIGHT;
    const view = this.scroller.clientHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + view) this.scroller.scrollTop = top + ROW_HEIGHT - view;
    this.draw();
  }

  private toggle(index: number): void {
    const node = this.rows[index]!.node;
    if (this.rows[index]!.expanded) this.expanded.delete(node);
    else this.expanded.add(node);
    this.refresh();
  }

  private key(event: KeyboardEvent): void {
    if (this.rows.length === 0) return;
    const at = Math.max(this.active, 0);
    const row = this.rows[at]!;
    const parentRow = () => this.rowOf[this.model!.tree[row.node]!.parent] ?? -1;
    switch (event.key) {
      case 'ArrowDown':
        this.activate(this.active < 0 ? 0 : at + 1);
        break;
      case 'ArrowUp':
        this.activate(at - 1);
        break;
      case 'Home':
        this.activate(0);
        break;
      case 'End':
        this.activate(this.rows.length - 1);
        break;
      case 'ArrowRight':
        if (row.folder && !row.expanded) this.toggle(at);
        else if (row.folder) this.activate(at + 1);
        break;
      case 'ArrowLeft':
        // A folder the filter holds open (it leads to a match) cannot close: go up instead.
        if (row.folder && row.expanded && this.expanded.has(row.node)) this.toggle(at);
        else if (parentRow() >= 0) this.activate(parentRow());
        break;
      case 'Enter':
      case ' ':
        if (row.folder) this.toggle(at);
        break;
      default:
        return;
    }
    event.preventDefault();
  }
}
