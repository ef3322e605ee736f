import { clip, sources } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, SANDBOX_LESSON } from '../rule.ts';
import { ModifiableInstruction } from 'dockerfile-ast';

/** A URL or a git remote: ADD would download it. */
const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;

/** `ADD https://…`: the sandbox has no internet, so the download can only time out. */
export default defineRule({
  id: 'add-url',
  severity: 'error',
  docs: SANDBOX_LESSON,
  blocksBuild: true,
  *check({ stages }) {
    for (const stage of stages) {
      for (const add of stage.instructions) {
        if (add.getKeyword() !== 'ADD' || !(add instanceof ModifiableInstruction)) continue;
        for (const source of sources(add)) if (REMOTE.test(source.getValue())) yield { range: source.getRange(), url: source.getValue() };
      }
    }
  },
  message: ({ url }: { range: LintRange; url: string }) =>
    `ADD ${clip(url)} downloads from the internet, and builds here have none: they reach only the course's npm mirror. Put the file in the build context and COPY it instead.`,
});
