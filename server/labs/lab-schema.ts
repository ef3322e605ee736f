// What an instructor writes in labs/<id>/lab.json. Paths are relative to the lab folder.
import { z } from 'zod';

const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be a path inside the lab folder');

export const editorFileSchema = z
  .object({
    file: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'a plain file name such as "Dockerfile"')
      .describe('Name of the tab; also how the page stores the draft.'),
    label: z.string().min(1).describe('Short tab label, e.g. "Multi-stage".'),
    description: z.string().min(1).describe('One sentence shown under the tab.'),
    starter: relativePath.describe('File the editor starts from.'),
    solution: relativePath.optional().describe('Reference solution, if this tab has one.'),
  })
  .strict();

export const labSchema = z
  .object({
    title: z.string().min(1).describe('Title shown above the lab.'),
    summary: z.string().min(1).describe('One or two sentences: what the learner does.'),
    context: relativePath.describe('Folder whose files form the build context (the app).'),
    editors: z.array(editorFileSchema).min(1).describe('Dockerfiles the learner edits, one tab each.'),
  })
  .strict();

export type LabDefinition = z.infer<typeof labSchema>;
export type EditorFile = z.infer<typeof editorFileSchema>;
