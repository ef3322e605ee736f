import { runMounts } from '../../run-mounts.ts';
import { runs } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, SANDBOX_LESSON } from '../rule.ts';

const WHY = {
  secret:
    'RUN --mount=type=secret mounts a secret handed to docker build (--secret id=…,src=…) by whoever runs it. Here the course server runs your build and takes only your files, so there is no secret of yours to mount, and it will not lend one of its own. Try secret mounts on your own Docker.',
  ssh: 'RUN --mount=type=ssh lends the build the SSH agent of whoever runs docker build: here that is the course server, whose keys are not yours to use. Try SSH mounts on your own Docker (docker build --ssh default).',
  'not-plain':
    'This --mount is written with quotes, variables or escapes, which the course server does not read: it must see exactly what each mount does (cache mounts are kept per learner). Write the options out plainly, such as --mount=type=cache,target=/root/.npm.',
} as const;

/** Mounts that reach outside the learner's own build: secrets, the SSH agent, or unreadable options. */
export default defineRule({
  id: 'refused-mount',
  severity: 'error',
  docs: SANDBOX_LESSON,
  blocksBuild: true,
  *check({ stages }) {
    for (const stage of stages) {
      for (const run of runs(stage)) {
        for (const { flag, options, type } of runMounts(run)) {
          const why = !options ? 'not-plain' : type === 'secret' || type === 'ssh' ? type : undefined;
          if (why) yield { range: flag.getRange(), why };
        }
      }
    }
  },
  message: ({ why }: { range: LintRange; why: keyof typeof WHY }) => WHY[why],
});
