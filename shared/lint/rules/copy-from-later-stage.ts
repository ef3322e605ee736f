import { clip, copies, copyFrom } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/** `COPY --from` of the stage it is in, or of a stage further down. */
export default defineRule({
  id: 'copy-from-later-stage',
  severity: 'error',
  docs: lesson('copy---from-takes-files-from-another-stage'),
  *check({ stages, stageIndex }) {
    for (const stage of stages) {
      for (const copy of copies(stage)) {
        const flag = copyFrom(copy);
        const value = flag?.getValue();
        const range = flag?.getValueRange();
        const index = value ? stageIndex(value) : undefined;
        if (value && range && index !== undefined && index >= stage.index) yield { range, value, self: index === stage.index };
      }
    }
  },
  message: ({ value, self }: { range: LintRange; value: string; self: boolean }) =>
    self
      ? `COPY --from=${clip(value)} copies from the stage it is in: --from takes files from an earlier stage.`
      : `COPY --from=${clip(value)} names a later stage: a stage can only copy from stages above it. Move "${clip(value)}" before this one.`,
});
