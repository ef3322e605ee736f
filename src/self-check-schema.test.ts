import { describe, expect, it } from 'vitest';
import { selfCheckSchema } from './self-check-schema.ts';

const question = { id: 'q', question: 'Which?', choices: ['a', 'b'], answer: 1, explanation: 'Because.' };

describe('selfCheckSchema', () => {
  it('takes questions with choices, the right one and an explanation', () => {
    expect(selfCheckSchema.parse([question, { ...question, id: 'r' }])).toHaveLength(2);
  });

  it('refuses an answer past the last choice, naming the field', () => {
    const result = selfCheckSchema.safeParse([{ ...question, answer: 2 }]);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: [0, 'answer'] });
  });

  it('refuses two questions with one id, a missing explanation, an unknown field and a single choice', () => {
    expect(selfCheckSchema.safeParse([question, question]).success).toBe(false);
    const { explanation: _, ...noExplanation } = question;
    expect(selfCheckSchema.safeParse([noExplanation]).success).toBe(false);
    expect(selfCheckSchema.safeParse([{ ...question, hint: 'x' }]).success).toBe(false);
    expect(selfCheckSchema.safeParse([{ ...question, choices: ['a'], answer: 0 }]).success).toBe(false);
  });
});
