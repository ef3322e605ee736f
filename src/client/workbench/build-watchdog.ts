// The page's watchdog for a build in flight: a server that takes the request and then says
// nothing more must not leave the Build button disabled for ever. Each message of the build
// re-arms it; when it fires, the build ends in the page as failed, with the reason.
import type { BuildStore } from './build-state.ts';

export interface WatchdogLimits {
  /** Build pressed -> the server's `accepted` (or first word about the build). */
  acceptMs: number;
  /** Longest silence while waiting or building: the server's own build deadline, plus slack. */
  quietMs: number;
  /** Result announcing checks -> checkpoints. */
  checkingMs: number;
}

export interface WatchdogWords {
  noAnswer: string;
  silent: string;
  noCheckpoints: string;
}

export interface BuildWatchdog {
  /** A message of the followed build arrived. */
  touch(): void;
  stop(): void;
}

export function watchBuild(store: BuildStore, limits: WatchdogLimits, words: WatchdogWords): BuildWatchdog {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = undefined;
    const { phase, buildId } = store.$state.get();
    // A dropped socket has its own recovery (reconnect, resume); finished builds need nothing.
    if (phase !== 'queued' && phase !== 'building' && phase !== 'checking') return;
    const [ms, reason] =
      phase === 'checking' ? [limits.checkingMs, words.noCheckpoints] : phase === 'queued' && !buildId ? [limits.acceptMs, words.noAnswer] : [limits.quietMs, words.silent];
    timer = setTimeout(() => store.dispatch({ type: 'silent', reason }), ms);
  };
  const unsubscribe = store.$state.subscribe(arm);
  return {
    touch: arm,
    stop() {
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
