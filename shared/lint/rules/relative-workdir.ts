import { args, clip } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/** `WORKDIR app`: relative to wherever the previous WORKDIR left off. */
export default defineRule({
  id: 'relative-workdir',
  severity: 'warning',
  docs: lesson('use-absolute-paths-in-workdir'),
  *check({ stages }) {
    for (const stage of stages) {
      for (const workdir of stage.instructions) {
        const arg = workdir.getKeyword() === 'WORKDIR' ? args(workdir)[0] : undefined;
        if (arg && !arg.getValue().startsWith('/') && !arg.getValue().startsWith('$')) yield { range: arg.getRange(), path: arg.getValue() };
      }
    }
  },
  message: ({ path }: { range: LintRange; path: string }) =>
    `WORKDIR ${clip(path)} is relative to the previous working folder. Use an absolute path such as /${clip(path)}.`,
  fix: ({ range, path }) => ({ title: `Change to /${clip(path)}`, edits: [{ range, text: `/${path}` }] }),
});
