// Chapter pages live in content/ at the top of the repository, one MDX file per lesson.
// A page with a malformed frontmatter fails the build, naming the file and the field.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content' }),
  schema: z.object({
    title: z.string().describe('Lesson title, shown in the page and the navigation.'),
    description: z.string().describe('One sentence under the title and in search results.'),
    order: z.number().int().positive().describe('Position of the lesson in its chapter.'),
    lab: z.string().optional().describe('Id of a lab under labs/ to show beside the lesson.'),
  }),
});

export const collections = { lessons };
