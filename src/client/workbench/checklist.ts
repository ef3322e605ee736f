// The current step's checkpoints in the workbench: a mark, the title, and for a failed one
// what was expected and what was found, with hints revealed one at a time (and remembered).
import type { LabView } from '../../lab-view.ts';
import { fill } from '../format.ts';
import type { HintMemory } from '../lab/hint-memory.ts';
import type { StepVerdicts } from '../lab/progress.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;
type Step = LabView['steps'][number];


function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Text with `code` spans, as lab authors write hints, built without parsing any HTML. */
export function withCode(text: string): Node[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? element('code', '', part) : document.createTextNode(part)));
}

export class Checklist {
  private readonly container: HTMLElement;
  private readonly strings: Strings;
  /** Hints shown so far, by "step/checkpoint": survives re-rendering and reloads. */
  private readonly hintsShown: HintMemory;

  constructor(container: HTMLElement, strings: Strings, hints: HintMemory) {
    this.container = container;
    this.strings = strings;
    this.hintsShown = hints;
  }

  render(step: Step, index: number, total: number, verdicts: StepVerdicts | undefined, fileLabel: string): void {
    const s = this.strings;
    const heading = element('h3', 'wb-checks-title', `${fill(s.stepOf, { n: index + 1, total })}: ${step.title}`);
    const list = element('ul', 'checklist');
    for (const checkpoint of step.checkpoints) {
      const verdict = verdicts?.[checkpoint.id];
      const item = element('li');
      item.dataset.checkpoint = checkpoint.id;
      item.dataset.status = verdict?.status ?? 'unchecked';
      item.append(element('span', 'check-mark'), element('span', 'check-title', checkpoint.title));
      item.firstElementChild!.setAttribute('aria-hidden', 'true');
      const statusText = element('span', 'visually-hidden', verdict ? (verdict.status === 'pass' ? 'passed' : 'not yet') : 'not checked yet');
      item.append(statusText);
      if (verdict?.status === 'fail') {
        const details = element('dl', 'check-details');
        details.append(element('dt', '', s.expected), element('dd', '', verdict.expected), element('dt', '', s.found), element('dd', '', verdict.found));
        item.append(details);
        if (checkpoint.hints.length > 0) item.append(this.hints(`${step.id}/${checkpoint.id}`, checkpoint.hints));
      }
      list.append(item);
    }
    const passed = verdicts && step.checkpoints.every((c) => verdicts[c.id]?.status === 'pass');
    const footer = element('p', 'wb-checks-note', passed ? (index + 1 === total ? s.labDone : s.stepDone) : fill(s.checkHint, { file: fileLabel }));
    this.container.replaceChildren(heading, list, footer);
  }

  private hints(key: string, hints: readonly string[]): HTMLElement {
    const box = element('div', 'check-hints');
    const list = element('ol');
    const button = element('button', 'button subtle small');
    button.type = 'button';
    const update = () => {
      const shown = Math.min(this.hintsShown.shown(key), hints.length);
      list.replaceChildren(
        ...hints.slice(0, shown).map((h) => {
          const item = element('li');
          item.append(...withCode(h));
          return item;
        }),
      );
      button.hidden = shown >= hints.length;
      button.textContent = fill(this.strings.showHint, { n: shown + 1, total: hints.length });
    };
    button.addEventListener('click', () => {
      this.hintsShown.reveal(key);
      update();
      list.lastElementChild?.setAttribute('tabindex', '-1');
      (list.lastElementChild as HTMLElement | null)?.focus();
    });
    update();
    box.append(list, button);
    return box;
  }
}
