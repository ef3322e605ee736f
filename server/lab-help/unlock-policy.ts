// When a learner may read a lab's hints and solution. In normal mode they are there on request;
// in challenge mode they are earned by trying: hints after a few failed builds of the step in
// progress, a file's solution after more, or once every step of that file passes. The server
// decides, from the attempts it recorded: the page never holds what is still locked.

/** Failed builds of a step before its hints unlock, in challenge mode: enough to have tried twice. */
export const HINTS_AFTER_FAILURES = 2;
/** Failed builds of one of a file's steps before that file's solution unlocks, in challenge mode. */
export const SOLUTION_AFTER_FAILURES = 5;

export type Lock = { unlocked: true } | { unlocked: false; failures: number; needed: number };

export function hintsLock(challenge: boolean, stepFailures: number): Lock {
  if (!challenge || stepFailures >= HINTS_AFTER_FAILURES) return { unlocked: true };
  return { unlocked: false, failures: stepFailures, needed: HINTS_AFTER_FAILURES };
}

/** `fileSteps`: the failures of each step of the file and whether it passes. */
export function solutionLock(challenge: boolean, fileSteps: ReadonlyArray<{ failures: number; passed: boolean }>): Lock {
  const most = Math.max(0, ...fileSteps.map((s) => s.failures));
  if (!challenge || most >= SOLUTION_AFTER_FAILURES || (fileSteps.length > 0 && fileSteps.every((s) => s.passed))) return { unlocked: true };
  return { unlocked: false, failures: most, needed: SOLUTION_AFTER_FAILURES };
}

/**
 * The step a build of `file` was an attempt at: the first of that file's steps (in the lab's
 * order, as the checks report them) with a failed checkpoint. None when none failed (a
 * skipped check, as after a --target build, is no failure).
 */
export function attemptedStep(steps: ReadonlyArray<{ step: string; checkpoints: ReadonlyArray<{ status: string }> }>): string | undefined {
  return steps.find((s) => s.checkpoints.some((c) => c.status === 'fail'))?.step;
}
