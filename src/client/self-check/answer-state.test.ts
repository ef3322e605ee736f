import { describe, expect, it } from 'vitest';
import { answered, answerTransition, type AnswerState } from './answer-state.ts';

const unanswered: AnswerState = { phase: 'unanswered' };

describe('answerTransition', () => {
  it('unanswered -> saving on check, shown at once', () => {
    const saving = answerTransition(unanswered, { type: 'check', choice: 1 });
    expect(saving).toEqual({ phase: 'saving', choice: 1 });
    expect(answered(saving)).toBe(true);
    expect(answered(unanswered)).toBe(false);
  });

  it('saving -> saved when the server kept it, unsaved when it could not', () => {
    const saving: AnswerState = { phase: 'saving', choice: 1 };
    expect(answerTransition(saving, { type: 'stored', choice: 1 })).toEqual({ phase: 'saved', choice: 1 });
    expect(answerTransition(saving, { type: 'save-failed', choice: 1, reason: 'offline' })).toEqual({ phase: 'unsaved', choice: 1, reason: 'offline' });
  });

  it('a late answer for an older choice changes nothing', () => {
    const saving: AnswerState = { phase: 'saving', choice: 2 };
    expect(answerTransition(saving, { type: 'stored', choice: 1 })).toBe(saving);
    expect(answerTransition(saving, { type: 'save-failed', choice: 1, reason: 'x' })).toBe(saving);
    const saved: AnswerState = { phase: 'saved', choice: 2 };
    expect(answerTransition(saved, { type: 'stored', choice: 2 })).toBe(saved);
  });

  it('saved and unsaved -> saving on a new check', () => {
    expect(answerTransition({ phase: 'saved', choice: 0 }, { type: 'check', choice: 2 })).toEqual({ phase: 'saving', choice: 2 });
    expect(answerTransition({ phase: 'unsaved', choice: 0, reason: 'x' }, { type: 'check', choice: 0 })).toEqual({ phase: 'saving', choice: 0 });
  });

  it('unanswered -> saved with the answer the server kept; a choice made on the page wins', () => {
    expect(answerTransition(unanswered, { type: 'loaded', choice: 1 })).toEqual({ phase: 'saved', choice: 1 });
    const saving: AnswerState = { phase: 'saving', choice: 2 };
    expect(answerTransition(saving, { type: 'loaded', choice: 1 })).toBe(saving);
  });
});
