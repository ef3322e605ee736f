// The "Try it" buttons under a lesson's Dockerfile blocks (src/components/TryItButtons.astro).
// On the page of the block's lab, the button hands the example to the workbench (try-it.ts)
// and brings the workbench into view, which mounts it and loads the example into its tab; on
// another page, it carries the example to the lab's lesson.
import { fill } from '../format.ts';
import { carryToLabPage, tryRequests } from './try-it.ts';

export interface TryItPageData {
  /** lab id -> the lesson that has it */
  labPages: Record<string, { url: string; title: string }>;
  strings: { button: string; here: string; elsewhere: string };
}

export function addTryItButtons(doc: Document, data: TryItPageData): void {
  for (const pre of doc.querySelectorAll<HTMLElement>('pre[data-lab]')) {
    const lab = pre.dataset.lab!;
    const workbench = doc.getElementById(`lab-${lab}`);
    const page = data.labPages[lab];
    if (!workbench && !page) continue;
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'button small try-it';
    button.textContent = data.strings.button;
    button.setAttribute('aria-label', workbench ? data.strings.here : fill(data.strings.elsewhere, { lesson: page!.title }));
    button.addEventListener('click', () => {
      const example = pre.querySelector('code')?.textContent ?? pre.textContent ?? '';
      if (!workbench) {
        carryToLabPage(sessionStorage, lab, example);
        location.assign(`${page!.url}#lab-${lab}`);
        return;
      }
      tryRequests(lab).set({ example });
      workbench.scrollIntoView({ block: 'start' });
    });
    const bar = doc.createElement('div');
    bar.className = 'try-it-bar';
    bar.append(button);
    pre.after(bar);
  }
}
