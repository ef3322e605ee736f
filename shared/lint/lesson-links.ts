// Where each rule's lesson section is. Rules name only a heading's anchor; the site resolves
// anchors to pages when it is built (src/lesson-links.ts) and the lesson page hands the map to
// this module before the editor lints. Without it (the server, tests) a link is the bare anchor.
let links: Readonly<Record<string, string>> = {};

export function setLessonLinks(map: Readonly<Record<string, string>>): void {
  links = map;
}

export const lessonLink = (anchor: string): string => links[anchor] ?? `#${anchor}`;
