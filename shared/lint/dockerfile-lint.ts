// The multi-stage rules: what Dockerfile syntax checkers accept but the chapter teaches
// against, and what cannot build in this sandbox. One implementation for the editor (as you
// type) and the server (before a build, and the lint-clean checkpoint). Each rule is one
// object in its own file under rules/ (see rule.ts); this runs them. Built on dockerfile-ast;
// no Node APIs, so it runs in the page.
import { modelOf } from './dockerfile-model.ts';
import { lessonLink } from './lesson-links.ts';
import type { LintDiagnostic } from './lint-types.ts';
import type { Match, Rule } from './rule.ts';
import { RULE_LIST } from './rules/index.ts';
import tooManyWords from './rules/too-many-words.ts';

export type RuleId = (typeof RULE_LIST)[number]['id'] | typeof tooManyWords.id;

/** Every rule by id: its severity, lesson link (`docs`), whether it blocks the build, and its check. */
export const RULES = Object.fromEntries([tooManyWords, ...RULE_LIST].map((rule) => [rule.id, rule])) as {
  readonly [Id in RuleId]: Rule<Id, Match, never>;
};

function findings<Input>(rule: Rule<RuleId, Match, Input>, input: Input): LintDiagnostic[] {
  return [...rule.check(input)].map((match) => {
    const fix = rule.fix?.(match);
    return {
      rule: rule.id,
      severity: rule.severity,
      message: rule.message(match),
      range: match.range,
      docs: lessonLink(rule.docs),
      ...(fix && { fix }),
      ...(rule.blocksBuild && { blocksBuild: true as const }),
    };
  });
}

export function lintDockerfile(source: string): LintDiagnostic[] {
  // The size guard reads the text before the parser does: past it, nothing else is read.
  const oversize = findings(tooManyWords, source);
  if (oversize.length > 0) return oversize;
  const dockerfile = modelOf(source);
  if (!dockerfile) return [];
  const out = (RULE_LIST as readonly Rule<RuleId, Match>[]).flatMap((rule) => findings(rule, dockerfile));
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** The findings that stop the server from building: the build could not work here. */
export const blockingFindings = (diagnostics: readonly LintDiagnostic[]) => diagnostics.filter((d) => d.blocksBuild);
