import { clip } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/** A stage the final image never uses: BuildKit skips it, so its steps never run. */
export default defineRule({
  id: 'unused-stage',
  severity: 'warning',
  docs: lesson('the-engine-builds-only-what-it-needs'),
  *check({ stages, used }) {
    for (const stage of stages) if (!used.has(stage.index)) yield { range: stage.from.getRange(), name: stage.name ? `"${clip(stage.name)}"` : String(stage.index) };
  },
  message: ({ name }: { range: LintRange; name: string }) =>
    `Stage ${name} is not used by the final image: BuildKit skips it, so its steps never run. Copy from it with COPY --from, or build it on its own with --target.`,
});
