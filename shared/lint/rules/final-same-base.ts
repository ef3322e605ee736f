import { clip } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/** Images made to be runtimes: every stage on one of these (a deps/test/prod pipeline) loses nothing. */
const SMALL_BASE = /alpine|slim|distroless|busybox/;

/** The runtime stage starts from the builder's (big) image: the split saves nothing. */
export default defineRule({
  id: 'final-same-base',
  severity: 'warning',
  docs: lesson('start-the-final-stage-from-a-small-base'),
  *check({ stages, final }) {
    if (stages.length > 1 && final.base !== undefined && !SMALL_BASE.test(final.base) && stages.some((s) => s !== final && s.base === final.base)) {
      yield { range: final.written?.range ?? final.from.getRange(), base: final.base };
    }
  },
  message: ({ base }: { range: LintRange; base: string }) =>
    `The final stage starts from ${clip(base)}, the same image as the builder: the multi-stage build saves nothing. Start it from a smaller image (for Node, node:18-alpine) and copy in only what runs.`,
});
