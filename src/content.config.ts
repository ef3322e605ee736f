// The course lives in content/ at the top of the repository: course.json (its title), one
// folder per chapter with a chapter.json (title, order) and one MDX file per lesson. A second
// chapter is a new folder. A malformed file fails the build, naming the file and the field.
import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { selfCheckSchema } from './self-check-schema.ts';

const base = './content';

const course = defineCollection({
  loader: file(`${base}/course.json`),
  schema: z.object({
    title: z.string().describe('The course title: header, page titles, home page.'),
    tagline: z.string().describe('One line under the title on the home page.'),
    introduction: z.string().describe('A paragraph on the home page.'),
  }),
});

const chapters = defineCollection({
  loader: glob({ pattern: '*/chapter.json', base }),
  schema: z.object({
    title: z.string().describe('Chapter title, e.g. "Chapter 17: Multi-stage builds".'),
    order: z.number().int().positive().describe('Position of the chapter in the course.'),
    source: z
      .object({
        credit: z.string().describe('What the chapter is based on and who wrote it, as shown under each of its lessons.'),
        url: z.string().url().describe('Where the source material is.'),
        licence: z.string().describe('Its licence, e.g. "MIT License".'),
      })
      .optional()
      .describe('The material the chapter is based on: credited, with its licence, under each of its lessons.'),
  }),
});

const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base }),
  schema: z.object({
    title: z.string().describe('Lesson title, shown in the page and the navigation.'),
    description: z.string().describe('One sentence under the title and in search results.'),
    order: z.number().int().positive().describe('Position of the lesson in its chapter (its folder).'),
    lab: z.string().optional().describe('Id of a lab under labs/ to show beside the lesson.'),
    estimatedMinutes: z.number().int().positive().max(240).optional().describe('About how long the lesson takes, lab included; shown at its top.'),
    outcomes: z
      .array(z.string().min(1))
      .min(1)
      .max(6)
      .optional()
      .describe('What the learner will be able to do after the lesson ("Build one stage with --target"); shown at its top and gathered on the closing page.'),
    selfCheck: selfCheckSchema.optional(),
    closing: z
      .boolean()
      .default(false)
      .describe("The chapter's closing page (summary, cheat sheet, where next): it also lists every lesson's outcomes. Give it the highest order."),
  }),
});

export const collections = { course, chapters, lessons };
