// The state of a dependency the builds need (the npm mirror, the progress database), checked
// now and then, with the time it last changed: what an operator and a monitor want to know.

export type DependencyState = 'unknown' | 'up' | 'down';

export interface DependencyStatus {
  state: DependencyState;
  /** When the state last changed (ms since the epoch). */
  since: number;
  /** Why it is down, in a few words (never a secret or a path). */
  reason?: string;
}

export class DependencyMonitor {
  private status: DependencyStatus = { state: 'unknown', since: Date.now() };
  private readonly check: () => Promise<void>;

  /** `check` resolves when the dependency works and rejects with the reason when it does not. */
  constructor(check: () => Promise<void>) {
    this.check = check;
  }

  get current(): DependencyStatus {
    return this.status;
  }

  async checkNow(): Promise<DependencyStatus> {
    try {
      await this.check();
      this.set('up');
    } catch (error) {
      this.set('down', error instanceof Error ? error.message : String(error));
    }
    return this.status;
  }

  /** Checks now and every `everyMs`; returns a function that stops it. */
  monitor(everyMs: number): () => void {
    void this.checkNow();
    const timer = setInterval(() => void this.checkNow(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private set(state: DependencyState, reason?: string): void {
    if (this.status.state === state && this.status.reason === reason) return;
    this.status = { state, since: this.status.state === state ? this.status.since : Date.now(), ...(reason !== undefined && { reason }) };
  }
}
