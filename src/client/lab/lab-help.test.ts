import { describe, expect, it } from 'vitest';
import { hintsView, type LabHelp } from './lab-help.ts';

const help = (challenge: boolean, failures: number, shown: string[]): LabHelp => ({
  challenge,
  policy: { hintsAfter: 2, solutionAfter: 5 },
  steps: { s: { failures, hints: challenge && failures < 2 ? { unlocked: false, failures, needed: 2 } : { unlocked: true } } },
  hints: { 's/c': { total: 2, shown }, 's/none': { total: 0, shown: [] } },
  solutions: {},
});

describe('hintsView', () => {
  it('shows nothing before the help loaded, or for a checkpoint without hints', () => {
    expect(hintsView(undefined, 's', 'c')).toEqual({ kind: 'none' });
    expect(hintsView(help(false, 0, []), 's', 'none')).toEqual({ kind: 'none' });
  });

  it('offers the next hint in normal mode, until all are shown', () => {
    expect(hintsView(help(false, 0, []), 's', 'c')).toEqual({ kind: 'open', shown: [], total: 2, more: true });
    expect(hintsView(help(false, 0, ['a', 'b']), 's', 'c')).toEqual({ kind: 'open', shown: ['a', 'b'], total: 2, more: false });
  });

  it('says how many failed builds unlock them in challenge mode, and keeps those already read', () => {
    expect(hintsView(help(true, 1, []), 's', 'c')).toEqual({ kind: 'locked', failures: 1, needed: 2 });
    expect(hintsView(help(true, 1, ['a']), 's', 'c')).toEqual({ kind: 'open', shown: ['a'], total: 2, more: false });
    expect(hintsView(help(true, 2, ['a']), 's', 'c')).toEqual({ kind: 'open', shown: ['a'], total: 2, more: true });
  });
});
