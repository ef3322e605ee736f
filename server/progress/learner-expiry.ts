// Forgets anonymous learners who never built anything once they have been away longer than
// the configured lifetime, so a public site's database does not grow with every visitor.
import type { ProgressStore } from './progress-store.ts';

const DAY_MS = 24 * 3600 * 1000;

/** Purges now and then every `everyMs`; returns a function that stops it. */
export function startLearnerExpiry(store: ProgressStore, ttlDays: number, everyMs: number, log: { purged: (count: number) => void; failed: (error: unknown) => void }): () => void {
  const purge = () => {
    try {
      const count = store.purgeAnonymous(Date.now() - ttlDays * DAY_MS);
      if (count > 0) log.purged(count);
    } catch (error) {
      log.failed(error);
    }
  };
  purge();
  const timer = setInterval(purge, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
