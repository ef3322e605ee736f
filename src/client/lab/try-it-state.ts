// "Try it" in the workbench: a lesson's Dockerfile replaces the text of a tab, and the
// learner's version is kept for Undo (never lost silently). Loaded: the example is in the
// editor, Undo offered. Restored: Undo put the learner's version back. Dismiss returns to
// idle. A second example loaded over the first keeps the learner's own text for Undo.
export type TryItState =
  | { phase: 'idle' }
  | { phase: 'loaded'; file: string; previous: string; example: string }
  | { phase: 'restored'; file: string };

export type TryItEvent = { type: 'load'; file: string; current: string; example: string } | { type: 'undo' } | { type: 'dismiss' };

export function tryItTransition(state: TryItState, event: TryItEvent): TryItState {
  switch (event.type) {
    case 'load': {
      // A second example over the first: Undo still returns to the learner's own text.
      const previous = state.phase === 'loaded' && state.file === event.file && event.current === state.example ? state.previous : event.current;
      return { phase: 'loaded', file: event.file, previous, example: event.example };
    }
    case 'undo':
      return state.phase === 'loaded' ? { phase: 'restored', file: state.file } : state;
    case 'dismiss':
      return state.phase === 'idle' ? state : { phase: 'idle' };
  }
}
