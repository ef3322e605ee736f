import { runFlags } from '../../run-mounts.ts';
import { runs } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, SANDBOX_LESSON } from '../rule.ts';

const WHY = {
  network:
    'RUN --network=host would run this step in the build engine\'s own network, outside the sandbox network that reaches only the npm mirror. Leave the flag out (the step can reach the mirror), or use --network=none.',
  security:
    'RUN --security=insecure runs the step with every privilege of the build engine, as docker run --privileged does: a way out of the sandbox. The engine does not grant it; leave the flag out.',
} as const;

/** `RUN --network=host` and `RUN --security=insecure`: each would take the step out of the sandbox. */
export default defineRule({
  id: 'refused-run-option',
  severity: 'error',
  docs: SANDBOX_LESSON,
  blocksBuild: true,
  *check({ stages }) {
    for (const stage of stages) {
      for (const run of runs(stage)) {
        for (const flag of runFlags(run, 'network')) if (flag.getValue()?.toLowerCase() === 'host') yield { range: flag.getRange(), why: 'network' as const };
        for (const flag of runFlags(run, 'security')) if (flag.getValue()?.toLowerCase() === 'insecure') yield { range: flag.getRange(), why: 'security' as const };
      }
    }
  },
  message: ({ why }: { range: LintRange; why: keyof typeof WHY }) => WHY[why],
});
