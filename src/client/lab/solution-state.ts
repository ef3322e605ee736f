// The Solution dialog's life: the solution is fetched from the server when the dialog opens
// (it is not in the page), so the dialog is loading, then shows the comparison, or says it is
// still locked (challenge mode), or that it could not be read. An answer that arrives after
// the learner closed the dialog changes nothing.
export type SolutionState =
  | { phase: 'closed' }
  | { phase: 'loading'; file: string }
  | { phase: 'shown'; file: string; text: string }
  | { phase: 'locked'; file: string; failures: number; needed: number }
  | { phase: 'failed'; file: string; error: string };

export type SolutionEvent =
  | { type: 'open'; file: string }
  | { type: 'answer'; file: string; answer: { ok: true; text: string } | { ok: false; locked: { failures: number; needed: number } } | { ok: false; error: string } }
  | { type: 'close' };

export function solutionTransition(state: SolutionState, event: SolutionEvent): SolutionState {
  switch (event.type) {
    case 'open':
      return state.phase === 'closed' ? { phase: 'loading', file: event.file } : state;
    case 'close':
      return { phase: 'closed' };
    case 'answer': {
      if (state.phase !== 'loading' || state.file !== event.file) return state;
      const { answer } = event;
      if (answer.ok) return { phase: 'shown', file: state.file, text: answer.text };
      if ('locked' in answer) return { phase: 'locked', file: state.file, ...answer.locked };
      return { phase: 'failed', file: state.file, error: answer.error };
    }
  }
}
