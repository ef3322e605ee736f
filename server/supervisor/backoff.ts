// How soon a unit that died is started again. The first restart is immediate (a crash should
// cost learners seconds, not a back-off); further restarts double the wait up to a ceiling, so
// a unit that dies on start does not spin the CPU and flood the log; a unit that then stays up
// for `stableMs` counts as healed and gets an immediate restart again next time.

export interface BackoffOptions {
  /** Wait before the second restart in a row; doubles with each further one. */
  initialMs: number;
  /** The longest wait between two attempts. */
  maxMs: number;
  /** Up this long, a unit is healthy again and its failure count resets. */
  stableMs: number;
  /** This many failures within `loopWindowMs` is a crash loop (logged as such). */
  loopCount: number;
  loopWindowMs: number;
}

export const defaultBackoff: BackoffOptions = {
  initialMs: 1000,
  maxMs: 30_000,
  // A unit that served for 10 s is not looping on a failed start: whatever killed it, the next
  // restart is immediate again (an engine killed twice a minute must not wait 30 s).
  stableMs: 10_000,
  loopCount: 5,
  loopWindowMs: 60_000,
};

export interface NextAttempt {
  delayMs: number;
  /** Failures in a row since the unit was last stable. */
  failuresInRow: number;
  crashLoop: boolean;
}

export class RestartBackoff {
  private readonly options: BackoffOptions;
  private failuresInRow = 0;
  private upSince: number | undefined;
  private recent: number[] = [];

  constructor(options: BackoffOptions = defaultBackoff) {
    this.options = options;
  }

  /** The unit is up (started and answering). */
  up(now: number): void {
    this.upSince = now;
  }

  /** The unit died or could not start: when to try again. */
  failed(now: number): NextAttempt {
    const { initialMs, maxMs, stableMs, loopCount, loopWindowMs } = this.options;
    if (this.upSince !== undefined && now - this.upSince >= stableMs) this.failuresInRow = 0;
    this.upSince = undefined;
    this.recent = this.recent.filter((at) => now - at < loopWindowMs);
    this.recent.push(now);
    const delayMs = this.failuresInRow === 0 ? 0 : Math.min(maxMs, initialMs * 2 ** (this.failuresInRow - 1));
    this.failuresInRow += 1;
    return { delayMs, failuresInRow: this.failuresInRow, crashLoop: this.recent.length >= loopCount };
  }
}
