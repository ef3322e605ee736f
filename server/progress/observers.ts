// How a build reaches a learner's progress: every build socket has a cookie learner (the
// upgrade requires one), whose builds and verdicts go to the store.
import type { BuildObserver } from '../builds/build-service.ts';
import type { ProgressStore } from './progress-store.ts';

export function storeObserver(store: ProgressStore, learner: string): BuildObserver {
  return {
    sizes: (lab) => store.sizes(learner, lab),
    finished: (lab, result, steps) => {
      store.recordBuild(learner, lab, result.file, { ok: result.ok, imageSize: result.imageSize ?? null, stages: result.stages, durationMs: result.durationMs });
      if (steps.length > 0) store.recordVerdicts(learner, lab, steps);
    },
  };
}
