// A build's life in the page, as one explicit state machine: what the Build and Cancel buttons
// show, when the page may build again, and what a dropped socket or a silent server does to a
// build in flight. The transition table is pure; `createBuildStore` holds the current state.
import { atom, type ReadableAtom } from 'nanostores';

export type BuildPhase = 'idle' | 'queued' | 'building' | 'checking' | 'done' | 'failed' | 'cancelled' | 'disconnected';

/** Phases in which the build is the server's: no second build, Cancel works. */
export type ActivePhase = 'queued' | 'building' | 'checking';
export const ACTIVE_PHASES: readonly BuildPhase[] = ['queued', 'building', 'checking', 'disconnected'];
export const isActive = (phase: BuildPhase): boolean => ACTIVE_PHASES.includes(phase);

export type BuildOutcome = 'success' | 'failed' | 'cancelled' | 'timeout';

export interface BuildState {
  phase: BuildPhase;
  /** The build being followed, once the server accepted it. */
  buildId?: string | undefined;
  /** The editor file being built. */
  file?: string | undefined;
  /** The build's outcome, from its result (known while its checkpoints are checked). */
  outcome?: BuildOutcome | undefined;
  /** Where the build was when the socket dropped: the phase to go back to on resume. */
  resumeTo?: ActivePhase | undefined;
  /** Why the build ended, or was given up, in words for the learner. */
  reason?: string | undefined;
}

export type BuildEvent =
  /** The learner pressed Build and the request went out. */
  | { type: 'request'; file: string }
  /** The server took the request (v2 `accepted`), or named it in `started` (v1). */
  | { type: 'accepted'; buildId: string; file?: string | undefined }
  | { type: 'started'; buildId?: string | undefined }
  | { type: 'result'; outcome: BuildOutcome; checking: boolean }
  | { type: 'checkpoints' }
  /** An error after which nothing more comes for this build (a refusal, an engine failure). */
  | { type: 'ended'; reason: string }
  | { type: 'connection-lost' }
  /** After a reconnect, the server still has the build (`buildId`: found by lab and file, when
   * the socket dropped before `accepted`): the page asked to resume it. */
  | { type: 'resumed'; phase: ActivePhase | 'done'; buildId?: string | undefined }
  /** After a reconnect, the server no longer knows the build. */
  | { type: 'lost'; reason: string }
  /** Another tab (or an earlier page) started a build of this lab that is still going. */
  | { type: 'adopt'; buildId: string; file: string; phase: ActivePhase }
  /** The watchdog heard nothing of the build for too long. */
  | { type: 'silent'; reason: string };

export type BuildEventType = BuildEvent['type'];
type Transition<E extends BuildEventType> = (state: BuildState, event: Extract<BuildEvent, { type: E }>) => BuildState;
type Row = { [E in BuildEventType]?: Transition<E> };

const request: Transition<'request'> = (_, e) => ({ phase: 'queued', file: e.file });
const accepted: Transition<'accepted'> = (s, e) => ({ ...s, buildId: e.buildId, file: e.file ?? s.file });
const started: Transition<'started'> = (s, e) => ({ ...s, phase: 'building', buildId: e.buildId ?? s.buildId });
const settle = (s: BuildState, outcome: BuildOutcome): BuildState => ({
  ...s,
  phase: outcome === 'success' ? 'done' : outcome === 'cancelled' ? 'cancelled' : 'failed',
  outcome,
  resumeTo: undefined,
});
const result: Transition<'result'> = (s, e) => (e.checking ? { ...s, phase: 'checking', outcome: e.outcome } : settle(s, e.outcome));
const checkpoints: Transition<'checkpoints'> = (s) => settle(s, s.outcome ?? 'success');
const ended: Transition<'ended'> = (s, e) => ({ ...s, phase: 'failed', reason: e.reason, resumeTo: undefined });
const disconnect: Transition<'connection-lost'> = (s) => ({ ...s, phase: 'disconnected', resumeTo: s.phase as ActivePhase });
const adopt: Transition<'adopt'> = (_, e) => ({ phase: e.phase, buildId: e.buildId, file: e.file });
const silent: Transition<'silent'> = (s, e) => ({ ...s, phase: 'failed', reason: e.reason });

/** What each event does in each phase; an event a phase does not list changes nothing. */
export const transitions: Record<BuildPhase, Row> = {
  idle: { request, adopt },
  queued: { accepted, started, result, ended, 'connection-lost': disconnect, silent },
  building: { accepted, result, ended, 'connection-lost': disconnect, silent },
  checking: { checkpoints, ended, 'connection-lost': disconnect, silent },
  done: { request, adopt },
  failed: { request, adopt },
  cancelled: { request, adopt },
  disconnected: {
    resumed: (s, e) => ({ ...s, buildId: s.buildId ?? e.buildId, phase: e.phase === 'done' ? (s.resumeTo ?? 'building') : e.phase, resumeTo: undefined }),
    lost: (s, e) => ({ phase: 'idle', file: s.file, reason: e.reason }),
  },
};

export function nextState(state: BuildState, event: BuildEvent): BuildState {
  const transition = transitions[state.phase][event.type] as Transition<typeof event.type> | undefined;
  return transition ? transition(state, event as never) : state;
}

export interface BuildStore {
  readonly $state: ReadableAtom<BuildState>;
  dispatch(event: BuildEvent): BuildState;
}

export function createBuildStore(initial: BuildState = { phase: 'idle' }): BuildStore {
  const $state = atom<BuildState>(initial);
  return {
    $state,
    dispatch(event) {
      const next = nextState($state.get(), event);
      if (next !== $state.get()) $state.set(next);
      return next;
    },
  };
}
