import { describe, expect, it } from 'vitest';
import { ProgressStore } from '../progress/progress-store.ts';
import { SelfCheckStore } from './self-check-store.ts';

describe('SelfCheckStore', () => {
  it('keeps the latest answer per learner, lesson and question', () => {
    const progress = new ProgressStore(':memory:');
    const answers = new SelfCheckStore(progress.database());
    answers.answer('al', 'chapter-17/why', 'q1', 2);
    answers.answer('al', 'chapter-17/why', 'q1', 0);
    answers.answer('al', 'chapter-17/why', 'q2', 1);
    answers.answer('bob', 'chapter-17/why', 'q1', 1);
    expect(answers.answers('al', 'chapter-17/why')).toEqual({ q1: 0, q2: 1 });
    expect(answers.answers('al', 'chapter-17/other')).toEqual({});
    expect(answers.answers('bob', 'chapter-17/why')).toEqual({ q1: 1 });
  });

  it('drops answers of forgotten learners only past the cutoff', () => {
    const progress = new ProgressStore(':memory:');
    const answers = new SelfCheckStore(progress.database());
    progress.seen('kept', 0);
    answers.answer('kept', 'l', 'q', 0, 0);
    answers.answer('gone', 'l', 'q', 0, 0);
    answers.answer('back-soon', 'l', 'q', 0, 100);
    expect(answers.dropForgotten(50)).toBe(1);
    expect(answers.answers('gone', 'l')).toEqual({});
    expect(answers.answers('back-soon', 'l')).toEqual({ q: 0 });
  });
});
