// The build context beside the editor tabs: the app's files as a tree, each app file opens
// read only, the learner's Dockerfile and .dockerignore marked as theirs, and what the current
// .dockerignore leaves out greyed out AND labelled in words; the size the engine would get.
import type { ContextListing, PlannedContext } from '../../../shared/build-context.ts';
import { fill, formatBytes } from '../format.ts';
import type { LoadState } from '../compare/load-state.ts';
import { element } from '../workbench/checklist.ts';
import { contextTree, type ContextNode } from './context-tree.ts';
import type { FileDialog } from './file-dialog.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.buildContext;

export interface ContextViewParts {
  body: HTMLElement;
  /** Beside the panel's title: the size sent, visible while the panel is closed. */
  size: HTMLElement;
}

export class ContextView {
  private readonly parts: ContextViewParts;
  private readonly strings: Strings;
  private readonly dialog: FileDialog;

  constructor(parts: ContextViewParts, strings: Strings, dialog: FileDialog) {
    this.parts = parts;
    this.strings = strings;
    this.dialog = dialog;
  }

  render(state: LoadState<ContextListing>, plan: PlannedContext | undefined): void {
    const s = this.strings;
    const { body, size } = this.parts;
    body.setAttribute('aria-busy', String(state.phase === 'loading'));
    if (!state.data || !plan) {
      size.textContent = '';
      body.replaceChildren(element('p', 'wb-note', state.phase === 'failed' ? fill(s.failed, { reason: state.error ?? '' }) : s.loading));
      return;
    }
    size.textContent = fill(s.size, { sent: plan.sentFiles, total: plan.files.length, size: formatBytes(plan.sentBytes) });
    const problems = plan.problems.map((p) => element('p', 'wb-note wb-error', fill(s.problem, { line: p.line, message: p.message })));
    const tree = this.list(contextTree(plan.files).children, state.data);
    tree.setAttribute('aria-label', s.files);
    body.replaceChildren(element('p', 'wb-note', s.help), ...problems, tree);
  }

  private list(nodes: readonly ContextNode[], listing: ContextListing): HTMLUListElement {
    const s = this.strings;
    const ul = element('ul', 'wb-ctx-list');
    for (const node of nodes) {
      const li = element('li', 'wb-ctx-item');
      li.dataset.path = node.path;
      if (node.ignored) li.dataset.ignored = '';
      const row = element('div', 'wb-ctx-row');
      if (node.kind === 'dir') {
        row.append(element('span', 'wb-ctx-name wb-ctx-dir', `${node.name}/`));
      } else if (node.learner) {
        row.append(element('span', 'wb-ctx-name', node.name), element('span', 'wb-ctx-tag', s.fromEditor));
      } else {
        const file = listing.files.find((f) => f.path === node.path)!;
        const view = element('button', 'wb-ctx-name wb-ctx-open');
        view.type = 'button';
        view.textContent = node.name;
        view.setAttribute('aria-label', fill(s.view, { file: node.name }));
        view.addEventListener('click', () => this.dialog.show(file, view, listing.fileBytes));
        row.append(view);
      }
      if (node.ignored) row.append(element('span', 'wb-ctx-tag wb-ctx-ignored', s.ignored));
      row.append(element('span', 'wb-ctx-size', formatBytes(node.bytes)));
      li.append(row);
      if (node.kind === 'dir') li.append(this.list(node.children, listing));
      ul.append(li);
    }
    return ul;
  }
}
