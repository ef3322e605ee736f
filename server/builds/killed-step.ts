// A step killed by the kernel ends in BuildKit's words as "exit code: 137" (SIGKILL), which
// says nothing to a learner. In a build here nothing else sends SIGKILL to a step: the
// out-of-memory killer does, when the build steps' memory limit is reached.

const KILLED = /\bexit code: 137\b/;

/** A note for a failure message that shows a killed step, or undefined. */
export function killedStepNote(failure: string, memoryLimit: string): string | undefined {
  if (!KILLED.test(failure)) return undefined;
  return (
    `note: the step was killed (exit code 137), which here almost always means it ran out of memory. A build's steps here may use at most ${memoryLimit} of memory; ` +
    'a step that needs more (or allocates without end) is stopped by the kernel.\n'
  );
}
