// Solution: the learner's file beside the lab's solution, read-only, in a modal dialog
// (Escape or Close leaves it; nothing is replaced).
import type { LabEditor } from './lab-editor.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;

export function wireSolutionDialog(dialog: HTMLDialogElement, open: HTMLButtonElement, editor: LabEditor, current: () => { file: string; solution: string }, s: Strings): void {
  let dispose: (() => void) | undefined;
  open.addEventListener('click', () => {
    const { file, solution } = current();
    dialog.querySelector('[data-solution-title]')!.textContent = s.solutionTitle.replace('{file}', file);
    dialog.showModal();
    const labels = { original: `${s.yours}: ${file}`, modified: `${s.theirs}: ${file}` };
    dispose = editor.diff(dialog.querySelector<HTMLElement>('.wb-diff')!, editor.value(file), solution, labels);
  });
  dialog.addEventListener('close', () => {
    dispose?.();
    dispose = undefined;
    open.focus();
  });
  dialog.querySelector<HTMLButtonElement>('[data-action="close-solution"]')?.addEventListener('click', () => dialog.close());
}
