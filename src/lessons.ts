// The course's chapters and lessons from content/: their order and URLs, shared by pages and
// navigation. A chapter is a folder with a chapter.json; lessons are ordered within it.
import { getCollection, getEntry, render, type CollectionEntry } from 'astro:content';
import { resolveLessonLinks, ruleList } from './lesson-links.ts';

export type Lesson = CollectionEntry<'lessons'>;

export interface Chapter {
  /** The folder under content/, e.g. "chapter-17". */
  folder: string;
  title: string;
  order: number;
  /** The material the chapter is based on (chapter.json), credited under its lessons. */
  source?: CollectionEntry<'chapters'>['data']['source'];
  lessons: Lesson[];
}

/** content/chapter-17/03-node-example.mdx -> chapter-17/node-example */
export const lessonSlug = (lesson: Lesson): string =>
  lesson.id
    .split('/')
    .map((part) => part.replace(/^\d+-/, ''))
    .join('/');

export const lessonUrl = (lesson: Lesson): string => `/${lessonSlug(lesson)}/`;

const folderOf = (id: string) => id.split('/')[0]!;

export async function courseInfo(): Promise<CollectionEntry<'course'>['data']> {
  const entry = await getEntry('course', 'course');
  if (!entry) throw new Error('content/course.json: missing, or without a "course" entry (title, tagline, introduction)');
  return entry.data;
}

/** A chapter's closing page comes after its lessons, whatever their order numbers (lab:new adds after the last). */
const readingOrder = (a: Lesson, b: Lesson) => Number(a.data.closing) - Number(b.data.closing) || a.data.order - b.data.order;

/** Chapters in course order, each with its lessons in order. A lesson folder without chapter.json fails the build. */
export async function courseChapters(): Promise<Chapter[]> {
  const metas = new Map((await getCollection('chapters')).map((c) => [folderOf(c.id), c.data]));
  const byFolder = new Map<string, Lesson[]>();
  for (const lesson of await getCollection('lessons')) {
    const folder = folderOf(lesson.id);
    if (!metas.has(folder)) throw new Error(`content/${folder}/: a chapter folder needs a chapter.json with its title and order`);
    (byFolder.get(folder) ?? byFolder.set(folder, []).get(folder)!).push(lesson);
  }
  return [...byFolder]
    .map(([folder, lessons]) => ({ folder, ...metas.get(folder)!, lessons: lessons.sort(readingOrder) }))
    .sort((a, b) => a.order - b.order);
}

/** Every lesson of the course in reading order (chapter by chapter). */
export async function orderedLessons(): Promise<Lesson[]> {
  return (await courseChapters()).flatMap((c) => c.lessons);
}

export async function chapterOf(lesson: Lesson): Promise<Chapter> {
  return (await courseChapters()).find((c) => c.folder === folderOf(lesson.id))!;
}

/** The lesson a page URL shows (trailing slash or not), for components inside it. */
export async function lessonAt(pathname: string): Promise<Lesson | undefined> {
  const slug = pathname.replace(/^\/+|\/+$/g, '');
  return (await orderedLessons()).find((lesson) => lessonSlug(lesson) === slug);
}

let links: Promise<Record<string, string>> | undefined;
/** Each lint rule's lesson section as a URL, from the lessons' headings (once per build). */
export function lintRuleLinks(): Promise<Record<string, string>> {
  links ??= (async () => {
    const lessons = await Promise.all((await orderedLessons()).map(async (lesson) => ({ url: lessonUrl(lesson), slugs: (await render(lesson)).headings.map((h) => h.slug) })));
    return resolveLessonLinks(ruleList(), lessons);
  })();
  return links;
}
