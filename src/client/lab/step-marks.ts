// Marks a step's checklist (in the lesson or the workbench) with the latest verdicts.
import type { StepVerdicts } from './progress.ts';

const statusText = { pass: 'passed', fail: 'not yet', skipped: 'not checked by this build', unchecked: 'not checked yet' } as const;
const stateText = { passed: 'Done', failing: 'Not yet', unchecked: 'Not checked yet' } as const;

export function markStepSection(section: HTMLElement, verdicts: StepVerdicts | undefined): void {
  const items = [...section.querySelectorAll<HTMLElement>('[data-checkpoint]')];
  for (const item of items) {
    const status = verdicts?.[item.dataset.checkpoint ?? '']?.status ?? 'unchecked';
    item.dataset.status = status;
    const text = item.querySelector('[data-status-text]');
    if (text) text.textContent = statusText[status];
  }
  const state = !verdicts ? 'unchecked' : items.every((i) => i.dataset.status === 'pass') ? 'passed' : 'failing';
  section.dataset.state = state;
  const label = section.querySelector('[data-state-label]');
  if (label) label.textContent = stateText[state];
}
