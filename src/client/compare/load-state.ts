// What a view that loads from the server shows (the comparison, the size history, the build
// context): nothing asked yet, loading, the answer, or why there is none. One explicit state
// machine; each request has a key (the two builds compared, say) so that a slow answer to an
// earlier request never replaces a newer one.
import { atom, type ReadableAtom } from 'nanostores';

export type LoadPhase = 'idle' | 'loading' | 'ready' | 'failed';

export interface LoadState<T> {
  phase: LoadPhase;
  /** What was asked for last. */
  key?: string | undefined;
  /** The last answer; kept while a new request loads, so the view does not flash empty. */
  data?: T | undefined;
  /** Why the last request failed, in words for the learner. */
  error?: string | undefined;
}

export type LoadEvent<T> =
  | { type: 'request'; key: string }
  | { type: 'loaded'; key: string; data: T }
  | { type: 'failed'; key: string; error: string }
  /** Nothing to ask for any more (fewer than two builds to compare, say). */
  | { type: 'reset' };

type EventType = LoadEvent<unknown>['type'];
type Transition = (state: LoadState<unknown>, event: LoadEvent<unknown>) => LoadState<unknown>;

const request: Transition = (s, e) => ({ phase: 'loading', key: (e as { key: string }).key, data: s.data });
/** An answer counts only for the request still outstanding. */
const answer =
  (phase: 'ready' | 'failed'): Transition =>
  (s, e) => {
    const event = e as Extract<LoadEvent<unknown>, { type: 'loaded' | 'failed' }>;
    if (event.key !== s.key) return s;
    return event.type === 'loaded' ? { phase, key: s.key, data: event.data } : { phase, key: s.key, data: s.data, error: event.error };
  };
const reset: Transition = () => ({ phase: 'idle' });

/** What each event does in each phase; an event a phase does not list changes nothing. */
export const loadTransitions: Record<LoadPhase, Partial<Record<EventType, Transition>>> = {
  idle: { request },
  loading: { request, loaded: answer('ready'), failed: answer('failed'), reset },
  ready: { request, reset },
  failed: { request, reset },
};

export function nextLoadState<T>(state: LoadState<T>, event: LoadEvent<T>): LoadState<T> {
  const transition = loadTransitions[state.phase][event.type];
  return transition ? (transition(state, event) as LoadState<T>) : state;
}

export interface LoadStore<T> {
  $state: ReadableAtom<LoadState<T>>;
  send(event: LoadEvent<T>): void;
}

export function createLoadStore<T>(): LoadStore<T> {
  const $state = atom<LoadState<T>>({ phase: 'idle' });
  return { $state, send: (event) => $state.set(nextLoadState($state.get(), event)) };
}

/**
 * Runs one request through the store: `load` gives the data or throws an Error whose message
 * is for the learner. Resolves when the answer is in (or was overtaken by a newer request).
 */
export async function loadInto<T>(store: LoadStore<T>, key: string, load: () => Promise<T>): Promise<void> {
  store.send({ type: 'request', key });
  try {
    store.send({ type: 'loaded', key, data: await load() });
  } catch (error) {
    store.send({ type: 'failed', key, error: error instanceof Error ? error.message : String(error) });
  }
}
