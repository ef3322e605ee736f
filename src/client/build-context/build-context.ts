// The build-context panel's data: the lab's app files, loaded once the page has its learner,
// and the plan of what a build would send, made again whenever the learner's Dockerfile or
// .dockerignore changes (shared/build-context.ts, the server's own rules).
import { planContext, type ContextListing } from '../../../shared/build-context.ts';
import { createLoadStore, loadInto } from '../compare/load-state.ts';
import { fetchContext } from './context-api.ts';
import type { ContextView } from './context-view.ts';

export type LearnerFiles = () => { Dockerfile: string; '.dockerignore'?: string };

export interface BuildContext {
  load(): Promise<void>;
  /** The learner edited a file: redraw what would be sent. */
  update(): void;
}

export function createBuildContext(lab: string, view: ContextView, learnerFiles: LearnerFiles): BuildContext {
  const listing = createLoadStore<ContextListing>();
  /** What was drawn last: a redraw that would change nothing is skipped (the focus stays where it is). */
  let drawn = '';
  const draw = () => {
    const state = listing.$state.get();
    const plan = state.data && planContext(state.data.files, learnerFiles());
    const signature = JSON.stringify([state.phase, state.error, plan]);
    if (signature === drawn) return;
    drawn = signature;
    view.render(state, plan);
  };
  listing.$state.subscribe(draw);
  return {
    load: () => loadInto(listing, 'context', () => fetchContext(lab)),
    update: draw,
  };
}
