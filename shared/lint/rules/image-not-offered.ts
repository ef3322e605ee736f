import { isOfferedImage, offeredImagesText } from '../../offered-images.ts';
import { runMounts } from '../../run-mounts.ts';
import { closestName } from '../closest-name.ts';
import { clip, copies, copyFrom, isImageRef, runs } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, SANDBOX_LESSON } from '../rule.ts';

/**
 * `FROM`, `COPY --from` or `RUN --mount=from=` of an image the sandbox does not have. No
 * registry is reachable, so the build would wait for a timeout and end in a resolver error;
 * and an image that is not offered may be another learner's build.
 */
export default defineRule({
  id: 'image-not-offered',
  severity: 'error',
  docs: SANDBOX_LESSON,
  blocksBuild: true,
  *check({ stages, names, namedBefore, stageIndex, budget }) {
    for (const stage of stages) {
      // `FROM buidler` is more likely a mistyped stage than an image.
      const typo = () => (isImageRef(stage.image) ? undefined : closestName(stage.image, names, namedBefore(stage.index), budget));
      if (stage.parent === undefined && stage.image !== '' && !isOfferedImage(stage.image)) {
        yield { range: stage.written?.range ?? stage.from.getRange(), image: stage.image, how: 'FROM', stage: typo() };
      }
      for (const copy of copies(stage)) {
        const flag = copyFrom(copy);
        const value = flag?.getValue();
        // Plain words that are no stage are copy-from-unknown-stage's.
        if (value && isImageRef(value) && stageIndex(value) === undefined && !isOfferedImage(value)) {
          yield { range: flag!.getValueRange()!, image: value, how: 'COPY --from', stage: undefined };
        }
      }
      for (const run of runs(stage)) {
        for (const { flag, options } of runMounts(run)) {
          const from = options?.get('from');
          if (!from || stageIndex(from) !== undefined || isOfferedImage(from)) continue;
          const option = flag.getOptions().find((o) => o.getName().toLowerCase() === 'from');
          yield { range: option?.getValueRange() ?? flag.getRange(), image: from, how: 'RUN --mount from', stage: undefined };
        }
      }
    }
  },
  message: ({ image, how, stage }: { range: LintRange; image: string; how: string; stage: string | undefined }) =>
    `${how} ${clip(image)}: that image is not offered here. Builds here cannot reach a registry, so only these images exist: ${offeredImagesText()}.${
      stage ? ` Or did you mean the stage "${stage}"?` : ''
    }`,
  fix: ({ range, stage }) => (stage ? { title: `Change to ${stage}`, edits: [{ range, text: stage }] } : undefined),
});
