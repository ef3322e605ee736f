// What an instructor writes in labs/<id>/lab.ts. Paths are relative to the lab folder.
import { z } from 'zod';
import { checkpointSchema, slug } from '../../shared/checkpoint-schema.ts';

const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be a path inside the lab folder');

export const editorFileSchema = z
  .object({
    file: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'a plain file name such as "Dockerfile"')
      .describe('Name of the file in the build context and of the tab.'),
    label: z.string().min(1).describe('Short tab label, e.g. "Multi-stage".'),
    description: z.string().min(1).describe('One sentence shown under the tab.'),
    starter: relativePath.describe('File the editor starts from (and Reset returns to).'),
    solution: relativePath.optional().describe('Reference solution shown by Solve; without one, the starter is the solution.'),
    buildable: z.boolean().default(true).describe('False for files that are not Dockerfiles, such as .dockerignore.'),
  })
  .strict();

export const stepSchema = z
  .object({
    id: slug.describe('Stable id; lesson pages embed the step with <LabStep step="..."/>.'),
    title: z.string().min(1),
    file: z.string().describe('The editor file whose builds this step checks.'),
    checkpoints: z.array(checkpointSchema).min(1),
  })
  .strict();

export const labSchema = z
  .object({
    title: z.string().min(1).describe('Title shown above the lab.'),
    summary: z.string().min(1).describe('One or two sentences: what the learner does.'),
    context: relativePath.describe('Folder whose files form the build context (the app).'),
    baseImages: z.array(z.string().min(1)).min(1).describe('Images the Dockerfiles of this lab may start from.'),
    editors: z.array(editorFileSchema).min(1).describe('Files the learner edits, one tab each.'),
    steps: z.array(stepSchema).min(1).describe('The lab in order; each step checks one editor file.'),
  })
  .strict()
  .superRefine((lab, ctx) => {
    const files = lab.editors.map((e) => e.file);
    const buildable = lab.editors.filter((e) => e.buildable).map((e) => e.file);
    const unique = (values: string[], path: (string | number)[], what: string) => {
      values.forEach((v, i) => {
        if (values.indexOf(v) !== i) ctx.addIssue({ code: 'custom', path: [...path, i], message: `duplicate ${what} "${v}"` });
      });
    };
    unique(files, ['editors'], 'editor file');
    unique(lab.steps.map((s) => s.id), ['steps'], 'step id');
    lab.steps.forEach((step, s) => {
      if (!buildable.includes(step.file)) {
        ctx.addIssue({ code: 'custom', path: ['steps', s, 'file'], message: `expected one of the buildable editor files (${buildable.join(', ')}), got "${step.file}"` });
      }
      unique(step.checkpoints.map((c) => c.id), ['steps', s, 'checkpoints'], 'checkpoint id');
      step.checkpoints.forEach((checkpoint, c) => {
        if (checkpoint.kind === 'relative-size' && !buildable.includes(checkpoint.of)) {
          ctx.addIssue({ code: 'custom', path: ['steps', s, 'checkpoints', c, 'of'], message: `expected one of ${buildable.join(', ')}, got "${checkpoint.of}"` });
        }
        if (checkpoint.kind === 'dockerignore-excludes' && !files.includes('.dockerignore')) {
          ctx.addIssue({ code: 'custom', path: ['steps', s, 'checkpoints', c], message: 'needs a .dockerignore editor file in `editors`' });
        }
      });
    });
  });

/** What an instructor writes (defaults may be left out). */
export type LabInput = z.input<typeof labSchema>;
export type LabDefinition = z.infer<typeof labSchema>;
export type LabStep = z.infer<typeof stepSchema>;
