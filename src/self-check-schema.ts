// A lesson's self-check, as its frontmatter writes it: a few questions, each with its choices,
// the right one and an explanation shown once the learner answered. Validated when the site
// builds (src/content.config.ts), and read by the route that keeps each learner's answers.
import { z } from 'zod';

export const selfCheckQuestionSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes, e.g. final-stage')
      .describe('Answers are stored under it: do not rename a published question.'),
    question: z.string().min(1).describe('The question, in Markdown-free text (`code` in backticks is shown as code).'),
    choices: z.array(z.string().min(1)).min(2).max(6).describe('The possible answers, in the order shown.'),
    answer: z.number().int().nonnegative().describe('Index of the right choice, from 0.'),
    explanation: z.string().min(1).describe('Why the right answer is right (and the others not), shown after answering.'),
  })
  .strict()
  .refine((q) => q.answer < q.choices.length, { message: 'answer: must be the index of one of the choices (from 0)', path: ['answer'] });

export const selfCheckSchema = z
  .array(selfCheckQuestionSchema)
  .min(1)
  .max(5)
  .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, { message: 'question ids must differ' })
  .describe('A short self-check at the end of the lesson: three questions is the habit.');

export type SelfCheckQuestion = z.infer<typeof selfCheckQuestionSchema>;
