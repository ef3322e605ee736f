// Forgets anonymous learners who never built anything once they have been away longer than
// the configured lifetime, so a public site's database does not grow with every visitor.
// Those who never saved a draft either (a page load makes a learner) go much sooner.
import type { ProgressStore } from './progress-store.ts';

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface LearnerLifetimes {
  /** Never built: forgotten, drafts and all, after this many days unseen. */
  anonymousTtlDays: number;
  /** Never built nor saved a draft: forgotten after this many hours unseen. */
  unusedTtlHours: number;
}

/** Stores of other concerns keyed by learner: they drop rows of learners forgotten before `before`. */
export interface LearnerRows {
  dropForgotten(before: number): number;
}

/** Purges now and then every `everyMs`; returns a function that stops it. */
export function startLearnerExpiry(
  store: ProgressStore,
  lifetimes: LearnerLifetimes,
  everyMs: number,
  log: { purged: (count: number) => void; failed: (error: unknown) => void },
  others: readonly LearnerRows[] = [],
): () => void {
  const purge = () => {
    try {
      const now = Date.now();
      const count = store.purgeAnonymous(now - lifetimes.anonymousTtlDays * DAY_MS) + store.purgeUnused(now - lifetimes.unusedTtlHours * HOUR_MS);
      // A forgotten learner's cookie lives at most the anonymous lifetime: past it, nobody comes back for these rows.
      for (const rows of others) rows.dropForgotten(now - lifetimes.anonymousTtlDays * DAY_MS);
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
