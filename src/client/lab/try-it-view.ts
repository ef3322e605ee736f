// "Try it" inside the workbench: takes the lab's Try-it requests once the editor is up, puts
// the example in the right tab (try-it-target), and shows a bar that says so with Undo, which
// puts the learner's own version back (try-it-state). The bar takes focus, so keyboard and
// screen-reader users land on it: it names the tab and offers Undo and Dismiss.
import { fill } from '../format.ts';
import { tryItTarget, type TryItEditor } from './try-it-target.ts';
import { tryItTransition, type TryItEvent, type TryItState } from './try-it-state.ts';
import { tryRequests } from './try-it.ts';

interface TryStrings {
  tryLoaded: string;
  tryRestored: string;
}

export interface TryItHost {
  lab: string;
  editors: ReadonlyArray<TryItEditor & { label: string }>;
  /** Brings a tab into view. */
  show(file: string): void;
  value(file: string): string;
  /** Replaces a tab's text as the learner's change (so it is saved as their draft). */
  replace(file: string, text: string): void;
  say(text: string): void;
}

export function wireTryIt(bar: HTMLElement, host: TryItHost, s: TryStrings): void {
  const text = bar.querySelector<HTMLElement>('[data-try-text]')!;
  const undo = bar.querySelector<HTMLButtonElement>('[data-action="try-undo"]')!;
  const labelOf = (file: string) => host.editors.find((e) => e.file === file)?.label ?? file;
  let state: TryItState = { phase: 'idle' };

  const dispatch = (event: TryItEvent) => {
    const before = state;
    state = tryItTransition(state, event);
    if (state === before) return;
    if (event.type === 'undo' && before.phase === 'loaded') host.replace(before.file, before.previous);
    bar.hidden = state.phase === 'idle';
    undo.hidden = state.phase !== 'loaded';
    if (state.phase === 'idle') return;
    text.textContent = fill(state.phase === 'loaded' ? s.tryLoaded : s.tryRestored, { tab: labelOf(state.file) });
    host.say(text.textContent);
    bar.focus();
  };

  undo.addEventListener('click', () => dispatch({ type: 'undo' }));
  bar.querySelector<HTMLButtonElement>('[data-action="try-dismiss"]')!.addEventListener('click', () => dispatch({ type: 'dismiss' }));

  tryRequests(host.lab).subscribe((request) => {
    if (!request) return;
    tryRequests(host.lab).set(undefined);
    const file = tryItTarget(request.example, host.editors);
    if (!file) return;
    host.show(file);
    const current = host.value(file);
    host.replace(file, request.example);
    dispatch({ type: 'load', file, current, example: request.example });
  });
}
