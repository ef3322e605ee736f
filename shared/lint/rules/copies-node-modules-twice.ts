import type { Instruction } from 'dockerfile-ast';
import { clip, copies, copyFrom, sources } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/** The range of a whole instruction line, for a fix that removes it. */
function wholeLine(instruction: Instruction): LintRange {
  const { start, end } = instruction.getRange();
  return { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } };
}

/** `COPY --from=S /app .` and then `COPY --from=S /app/node_modules ...`: node_modules twice. */
export default defineRule({
  id: 'copies-node-modules-twice',
  severity: 'warning',
  docs: lesson('copy-only-what-runs-once'),
  *check({ final, stageIndex }) {
    // Folders already copied whole, by "stage\0folder" (a Map, not a scan: thousands of COPYs).
    const whole = new Map<string, string>();
    for (const copy of copies(final)) {
      const value = copyFrom(copy)?.getValue() ?? '';
      const from = stageIndex(value);
      if (from === undefined) continue;
      for (const source of sources(copy)) {
        const dir = source.getValue().replace(/\/+$/, '');
        const parent = dir === 'node_modules' ? '.' : dir.endsWith('/node_modules') ? dir.slice(0, -'/node_modules'.length) : undefined;
        const earlier = parent === undefined ? undefined : whole.get(`${from}\0${parent}`);
        if (earlier !== undefined) yield { range: copy.getRange(), copy, value, earlier };
        else if (!dir.includes('node_modules')) whole.set(`${from}\0${dir}`, dir);
      }
    }
  },
  message: ({ value, earlier }: { range: LintRange; copy: Instruction; value: string; earlier: string }) =>
    `node_modules already came with COPY --from=${clip(value)} ${clip(earlier)}: this copies it again, into a second layer. Copy only what runs, each thing once.`,
  fix: ({ copy }) => ({ title: 'Remove this COPY', edits: [{ range: wholeLine(copy), text: '' }] }),
});
