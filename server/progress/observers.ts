// How a build reaches a learner's progress: every build socket has a cookie learner (the
// upgrade requires one), whose builds and verdicts go to the store, a failed attempt at a step
// to the help store (challenge mode unlocks hints by them), and, for a learner in a class, to
// the class's dashboard.
import type { BuildObserver } from '../builds/build-service.ts';
import { recordClassBuild } from '../classes/class-builds.ts';
import type { HelpStore } from '../lab-help/help-store.ts';
import { helpStore } from '../lab-help/shared.ts';
import { attemptedStep } from '../lab-help/unlock-policy.ts';
import type { ProgressStore } from './progress-store.ts';

export function storeObserver(store: ProgressStore, learner: string, help: HelpStore = helpStore()): BuildObserver {
  return {
    sizes: (lab) => store.sizes(learner, lab),
    finished: (lab, result, steps, log) => {
      // A build up to a --target stage is not the file's image: its size must not become the baseline.
      if (result.target === undefined) store.recordBuild(learner, lab, result.file, { ok: result.ok, imageSize: result.imageSize ?? null, stages: result.stages, durationMs: result.durationMs });
      if (steps.length > 0) store.recordVerdicts(learner, lab, steps);
      // A build up to a stage is a look at that stage, not an attempt at a step.
      const attempted = result.target === undefined ? attemptedStep(steps) : undefined;
      if (attempted) help.recordFailure(learner, lab, attempted);
      // After the verdicts: the class's dashboard reads them when it hears of the build.
      recordClassBuild(store, learner, lab, result, log);
    },
  };
}
