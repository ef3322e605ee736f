// Messages per learner over all their sockets: a token bucket, so a burst of honest clicks
// passes and a script that floods the socket is told to slow down (the socket stays open).

export interface RateSettings {
  /** Messages allowed at once. */
  burst: number;
  /** Messages per second after the burst. */
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class MessageRate {
  private readonly buckets = new Map<string, Bucket>();
  private readonly settings: RateSettings;
  private readonly now: () => number;

  constructor(settings: RateSettings, now: () => number = Date.now) {
    this.settings = settings;
    this.now = now;
  }

  /** True when `key` may send one more message now (and counts it). */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.settings.burst, at: now };
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.settings.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Buckets that have refilled carry no information: drop them so memory stays bounded. */
  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.settings.perSecond >= this.settings.burst) this.buckets.delete(key);
    }
  }
}
