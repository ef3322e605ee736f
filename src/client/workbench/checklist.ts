// The current step's checkpoints in the workbench: a mark, the title, and for a failed one
// what was expected and what was found (not in challenge mode: the goal only), with hints
// revealed one at a time, read from the server (which remembers them, and in challenge mode
// unlocks them after failed builds: lab/lab-help.ts).
import type { LabView } from '../../lab-view.ts';
import { fill } from '../format.ts';
import { hintsView, labHelpStore, revealHint } from '../lab/lab-help.ts';
import type { StepVerdicts } from '../lab/progress.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;
type Step = LabView['steps'][number];

/** An element with a class and text, built without parsing any HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
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
  private readonly lab: string;
  /** The last render's arguments: the help changes (loaded, a hint revealed, mode toggled) re-render it. */
  private last: Parameters<Checklist['render']> | undefined;
  /** The stage the last build stopped at (--target): why its `skipped` verdicts are skipped. */
  private target: string | undefined;

  constructor(container: HTMLElement, strings: Strings, lab: string) {
    this.container = container;
    this.strings = strings;
    this.lab = lab;
    labHelpStore(lab).listen(() => this.last && this.render(...this.last));
  }

  /** The build whose verdicts come next stopped at `target` (undefined: a whole build). */
  builtUpTo(target: string | undefined): void {
    this.target = target;
  }

  render(step: Step, index: number, total: number, verdicts: StepVerdicts | undefined, fileLabel: string): void {
    this.last = [step, index, total, verdicts, fileLabel];
    const s = this.strings;
    const challenge = labHelpStore(this.lab).get()?.challenge ?? false;
    const heading = element('h3', 'wb-checks-title', `${fill(s.stepOf, { n: index + 1, total })}: ${step.title}`);
    const list = element('ul', 'checklist');
    for (const checkpoint of step.checkpoints) {
      const verdict = verdicts?.[checkpoint.id];
      const item = element('li');
      item.dataset.checkpoint = checkpoint.id;
      item.dataset.status = verdict?.status ?? 'unchecked';
      item.append(element('span', 'check-mark'), element('span', 'check-title', checkpoint.title));
      item.firstElementChild!.setAttribute('aria-hidden', 'true');
      const statusText = element('span', 'visually-hidden', verdict ? (verdict.status === 'pass' ? 'passed' : verdict.status === 'skipped' ? '' : 'not yet') : 'not checked yet');
      item.append(statusText);
      // Not a failure: this build could not answer it (it stopped at a stage, or the image was not looked into).
      if (verdict?.status === 'skipped') {
        item.append(element('p', 'check-skipped', this.target !== undefined ? fill(s.skippedCheck, { stage: this.target }) : fill(s.skippedCheckOther, { reason: verdict.found })));
      }
      if (verdict?.status === 'fail') {
        // Challenge mode states the goal only: what the check found often gives the answer away.
        if (!challenge) {
          const details = element('dl', 'check-details');
          details.append(element('dt', '', s.expected), element('dd', '', verdict.expected), element('dt', '', s.found), element('dd', '', verdict.found));
          item.append(details);
        }
        const hints = this.hints(step.id, checkpoint.id);
        if (hints) item.append(hints);
      }
      list.append(item);
    }
    const passed = verdicts && step.checkpoints.every((c) => verdicts[c.id]?.status === 'pass');
    const footer = element('p', 'wb-checks-note', passed ? (index + 1 === total ? s.labDone : s.stepDone) : fill(s.checkHint, { file: fileLabel }));
    this.container.replaceChildren(heading, list, footer);
  }

  private hints(step: string, checkpoint: string): HTMLElement | undefined {
    const view = hintsView(labHelpStore(this.lab).get(), step, checkpoint);
    if (view.kind === 'none') return undefined;
    const box = element('div', 'check-hints');
    if (view.kind === 'locked') {
      box.append(element('p', 'check-hints-locked', fill(this.strings.hintsLocked, { failures: view.failures, needed: view.needed })));
      return box;
    }
    const list = element('ol');
    list.append(
      ...view.shown.map((h) => {
        const item = element('li');
        item.append(...withCode(h));
        return item;
      }),
    );
    box.append(list);
    if (view.more) {
      const button = element('button', 'button subtle small', fill(this.strings.showHint, { n: view.shown.length + 1, total: view.total }));
      button.type = 'button';
      button.addEventListener('click', () => {
        button.disabled = true;
        void revealHint(this.lab, step, checkpoint).then(
          // The store's change re-rendered the list: move focus to the hint just revealed.
          () => {
            const shown = this.container.querySelector<HTMLElement>(`[data-checkpoint="${CSS.escape(checkpoint)}"] .check-hints li:last-child`);
            shown?.setAttribute('tabindex', '-1');
            shown?.focus();
          },
          (error: unknown) => {
            button.disabled = false;
            box.append(element('p', 'check-hints-locked', (error as Error).message));
          },
        );
      });
      box.append(button);
    }
    return box;
  }
}
