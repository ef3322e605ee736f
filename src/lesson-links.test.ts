import { describe, expect, it } from 'vitest';
import { resolveLessonLinks } from './lesson-links.ts';

const lessons = [
  { url: '/chapter-17/how-it-works/', slugs: ['every-from-starts-a-stage', 'summary'] },
  { url: '/chapter-18/caches/', slugs: ['cache-mounts', 'summary'] },
];

describe('lint rule links', () => {
  it('finds the page of each rule\'s anchor, in any chapter', () => {
    expect(resolveLessonLinks([{ id: 'a', docs: 'every-from-starts-a-stage' }, { id: 'b', docs: 'cache-mounts' }], lessons)).toEqual({
      'every-from-starts-a-stage': '/chapter-17/how-it-works/#every-from-starts-a-stage',
      'cache-mounts': '/chapter-18/caches/#cache-mounts',
    });
  });

  it('fails with the rule\'s file when no heading has the anchor, or two do', () => {
    expect(() => resolveLessonLinks([{ id: 'unused-stage', docs: 'gone' }], lessons)).toThrow('shared/lint/rules/unused-stage.ts: docs names the lesson section #gone, which no lesson heading has');
    expect(() => resolveLessonLinks([{ id: 'x', docs: 'summary' }], lessons)).toThrow('which /chapter-17/how-it-works/ and /chapter-18/caches/ both have');
  });
});
