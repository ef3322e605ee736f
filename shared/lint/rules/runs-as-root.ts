import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/**
 * The user to suggest: node images have `node`; scratch has no /etc/passwd to look a name up
 * in (the container would not start), so there it is a number, nobody's.
 */
const userFor = (base: string | undefined) => (base === undefined ? '65534:65534' : /node/.test(base) ? 'node' : 'nobody');

/** No USER in the final stage: the app runs as root in the container. */
export default defineRule({
  id: 'runs-as-root',
  severity: 'warning',
  docs: lesson('run-as-an-unprivileged-user'),
  *check({ final }) {
    if (final.instructions.some((i) => i.getKeyword() === 'USER')) return;
    const command = final.instructions.find((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT');
    // The fix goes just before CMD, or after the last instruction.
    const at = command ? { line: command.getRange().start.line, character: 0 } : { line: (final.instructions.at(-1) ?? final.from).getRange().end.line + 1, character: 0 };
    yield { range: final.from.getRange(), user: userFor(final.base), at };
  },
  message: ({ user }: { range: LintRange; user: string; at: LintRange['start'] }) =>
    `The final image runs as root. Add USER ${user} so a compromised process is not root in the container.`,
  fix: ({ user, at }) => ({ title: `Add USER ${user}`, edits: [{ range: { start: at, end: at }, text: `USER ${user}\n` }] }),
});
