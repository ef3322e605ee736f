// Every body an instructor or a joining learner sends, as schemas.
import { z } from 'zod';

/** Control characters and bidirectional overrides would let a name disguise itself in the table. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}]/u;

export const displayName = z
  .string()
  .trim()
  .min(1, 'a name is needed')
  .max(40, 'at most 40 characters')
  .refine((name) => !UNPRINTABLE.test(name), 'letters, digits, spaces and punctuation only')
  .describe('How the learner appears to the instructor: any name they choose.');

export const loginSchema = z
  .object({
    email: z.string().trim().min(3).max(200).describe('The email the account was created with (npm run instructor:add).'),
    password: z.string().min(1).max(200),
  })
  .strict();

export const newClassSchema = z
  .object({
    name: z.string().trim().min(1, 'a class needs a name').max(80).refine((n) => !UNPRINTABLE.test(n), 'letters, digits, spaces and punctuation only'),
    labs: z.array(z.string().min(1).max(64)).min(1, 'choose at least one lab').max(20).describe('Lab ids whose steps the dashboard shows.'),
  })
  .strict();

export const joinSchema = z
  .object({
    code: z.string().max(20).describe('The class code, as read out or from the join link.'),
    name: displayName,
  })
  .strict();
