// Ordering and URLs of the chapter's lessons, shared by pages and navigation.
import { getCollection, type CollectionEntry } from 'astro:content';

export type Lesson = CollectionEntry<'lessons'>;

/** content/chapter-17/03-node-example.mdx -> chapter-17/node-example */
export const lessonSlug = (lesson: Lesson): string =>
  lesson.id
    .split('/')
    .map((part) => part.replace(/^\d+-/, ''))
    .join('/');

export const lessonUrl = (lesson: Lesson): string => `/${lessonSlug(lesson)}/`;

export async function orderedLessons(): Promise<Lesson[]> {
  const lessons = await getCollection('lessons');
  return lessons.sort((a, b) => a.data.order - b.data.order);
}
