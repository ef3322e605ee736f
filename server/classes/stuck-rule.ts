// Who may need the instructor: a learner whose last builds all failed, or who has not passed
// a new checkpoint for a while. Pure, so the thresholds can be tested and tuned.

export interface StuckBuild {
  lab: string;
  outcome: 'success' | 'failed' | 'cancelled' | 'timeout';
  /** Passing checkpoints of the lab after the build. */
  passing: number;
  at: number;
}

export interface StuckSettings {
  /** This many failed builds in a row is stuck. */
  failedBuilds: number;
  /** No new checkpoint passed for this long (since joining or the last progress) is stuck. */
  quietMs: number;
}

export type StuckVerdict =
  | { stuck: false }
  | { stuck: true; reason: 'failed-builds'; count: number }
  | { stuck: true; reason: 'no-progress'; sinceMs: number };

/** When the learner last got further: a build that passed more checkpoints of its lab than the one before. */
export function lastProgressAt(builds: readonly StuckBuild[], joinedAt: number): number {
  let last = joinedAt;
  const before = new Map<string, number>();
  for (const build of [...builds].sort((a, b) => a.at - b.at)) {
    if (build.passing > (before.get(build.lab) ?? 0) && build.at > last) last = build.at;
    before.set(build.lab, build.passing);
  }
  return last;
}

/**
 * `builds`: the learner's recent builds in the class, any order. `finished`: every step of the
 * class's labs passes (a finished learner is never stuck).
 */
export function stuckVerdict(input: { builds: readonly StuckBuild[]; joinedAt: number; finished: boolean; now: number }, settings: StuckSettings): StuckVerdict {
  if (input.finished) return { stuck: false };
  const newestFirst = [...input.builds].sort((a, b) => b.at - a.at);
  let failed = 0;
  // A cancelled build says nothing about the learner's Dockerfile: it neither counts nor breaks the run.
  for (const build of newestFirst) {
    if (build.outcome === 'cancelled') continue;
    if (build.outcome === 'success') break;
    failed += 1;
  }
  if (failed >= settings.failedBuilds) return { stuck: true, reason: 'failed-builds', count: failed };
  const quiet = input.now - lastProgressAt(input.builds, input.joinedAt);
  if (quiet >= settings.quietMs) return { stuck: true, reason: 'no-progress', sinceMs: quiet };
  return { stuck: false };
}
