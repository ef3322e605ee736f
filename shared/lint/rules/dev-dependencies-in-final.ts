import { argumentsRange, argumentsText, clip, copies, copyFrom, runs, sources, type Stage } from '../dockerfile-model.ts';
import type { LintFix, LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

const DEV_INSTALL = /\b(npm\s+(ci|install|i)|yarn(\s+install)?|pnpm\s+(install|i))\b/;
const PROD_ONLY = /--omit[= ]dev|--production|--only[= ]prod|--prod\b|NODE_ENV=production/;
// Two searches, not /npm prune.*--omit/: that one backtracks quadratically on a long line.
const pruned = (text: string) => {
  const at = text.search(/npm\s+prune\b/);
  return at >= 0 && /--omit[= ]dev|--production/.test(text.slice(at));
};

type DevMatch = { range: LintRange } & ({ kind: 'install'; command: string; fix: LintFix | undefined } | { kind: 'copy'; builder: string });

/** The shipped image gets devDependencies: installed in the final stage, or copied from a builder. */
export default defineRule({
  id: 'dev-dependencies-in-final',
  severity: 'warning',
  docs: lesson('copy-only-what-runs-once'),
  *check({ stages, final, stageIndex }): Generator<DevMatch> {
    // From this line on, npm skips devDependencies.
    const productionFrom =
      final.instructions.find((i) => i.getKeyword() === 'ENV' && /NODE_ENV=?\s*production/.test(argumentsText(i)))?.getRange().start.line ?? Number.POSITIVE_INFINITY;
    for (const run of runs(final)) {
      const content = argumentsText(run);
      const match = DEV_INSTALL.exec(content);
      if (!match || PROD_ONLY.test(content) || productionFrom < run.getRange().start.line) continue;
      const range = argumentsRange(run)!;
      const end = { line: range.start.line, character: range.start.character + match.index + match[0].length };
      const fixable = /^npm\s+(ci|install|i)$/.test(match[0]) && !content.slice(0, match.index).includes('\n');
      yield { kind: 'install', range, command: match[0], fix: fixable ? { title: 'Add --omit=dev', edits: [{ range: { start: end, end }, text: ' --omit=dev' }] } : undefined };
    }
    // Whether a builder's node_modules holds devDependencies, once per builder.
    const devInstalled = new Map<number, boolean>();
    const hasDev = (builder: Stage) => {
      if (!devInstalled.has(builder.index)) {
        const texts = runs(builder).map(argumentsText);
        devInstalled.set(builder.index, texts.some((t) => DEV_INSTALL.test(t) && !PROD_ONLY.test(t)) && !texts.some(pruned));
      }
      return devInstalled.get(builder.index)!;
    };
    for (const copy of copies(final)) {
      const from = stageIndex(copyFrom(copy)?.getValue() ?? '');
      if (from === undefined || from >= final.index || !sources(copy).some((s) => /node_modules\/?$/.test(s.getValue()))) continue;
      const builder = stages[from]!;
      if (hasDev(builder)) yield { kind: 'copy', range: copy.getRange(), builder: clip(builder.name ?? `stage ${from}`) };
    }
  },
  message: (match) =>
    match.kind === 'install'
      ? `${match.command} installs the devDependencies too, into the image you ship. Install production dependencies only: npm ci --omit=dev.`
      : `This copies ${match.builder}'s node_modules, where npm installed the devDependencies too. Add RUN npm prune --omit=dev in that stage after the build, or install with npm ci --omit=dev.`,
  fix: (match) => (match.kind === 'install' ? match.fix : undefined),
});
