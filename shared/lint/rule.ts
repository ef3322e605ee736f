// What a lint rule is: data (id, severity, the lesson that explains it, whether it blocks the
// build) and three functions: where it applies, what it says there, and how to fix it.
import type { DockerfileModel } from './dockerfile-model.ts';
import type { LintFix, LintRange, Severity } from './lint-types.ts';

/** One place a rule applies, with whatever its message and fix need to say. */
export interface Match {
  range: LintRange;
}

export interface Rule<Id extends string = string, M extends Match = Match, Input = DockerfileModel> {
  readonly id: Id;
  readonly severity: Severity;
  /**
   * The anchor of the lesson section that explains the rule (a heading's slug, anywhere in the
   * course): resolved to its page when the site is built (src/lesson-links.ts), so lessons can
   * move between pages and chapters.
   */
  readonly docs: string;
  /** The server refuses the build while the rule finds something: it could not work here. */
  readonly blocksBuild?: true;
  check(dockerfile: Input): Iterable<M>;
  // Methods, not function properties: a rule of a specific match type is still a Rule.
  message(match: M): string;
  fix?(match: M): LintFix | undefined;
}

/** Keeps the rule's own id and match types (so the runner's list knows every id). */
export const defineRule = <const Id extends string, M extends Match, Input = DockerfileModel>(rule: Rule<Id, M, Input>): Rule<Id, M, Input> => rule;

/** The lesson section (by its heading's anchor) that explains a rule. */
export const lesson = (anchor: string) => anchor;

/** The lesson section that says what builds here can use: images, the mirror, what is refused. */
export const SANDBOX_LESSON = lesson('what-the-sandbox-offers');
