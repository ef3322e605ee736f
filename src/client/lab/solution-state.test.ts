import { describe, expect, it } from 'vitest';
import { solutionTransition, type SolutionState } from './solution-state.ts';

const closed: SolutionState = { phase: 'closed' };
const loading: SolutionState = { phase: 'loading', file: 'Dockerfile' };

describe('solutionTransition', () => {
  it('closed -> loading on open', () => {
    expect(solutionTransition(closed, { type: 'open', file: 'Dockerfile' })).toEqual(loading);
  });

  it('loading -> shown with the text the server gave', () => {
    expect(solutionTransition(loading, { type: 'answer', file: 'Dockerfile', answer: { ok: true, text: 'FROM x' } })).toEqual({ phase: 'shown', file: 'Dockerfile', text: 'FROM x' });
  });

  it('loading -> locked with the failures so far and those needed', () => {
    expect(solutionTransition(loading, { type: 'answer', file: 'Dockerfile', answer: { ok: false, locked: { failures: 1, needed: 5 } } })).toEqual({ phase: 'locked', file: 'Dockerfile', failures: 1, needed: 5 });
  });

  it('loading -> failed with the reason', () => {
    expect(solutionTransition(loading, { type: 'answer', file: 'Dockerfile', answer: { ok: false, error: 'offline' } })).toEqual({ phase: 'failed', file: 'Dockerfile', error: 'offline' });
  });

  it('any -> closed on close, and a late answer leaves it closed', () => {
    for (const state of [loading, { phase: 'shown', file: 'D', text: '' }, { phase: 'locked', file: 'D', failures: 0, needed: 5 }, { phase: 'failed', file: 'D', error: 'x' }] as SolutionState[]) {
      expect(solutionTransition(state, { type: 'close' })).toEqual(closed);
    }
    expect(solutionTransition(closed, { type: 'answer', file: 'Dockerfile', answer: { ok: true, text: 'x' } })).toEqual(closed);
  });

  it('ignores an answer for another file, and a second open while open', () => {
    expect(solutionTransition(loading, { type: 'answer', file: 'Other', answer: { ok: true, text: 'x' } })).toEqual(loading);
    expect(solutionTransition(loading, { type: 'open', file: 'Other' })).toEqual(loading);
  });
});
