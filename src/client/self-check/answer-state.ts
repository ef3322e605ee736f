// One self-check question's life: unanswered; then, once the learner checks an answer, it
// shows (right or not, with the explanation) while it is saving, and stays shown whether the
// save worked (saved) or not (unsaved: a later check saves again). Answers found on the server
// when the page loads start as saved.
export type AnswerState =
  | { phase: 'unanswered' }
  | { phase: 'saving'; choice: number }
  | { phase: 'saved'; choice: number }
  | { phase: 'unsaved'; choice: number; reason: string };

export type AnswerEvent = { type: 'check'; choice: number } | { type: 'stored'; choice: number } | { type: 'save-failed'; choice: number; reason: string } | { type: 'loaded'; choice: number };

export function answerTransition(state: AnswerState, event: AnswerEvent): AnswerState {
  switch (event.type) {
    case 'check':
      return { phase: 'saving', choice: event.choice };
    case 'stored':
      // Only the answer being saved: an older save finishing late does not override a newer choice.
      return state.phase === 'saving' && state.choice === event.choice ? { phase: 'saved', choice: event.choice } : state;
    case 'save-failed':
      return state.phase === 'saving' && state.choice === event.choice ? { phase: 'unsaved', choice: event.choice, reason: event.reason } : state;
    case 'loaded':
      // The learner's own choice on this page wins over what the server had.
      return state.phase === 'unanswered' ? { phase: 'saved', choice: event.choice } : state;
  }
}

/** Whether the question shows a verdict and the explanation. */
export const answered = (state: AnswerState): state is Exclude<AnswerState, { phase: 'unanswered' }> => state.phase !== 'unanswered';
