// The Image panel's life, as one explicit state machine: nothing analysed yet, an analysis
// being fetched, one drawn, one that could not be had, and one drawn but from a build older
// than the one running now. The transition table is pure; `createPanelStore` holds the state.
import { atom, type ReadableAtom } from 'nanostores';
import type { ImageAnalysis } from '../../../shared/image-analysis/schema.ts';

export type PanelPhase = 'empty' | 'loading' | 'ready' | 'error' | 'stale';

export interface PanelState {
  phase: PanelPhase;
  /** The build whose analysis is fetched, shown, or could not be had. */
  buildId?: string | undefined;
  /** The analysis on screen (kept while stale: the learner still reads it). */
  analysis?: ImageAnalysis | undefined;
  /** Why there is no analysis, in words for the learner. */
  reason?: string | undefined;
}

export type PanelEvent =
  /** The learner started another build: what is shown describes an older image. */
  | { type: 'build-started' }
  /** The server analysed a build: its whole analysis is to be fetched. */
  | { type: 'announced'; buildId: string }
  /** The server built the image but could not look inside it (its `analysis.error`). */
  | { type: 'unavailable'; buildId: string; reason: string }
  | { type: 'loaded'; analysis: ImageAnalysis }
  | { type: 'failed'; buildId: string; reason: string };

type PanelEventType = PanelEvent['type'];
type Transition<E extends PanelEventType> = (state: PanelState, event: Extract<PanelEvent, { type: E }>) => PanelState;
type Row = { [E in PanelEventType]?: Transition<E> };

const announced: Transition<'announced'> = (s, e) => ({ phase: 'loading', buildId: e.buildId, analysis: s.analysis });
const unavailable: Transition<'unavailable'> = (_, e) => ({ phase: 'error', buildId: e.buildId, reason: e.reason });
// Only the answer for the build still awaited counts: a slow fetch of an older build is dropped.
const loaded: Transition<'loaded'> = (s, e) => (e.analysis.buildId === s.buildId ? { phase: 'ready', buildId: s.buildId, analysis: e.analysis } : s);
const failed: Transition<'failed'> = (s, e) => (e.buildId === s.buildId ? { phase: 'error', buildId: s.buildId, reason: e.reason } : s);
const stale: Transition<'build-started'> = (s) => ({ ...s, phase: 'stale' });

/** What each event does in each phase; an event a phase does not list changes nothing. */
export const transitions: Record<PanelPhase, Row> = {
  empty: { announced, unavailable },
  loading: { announced, unavailable, loaded, failed },
  ready: { 'build-started': stale, announced, unavailable },
  stale: { announced, unavailable },
  error: { announced, unavailable },
};

export function nextPanelState(state: PanelState, event: PanelEvent): PanelState {
  const transition = transitions[state.phase][event.type] as Transition<typeof event.type> | undefined;
  return transition ? transition(state, event as never) : state;
}

export interface PanelStore {
  readonly $state: ReadableAtom<PanelState>;
  dispatch(event: PanelEvent): PanelState;
}

export function createPanelStore(initial: PanelState = { phase: 'empty' }): PanelStore {
  const $state = atom<PanelState>(initial);
  return {
    $state,
    dispatch(event) {
      const next = nextPanelState($state.get(), event);
      if (next !== $state.get()) $state.set(next);
      return next;
    },
  };
}
