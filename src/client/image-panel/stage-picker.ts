// The toolbar's stage picker: build the whole Dockerfile, or only up to one of its named
// stages (BuildKit's --target), from the stages of the text as the learner edits it.
import { modelOf } from '../../../shared/lint/dockerfile-model.ts';
import { element } from '../workbench/checklist.ts';

/** Stages a build can stop at: the named ones before the last (stopping at the last is the whole build). */
export function stageTargets(dockerfile: string): string[] {
  const stages = modelOf(dockerfile)?.stages ?? [];
  return stages.slice(0, -1).flatMap((s) => (s.name === undefined ? [] : [s.name]));
}

export class StagePicker {
  private readonly select: HTMLSelectElement;
  private readonly wholeLabel: string;
  private shown: string[] = [];

  constructor(select: HTMLSelectElement, wholeLabel: string) {
    this.select = select;
    this.wholeLabel = wholeLabel;
  }

  /** The stages of this text; the choice stays while its stage does. */
  update(dockerfile: string): void {
    const targets = stageTargets(dockerfile);
    if (targets.join('\n') === this.shown.join('\n')) return;
    const chosen = this.select.value;
    this.shown = targets;
    const whole = element('option', '', this.wholeLabel);
    whole.value = '';
    this.select.replaceChildren(
      whole,
      ...targets.map((t) => {
        const option = element('option', '', t);
        option.value = t;
        return option;
      }),
    );
    this.select.value = targets.includes(chosen) ? chosen : '';
    this.select.disabled = targets.length === 0;
  }

  /** The stage to stop at; undefined for the whole Dockerfile. */
  target(): string | undefined {
    return this.select.value === '' ? undefined : this.select.value;
  }
}
