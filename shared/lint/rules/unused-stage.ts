import { clip, neededBy } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/** Stage names that say "build me with --target": a test stage the default build skips on purpose. */
const TARGET_NAMES = new Set(['test', 'tests', 'lint', 'check', 'dev', 'debug']);

/** A stage the final image never uses: BuildKit skips it, so its steps never run. */
export default defineRule({
  id: 'unused-stage',
  severity: 'warning',
  docs: lesson('the-engine-builds-only-what-it-needs'),
  *check({ stages, used, stageIndex }) {
    // A stage named as a target (and what it needs) is skipped on purpose: it runs with --target.
    const targets = stages.filter((s) => s.name !== undefined && TARGET_NAMES.has(s.name)).map((s) => s.index);
    const wanted = targets.length > 0 ? neededBy(stages, stageIndex, [...used, ...targets]) : used;
    for (const stage of stages) if (!wanted.has(stage.index)) yield { range: stage.from.getRange(), name: stage.name ? `"${clip(stage.name)}"` : String(stage.index) };
  },
  message: ({ name }: { range: LintRange; name: string }) =>
    `Stage ${name} is not used by the final image: BuildKit skips it, so its steps never run. Copy from it with COPY --from, or build it on its own with --target.`,
});
