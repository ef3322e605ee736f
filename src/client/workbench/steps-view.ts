// The lab's steps in the workbench: the strip of numbered marks (each says its state to
// screen readers) and the current step's checklist, following the lab's stores.
import type { LabView } from '../../lab-view.ts';
import { firstOpenStep, stepState, type LabStores } from '../lab/progress.ts';
import type { Checklist } from './checklist.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;

export interface StepsUi {
  buttons: HTMLButtonElement[];
  title: HTMLElement;
  count: HTMLElement;
}

export class StepsView {
  private readonly view: LabView;
  private readonly stores: LabStores;
  private readonly ui: StepsUi;
  private readonly checklist: Checklist;
  private readonly strings: Strings;

  constructor(view: LabView, stores: LabStores, ui: StepsUi, checklist: Checklist, strings: Strings) {
    this.view = view;
    this.stores = stores;
    this.ui = ui;
    this.checklist = checklist;
    this.strings = strings;
    stores.verdicts.subscribe(() => this.render());
    stores.currentStep.subscribe(() => this.render());
  }

  /** The step the learner picked, else the first one not passed yet. */
  current(): string | undefined {
    return this.stores.currentStep.get() ?? firstOpenStep(this.view, this.stores.verdicts.get());
  }

  step(id: string | undefined) {
    return this.view.steps.find((st) => st.id === id);
  }

  private render(): void {
    const verdicts = this.stores.verdicts.get();
    const current = this.current();
    const index = this.view.steps.findIndex((st) => st.id === current);
    const step = this.view.steps[index];
    for (const b of this.ui.buttons) {
      const state = stepState(this.step(b.dataset.step)!, verdicts);
      b.dataset.state = state;
      const stateText = b.querySelector('[data-step-state-text]');
      if (stateText) stateText.textContent = this.strings.stepStates[state];
      if (b.dataset.step === current) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
    }
    if (!step) return;
    this.ui.title.textContent = `${index + 1}. ${step.title}`;
    const got = verdicts[step.id];
    const fileLabel = this.view.editors.find((e) => e.file === step.file)?.label ?? step.file;
    this.checklist.render(step, index, this.view.steps.length, got, fileLabel);
    this.ui.count.textContent = got ? `${step.checkpoints.filter((c) => got[c.id]?.status === 'pass').length}/${step.checkpoints.length}` : '';
  }
}
