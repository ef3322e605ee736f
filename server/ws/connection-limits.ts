// Counts open build sockets per learner, per client address and server-wide, so one client
// cannot hold hundreds of them. A socket takes a place before its upgrade completes and gives
// it back exactly once, however the connection ends.

export interface ConnectionCaps {
  perLearner: number;
  perAddress: number;
  total: number;
}

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; reason: string };

export class ConnectionLimits {
  private readonly caps: ConnectionCaps;
  private readonly byLearner = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();
  private total = 0;

  constructor(caps: ConnectionCaps) {
    this.caps = caps;
  }

  /** Takes a place for one socket of this learner from this address, or says which cap is full. */
  admit(learner: string, address: string): Admission {
    if (this.total >= this.caps.total) return { ok: false, reason: 'the server has too many open connections; try again shortly' };
    if ((this.byAddress.get(address) ?? 0) >= this.caps.perAddress) return { ok: false, reason: `at most ${this.caps.perAddress} connections from one address` };
    if ((this.byLearner.get(learner) ?? 0) >= this.caps.perLearner) return { ok: false, reason: `at most ${this.caps.perLearner} open lab tabs per learner; close one` };
    this.total++;
    increment(this.byAddress, address, 1);
    increment(this.byLearner, learner, 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        increment(this.byAddress, address, -1);
        increment(this.byLearner, learner, -1);
      },
    };
  }

  /** Open sockets now: server-wide, and of one learner or address (for tests and metrics). */
  count(key?: { learner?: string; address?: string }): number {
    if (key?.learner !== undefined) return this.byLearner.get(key.learner) ?? 0;
    if (key?.address !== undefined) return this.byAddress.get(key.address) ?? 0;
    return this.total;
  }
}

/** Adds to a count, dropping keys that reach zero so the maps do not grow with every visitor. */
function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
