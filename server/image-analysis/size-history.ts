// The page's size chart: each buildable file's successful builds over time, and the lab's
// target for that file, read from its size checkpoints.
import type { SizeHistory, SizeTarget } from '../../shared/image-analysis/schema.ts';
import type { Lab } from '../labs/lab-registry.ts';
import type { ImageBuildsStore } from './image-builds-store.ts';

/** The target of a file: the tightest max-size, and the first relative-size, of the steps that check it. */
export function sizeTarget(lab: Lab, file: string): SizeTarget {
  const target: SizeTarget = {};
  for (const step of lab.definition.steps.filter((s) => s.file === file)) {
    for (const checkpoint of step.checkpoints) {
      if (checkpoint.kind === 'max-size') target.maxBytes = Math.min(target.maxBytes ?? Infinity, Math.round(checkpoint.mb * 1e6));
      if (checkpoint.kind === 'relative-size') target.relative ??= { of: checkpoint.of, maxPercent: checkpoint.maxPercent };
    }
  }
  return target;
}

export function sizeHistory(store: ImageBuildsStore, lab: Lab, learner: string): SizeHistory {
  const builds = store.history(learner, lab.id);
  return {
    files: lab.definition.editors
      .filter((e) => e.buildable)
      .map((e) => ({ file: e.file, label: e.label, target: sizeTarget(lab, e.file), builds: builds.get(e.file) ?? [] })),
  };
}
