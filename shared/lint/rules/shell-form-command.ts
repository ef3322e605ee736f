import { JSONInstruction, type Instruction } from 'dockerfile-ast';
import { args, argumentsRange } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/** CMD or ENTRYPOINT in shell form: /bin/sh -c does not pass signals on. */
export default defineRule({
  id: 'shell-form-command',
  severity: 'warning',
  docs: lesson('start-the-process-in-exec-form'),
  *check({ final }) {
    for (const command of final.instructions) {
      if (command.getKeyword() !== 'CMD' && command.getKeyword() !== 'ENTRYPOINT') continue;
      if (command instanceof JSONInstruction && command.getOpeningBracket()) continue;
      const words = args(command).map((a) => a.getValue());
      // Only a plain word list converts to JSON as it is; `&&` or "$@" need a shell.
      const simple = words.length > 0 && words.every((w) => /^[\w./:=@%+-]+$/.test(w));
      yield { range: command.getRange(), command, words: simple ? words : undefined };
    }
  },
  message: ({ command }: { range: LintRange; command: Instruction; words: string[] | undefined }) =>
    `${command.getKeyword()} in shell form runs under /bin/sh -c, which does not pass on signals: docker stop waits 10 s, then kills it. Use the JSON form.`,
  fix: ({ command, words }) =>
    words ? { title: 'Use the JSON form', edits: [{ range: argumentsRange(command)!, text: JSON.stringify(words).replace(/","/g, '", "') }] } : undefined,
});
