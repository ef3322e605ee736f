import { isOfferedImage, offeredImagesText } from '../../offered-images.ts';
import { closestName } from '../closest-name.ts';
import { clip, copies, copyFrom, isImageRef, nameList } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/** `COPY --from=bulid`: no stage has that name, and it is no image offered here either. */
export default defineRule({
  id: 'copy-from-unknown-stage',
  severity: 'error',
  docs: lesson('copy---from-takes-files-from-another-stage'),
  // BuildKit would take the name for an image and try a registry it cannot reach.
  blocksBuild: true,
  *check({ stages, names, namedBefore, stageIndex, budget }) {
    for (const stage of stages) {
      for (const copy of copies(stage)) {
        const flag = copyFrom(copy);
        const value = flag?.getValue();
        const range = flag?.getValueRange();
        if (!value || !range || stageIndex(value) !== undefined || isImageRef(value) || isOfferedImage(value)) continue;
        const earlier = namedBefore(stage.index);
        yield { range, value, earlier: nameList(names, earlier), close: closestName(value.toLowerCase(), names, earlier, budget) };
      }
    }
  },
  message: ({ value, earlier, close }: { range: LintRange; value: string; earlier: string; close: string | undefined }) =>
    `COPY --from=${clip(value)} names no stage.${earlier ? ` Stages before this one: ${earlier}.` : ' No stage comes before this one.'}${
      close ? ` Did you mean "${close}"?` : ` It is not an image offered here either (${offeredImagesText()}).`
    }`,
  fix: ({ range, close }) => (close ? { title: `Change to --from=${close}`, edits: [{ range, text: close }] } : undefined),
});
