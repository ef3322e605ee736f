// How a build reaches a learner's progress: a signed-in (cookie) learner's builds go to the
// store; a connection without a valid cookie still gets checkpoints, remembered for itself only.
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

export function connectionObserver(): BuildObserver {
  const sizes = new Map<string, Record<string, number>>();
  return {
    sizes: (lab) => sizes.get(lab) ?? {},
    finished: (lab, result) => {
      if (result.ok && result.imageSize !== undefined) sizes.set(lab, { ...sizes.get(lab), [result.file]: result.imageSize });
    },
  };
}
