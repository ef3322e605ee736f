// Solution: the learner's file beside the lab's solution, read-only, in a modal dialog
// (Escape or Close leaves it; nothing is replaced). The solution is asked of the server when
// the dialog opens (lab/solution-state.ts): in challenge mode it may still be locked, and the
// dialog says how many failed builds unlock it.
import { fill } from '../format.ts';
import { fetchSolution } from '../lab/lab-help.ts';
import { solutionTransition, type SolutionEvent, type SolutionState } from '../lab/solution-state.ts';
import type { LabEditor } from './lab-editor.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;

export function wireSolutionDialog(dialog: HTMLDialogElement, open: HTMLButtonElement, editor: LabEditor, lab: string, currentFile: () => string, s: Strings): void {
  const diffBox = dialog.querySelector<HTMLElement>('.wb-diff')!;
  const message = dialog.querySelector<HTMLElement>('[data-solution-message]')!;
  let state: SolutionState = { phase: 'closed' };
  let dispose: (() => void) | undefined;

  const render = () => {
    dispose?.();
    dispose = undefined;
    diffBox.hidden = state.phase !== 'shown';
    dialog.setAttribute('aria-busy', String(state.phase === 'loading'));
    message.textContent =
      state.phase === 'loading'
        ? s.solutionLoading
        : state.phase === 'locked'
          ? fill(s.solutionLocked, { failures: state.failures, needed: state.needed })
          : state.phase === 'failed'
            ? fill(s.solutionFailed, { reason: state.error })
            : '';
    message.hidden = message.textContent === '';
    if (state.phase === 'shown') {
      const labels = { original: `${s.yours}: ${state.file}`, modified: `${s.theirs}: ${state.file}` };
      dispose = editor.diff(diffBox, editor.value(state.file), state.text, labels);
    }
  };
  const dispatch = (event: SolutionEvent) => {
    const next = solutionTransition(state, event);
    if (next === state) return;
    state = next;
    render();
  };

  open.addEventListener('click', () => {
    const file = currentFile();
    dialog.querySelector('[data-solution-title]')!.textContent = s.solutionTitle.replace('{file}', file);
    dispatch({ type: 'open', file });
    dialog.showModal();
    void fetchSolution(lab, file).then((answer) => dispatch({ type: 'answer', file, answer }));
  });
  dialog.addEventListener('close', () => {
    dispatch({ type: 'close' });
    open.focus();
  });
  dialog.querySelector<HTMLButtonElement>('[data-action="close-solution"]')?.addEventListener('click', () => dialog.close());
}
