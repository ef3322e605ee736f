import { PropertyInstruction } from 'dockerfile-ast';
import { clip } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

const SECRET_NAME = /(passw(or)?d|secret|token|api[_-]?key|private[_-]?key|credential)/i;

/** A secret-looking ENV or ARG with a value: it is stored in the image for anyone to read. */
export default defineRule({
  id: 'secret-in-env',
  severity: 'warning',
  docs: lesson('keep-secrets-out-of-env-and-arg'),
  *check({ stages }) {
    for (const stage of stages) {
      for (const instruction of stage.instructions) {
        if (!(instruction instanceof PropertyInstruction) || (instruction.getKeyword() !== 'ENV' && instruction.getKeyword() !== 'ARG')) continue;
        for (const property of instruction.getProperties()) {
          if (SECRET_NAME.test(property.getName()) && property.getValue()) yield { range: property.getNameRange(), name: property.getName() };
        }
      }
    }
  },
  message: ({ name }: { range: LintRange; name: string }) =>
    `${clip(name)} is stored in the image: anyone who pulls it can read it (docker history, docker inspect). Pass secrets at run time, or with RUN --mount=type=secret while building.`,
});
