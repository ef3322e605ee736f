// The workbench's "Challenge mode" switch (a toggle button, aria-pressed): follows the lab's
// help store, and asks the server to change the mode, which it remembers per learner. The
// note beside it says what the mode does, or why the change did not happen.
import { fill } from '../format.ts';
import { labHelpStore, setChallenge } from './lab-help.ts';

interface ChallengeStrings {
  challengeOn: string;
  challengeOff: string;
  challengeFailed: string;
}

export function wireChallengeToggle(button: HTMLButtonElement, note: HTMLElement, lab: string, s: ChallengeStrings): void {
  const help = labHelpStore(lab);
  const show = () => {
    const current = help.get();
    button.disabled = current === undefined;
    button.setAttribute('aria-pressed', String(current?.challenge ?? false));
    if (current) note.textContent = current.challenge ? fill(s.challengeOn, { hints: current.policy.hintsAfter, solution: current.policy.solutionAfter }) : s.challengeOff;
  };
  help.subscribe(show);
  button.addEventListener('click', () => {
    const on = button.getAttribute('aria-pressed') !== 'true';
    button.disabled = true;
    setChallenge(lab, on).catch((error: unknown) => {
      show();
      note.textContent = fill(s.challengeFailed, { reason: (error as Error).message });
    });
  });
}
