// The lint rules' lesson links, resolved when the site is built: each rule names a heading's
// anchor, found here among every lesson's headings. A rule whose section is gone, or an anchor
// two lessons share, fails the build with the rule's file.
import { RULES } from '../shared/lint/dockerfile-lint.ts';

export interface LessonHeadings {
  url: string;
  slugs: readonly string[];
}

export function resolveLessonLinks(rules: ReadonlyArray<{ id: string; docs: string }>, lessons: readonly LessonHeadings[]): Record<string, string> {
  const links: Record<string, string> = {};
  for (const rule of rules) {
    const pages = lessons.filter((l) => l.slugs.includes(rule.docs));
    const where = `shared/lint/rules/${rule.id}.ts: docs names the lesson section #${rule.docs}`;
    if (pages.length === 0) throw new Error(`${where}, which no lesson heading has (renamed or removed?)`);
    if (pages.length > 1) throw new Error(`${where}, which ${pages.map((p) => p.url).join(' and ')} both have: rename one heading`);
    links[rule.docs] = `${pages[0]!.url}#${rule.docs}`;
  }
  return links;
}

export const ruleList = () => Object.values(RULES).map((r) => ({ id: r.id, docs: r.docs }));
