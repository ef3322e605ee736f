// Follows one build of this lab over the socket: sends the request, turns the build's
// messages into state events (build-state.ts) in `seq` order, each drawn once, and after a
// reconnect (or in a second tab) re-attaches with `hello` + `resume` to draw the same log on
// to its verdicts.
import type { BuildRequest, ServerMessage } from '../../../shared/protocol/messages.ts';
import type { SendResult } from './build-connection.ts';
import { isActive, type BuildEvent, type BuildStore } from './build-state.ts';
import type { BuildWatchdog } from './build-watchdog.ts';

type Hello = Extract<ServerMessage, { type: 'hello' }>;
type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;
/** What the follower sends: build, cancel, resume. */
type Outgoing = BuildRequest | { type: 'cancel'; buildId?: string } | { type: 'resume'; buildId: string; after: number };

export interface FollowerHooks {
  send(message: Outgoing): SendResult;
  /** A message of the followed build, in order, exactly once. */
  draw(message: ServerMessage): void;
  /** The page starts following a build it did not start (another tab's): a fresh log. */
  adopted(file: string): void;
  /** The server no longer knows the build: show what the progress store kept. */
  lost(): void;
}

export interface FollowerWords {
  lost: string;
  lostBeforeAccepted: string;
}

/** Errors with which a build ends though no result follows. */
const ENDING_CODES = new Set<ErrorMessage['code']>(['engine-unavailable', 'deadline']);

export class BuildFollower {
  private lastSeq = 0;
  /** The `after` of the last gap-filling resume sent, so a gap asks once. */
  private askedAfter = -1;
  private readonly lab: string;
  private readonly store: BuildStore;
  private readonly watchdog: BuildWatchdog;
  private readonly hooks: FollowerHooks;
  private readonly words: FollowerWords;

  constructor(lab: string, store: BuildStore, watchdog: BuildWatchdog, hooks: FollowerHooks, words: FollowerWords) {
    this.lab = lab;
    this.store = store;
    this.watchdog = watchdog;
    this.hooks = hooks;
    this.words = words;
  }

  /** Sends a build request; the state moves on only if it went out. */
  start(request: BuildRequest): SendResult {
    const sent = this.hooks.send(request);
    if (sent === 'sent') {
      this.lastSeq = 0;
      this.store.dispatch({ type: 'request', file: request.file });
    }
    return sent;
  }

  cancel(): void {
    const { buildId } = this.store.$state.get();
    this.hooks.send(buildId ? { type: 'cancel', buildId } : { type: 'cancel' });
  }

  connectionClosed(): void {
    this.store.dispatch({ type: 'connection-lost' });
  }

  receive(message: ServerMessage): void {
    if (message.type === 'hello') return this.hello(message);
    if (message.type === 'heartbeat') return;
    const state = this.store.$state.get();
    if (message.type === 'error' && message.buildId === undefined) return this.requestError(message);
    if (message.type === 'accepted' && state.phase === 'queued' && !state.buildId && message.lab === this.lab) {
      this.store.dispatch({ type: 'accepted', buildId: message.buildId, file: message.file });
    } else if (message.buildId !== state.buildId) {
      return; // another build of this learner: its own page follows it
    }
    const { seq } = message;
    if (seq !== undefined) {
      if (seq <= this.lastSeq) return; // drawn already (a resume overlaps what came live)
      if (seq > this.lastSeq + 1) {
        // A gap: ask once for the rest in order rather than draw out of order.
        if (this.askedAfter !== this.lastSeq) this.hooks.send({ type: 'resume', buildId: message.buildId!, after: this.lastSeq });
        this.askedAfter = this.lastSeq;
        return;
      }
      this.lastSeq = seq;
    }
    this.watchdog.touch();
    const event = eventOf(message);
    this.hooks.draw(message);
    if (event) this.store.dispatch(event);
  }

  private hello(hello: Hello): void {
    const state = this.store.$state.get();
    const mine = hello.builds.filter((b) => b.lab === this.lab);
    if (state.phase === 'disconnected') {
      // Dropped before `accepted`: the server may have taken it anyway; it is the lab's build of
      // that file this page has not seen yet.
      const known = state.buildId ? mine.find((b) => b.buildId === state.buildId) : mine.find((b) => b.file === state.file && b.phase !== 'done');
      if (!known) {
        this.store.dispatch({ type: 'lost', reason: state.buildId ? this.words.lost : this.words.lostBeforeAccepted });
        this.hooks.lost();
        return;
      }
      this.store.dispatch({ type: 'resumed', phase: known.phase, buildId: known.buildId });
      this.hooks.send({ type: 'resume', buildId: known.buildId, after: this.lastSeq });
      return;
    }
    if (isActive(state.phase)) return;
    // A fresh page, or a second tab: follow a build of this lab still going, from its start.
    const running = mine.find((b) => b.phase !== 'done');
    if (!running) return;
    this.lastSeq = 0;
    this.hooks.adopted(running.file);
    this.store.dispatch({ type: 'adopt', buildId: running.buildId, file: running.file, phase: running.phase as 'queued' | 'building' | 'checking' });
    this.hooks.send({ type: 'resume', buildId: running.buildId, after: 0 });
  }

  /** An error not tied to a build: a refused request, or a resume the server cannot serve. */
  private requestError(error: ErrorMessage): void {
    const state = this.store.$state.get();
    this.hooks.draw(error);
    if (error.code === 'unknown-build' && isActive(state.phase)) {
      this.store.dispatch({ type: 'ended', reason: this.words.lost });
      this.hooks.lost();
    } else if ((state.phase === 'queued' && !state.buildId) || ENDING_CODES.has(error.code)) {
      this.store.dispatch({ type: 'ended', reason: error.message });
    }
  }
}

function eventOf(message: ServerMessage): BuildEvent | undefined {
  switch (message.type) {
    case 'started':
      return { type: 'started', buildId: message.buildId };
    case 'result':
      return { type: 'result', outcome: message.outcome, checking: message.checking };
    case 'checkpoints':
      return { type: 'checkpoints' };
    case 'error':
      return ENDING_CODES.has(message.code) ? { type: 'ended', reason: message.message } : undefined;
    default:
      return undefined;
  }
}
