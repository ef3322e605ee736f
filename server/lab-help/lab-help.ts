// What a learner may see of a lab's help right now: whether challenge mode is on, the failed
// attempts per step, the hints they revealed (texts), and what is locked and why. The page
// gets this from GET /api/labs/:lab/help and after each change; it never gets a hint or a
// solution that is still locked.
import type { Lab } from '../labs/lab-registry.ts';
import type { LabProgress } from '../progress/progress-store.ts';
import type { LabHelpState } from './help-store.ts';
import { hintsLock, HINTS_AFTER_FAILURES, solutionLock, SOLUTION_AFTER_FAILURES, type Lock } from './unlock-policy.ts';

export interface LabHelp {
  challenge: boolean;
  policy: { hintsAfter: number; solutionAfter: number };
  /** step id -> its failed attempts and whether its hints may be revealed */
  steps: Record<string, { failures: number; hints: Lock }>;
  /** "step/checkpoint" -> how many hints it has, and the texts of those revealed */
  hints: Record<string, { total: number; shown: string[] }>;
  /** editor file -> whether its solution may be read */
  solutions: Record<string, Lock>;
}

type Definition = Lab['definition'];

const stepPassed = (step: Definition['steps'][number], verdicts: LabProgress['verdicts']) => step.checkpoints.every((c) => verdicts[step.id]?.[c.id]?.status === 'pass');

export function labHelp(definition: Definition, state: LabHelpState, verdicts: LabProgress['verdicts']): LabHelp {
  const failures = (step: string) => state.failures[step] ?? 0;
  const steps = Object.fromEntries(definition.steps.map((s) => [s.id, { failures: failures(s.id), hints: hintsLock(state.challenge, failures(s.id)) }]));
  const hints = Object.fromEntries(
    definition.steps.flatMap((s) =>
      s.checkpoints.map((c) => {
        const key = `${s.id}/${c.id}`;
        return [key, { total: c.hints.length, shown: c.hints.slice(0, state.hintsShown[key] ?? 0) }];
      }),
    ),
  );
  const solutions = Object.fromEntries(
    definition.editors.map((e) => {
      // A file no step builds (.dockerignore) goes with the whole lab.
      const own = definition.steps.filter((s) => s.file === e.file);
      const fileSteps = (own.length > 0 ? own : definition.steps).map((s) => ({ failures: failures(s.id), passed: stepPassed(s, verdicts) }));
      return [e.file, solutionLock(state.challenge, fileSteps)];
    }),
  );
  return { challenge: state.challenge, policy: { hintsAfter: HINTS_AFTER_FAILURES, solutionAfter: SOLUTION_AFTER_FAILURES }, steps, hints, solutions };
}
