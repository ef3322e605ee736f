import { argumentsRange, argumentsText, clip, copies, copyFrom, runs } from '../dockerfile-model.ts';
import type { LintFix, LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

const MUSL_BASE = /^(alpine|busybox|scratch)(:|$)|-alpine(\d|\.|$)/;
const GO_BUILD = /\bgo\s+build\b/;

/** `go build` with cgo on (the default) in a stage whose binary ships on a base without glibc. */
export default defineRule({
  id: 'go-cgo-on-musl',
  severity: 'warning',
  docs: lesson('the-trap-cgo-and-alpine'),
  *check({ stages, final, stageIndex }) {
    if (final.base === undefined || !MUSL_BASE.test(final.base)) return;
    const shipped = new Set(copies(final).map((c) => stageIndex(copyFrom(c)?.getValue() ?? '')));
    for (const stage of stages) {
      if (stage === final || !shipped.has(stage.index)) continue;
      if (stage.instructions.some((i) => i.getKeyword() === 'ENV' && /CGO_ENABLED=?\s*0/.test(argumentsText(i)))) continue;
      for (const run of runs(stage)) {
        const content = argumentsText(run);
        const at = content.search(GO_BUILD);
        if (at < 0 || /CGO_ENABLED=0/.test(content)) continue;
        const range = argumentsRange(run)!;
        const insertAt = { line: range.start.line, character: range.start.character + at };
        const fix: LintFix | undefined = content.slice(0, at).includes('\n')
          ? undefined
          : { title: 'Build with CGO_ENABLED=0', edits: [{ range: { start: insertAt, end: insertAt }, text: 'CGO_ENABLED=0 ' }] };
        yield { range, base: final.base, fix };
      }
    }
  },
  message: ({ base }: { range: LintRange; base: string; fix: LintFix | undefined }) =>
    `This go build uses cgo (on by default in golang images), so the binary needs glibc, which ${clip(base)} does not have: it fails with "exec …: no such file or directory". Build it with CGO_ENABLED=0.`,
  fix: ({ fix }) => fix,
});
