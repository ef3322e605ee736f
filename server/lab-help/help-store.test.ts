import { describe, expect, it } from 'vitest';
import type { Lab } from '../labs/lab-registry.ts';
import { ProgressStore } from '../progress/progress-store.ts';
import { HelpStore } from './help-store.ts';
import { labHelp } from './lab-help.ts';
import { HINTS_AFTER_FAILURES } from './unlock-policy.ts';

const definition = {
  editors: [{ file: 'Dockerfile' }, { file: '.dockerignore' }],
  steps: [
    { id: 's1', file: 'Dockerfile', checkpoints: [{ id: 'c1', hints: ['gentle', 'explicit'] }] },
    { id: 's2', file: 'Dockerfile', checkpoints: [{ id: 'c2', hints: [] }] },
  ],
} as unknown as Lab['definition'];

describe('HelpStore and labHelp', () => {
  it('keeps challenge mode, failures and revealed hints per learner and lab', () => {
    const help = new HelpStore(new ProgressStore(':memory:').database());
    help.setChallenge('al', 'lab', true);
    help.recordFailure('al', 'lab', 's1');
    help.recordFailure('al', 'lab', 's1');
    expect(help.revealHint('al', 'lab', 's1', 'c1', 2)).toBe(1);
    expect(help.revealHint('al', 'lab', 's1', 'c1', 2)).toBe(2);
    expect(help.revealHint('al', 'lab', 's1', 'c1', 2)).toBe(2); // no more than there are
    expect(help.state('al', 'lab')).toEqual({ challenge: true, failures: { s1: 2 }, hintsShown: { 's1/c1': 2 } });
    expect(help.state('bob', 'lab')).toEqual({ challenge: false, failures: {}, hintsShown: {} });
    expect(help.state('al', 'other')).toEqual({ challenge: false, failures: {}, hintsShown: {} });
    help.setChallenge('al', 'lab', false);
    expect(help.state('al', 'lab').challenge).toBe(false);
  });

  it('gives the page only the hints revealed, and says what is locked in challenge mode', () => {
    const locked = labHelp(definition, { challenge: true, failures: { s1: 1 }, hintsShown: {} }, {});
    expect(locked.steps.s1).toEqual({ failures: 1, hints: { unlocked: false, failures: 1, needed: HINTS_AFTER_FAILURES } });
    expect(locked.hints['s1/c1']).toEqual({ total: 2, shown: [] });
    expect(locked.solutions.Dockerfile).toMatchObject({ unlocked: false });
    expect(JSON.stringify(locked)).not.toContain('gentle');

    const open = labHelp(definition, { challenge: true, failures: { s1: HINTS_AFTER_FAILURES }, hintsShown: { 's1/c1': 1 } }, {});
    expect(open.steps.s1!.hints).toEqual({ unlocked: true });
    expect(open.hints['s1/c1']).toEqual({ total: 2, shown: ['gentle'] });

    const normal = labHelp(definition, { challenge: false, failures: {}, hintsShown: {} }, {});
    expect(normal.solutions).toEqual({ Dockerfile: { unlocked: true }, '.dockerignore': { unlocked: true } });

    const passed = { s1: { c1: { id: 'c1', status: 'pass' as const, expected: '', found: '', at: 0 } }, s2: { c2: { id: 'c2', status: 'pass' as const, expected: '', found: '', at: 0 } } };
    expect(labHelp(definition, { challenge: true, failures: {}, hintsShown: {} }, passed).solutions.Dockerfile).toEqual({ unlocked: true });
  });

  it('drops the rows of learners the progress store forgot, once their cookie cannot come back', () => {
    const progress = new ProgressStore(':memory:');
    const help = new HelpStore(progress.database());
    progress.seen('kept', 0);
    help.setChallenge('kept', 'lab', true, 0);
    help.setChallenge('gone', 'lab', true, 0);
    help.setChallenge('recent', 'lab', true, 100);
    expect(help.dropForgotten(50)).toBe(1);
    expect(help.state('kept', 'lab').challenge).toBe(true);
    expect(help.state('gone', 'lab').challenge).toBe(false);
    expect(help.state('recent', 'lab').challenge).toBe(true);
  });
});
