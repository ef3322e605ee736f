// The course is data: a second chapter is a new folder, and mistakes in content fail the site
// build with the file. Each case builds the site from a copy of content/ (MSLAB_CONTENT_DIR)
// into its own folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';

const work = fs.mkdtempSync(path.join(projectRoot, '.cache', 'course-content-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A copy of content/ whose lessons import the site's components by absolute path. */
function contentCopy(name: string): string {
  const dir = path.join(work, name, 'content');
  fs.cpSync(path.join(projectRoot, 'content'), dir, { recursive: true });
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.mdx'))) {
    const full = path.join(dir, file);
    fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replaceAll("'../../src/components/", `'${projectRoot}/src/components/`));
  }
  return dir;
}

function build(content: string): { ok: boolean; output: string; dist: string } {
  const dist = path.join(path.dirname(content), 'dist');
  const result = spawnSync(path.join(projectRoot, 'node_modules/.bin/astro'), ['build'], {
    cwd: projectRoot,
    env: { ...process.env, MSLAB_CONTENT_DIR: content, MSLAB_DIST_DIR: dist },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`, dist };
}

const page = (dist: string, url: string) => fs.readFileSync(path.join(dist, 'client', url, 'index.html'), 'utf8');

describe('the course from content/', () => {
  it('a second chapter is a new folder: its lessons get pages, navigation and order after the first', () => {
    const content = contentCopy('second-chapter');
    fs.mkdirSync(path.join(content, 'chapter-18'));
    fs.writeFileSync(path.join(content, 'chapter-18', 'chapter.json'), JSON.stringify({ title: 'Chapter 18: Build caches', order: 18 }));
    fs.writeFileSync(path.join(content, 'chapter-18', '01-cache-mounts.mdx'), '---\ntitle: Cache mounts\ndescription: Keep package caches between builds.\norder: 1\n---\n\n## Why a cache mount\n\nText.\n');
    const { ok, output, dist } = build(content);
    expect(ok, output).toBe(true);
    const lesson = page(dist, 'chapter-18/cache-mounts');
    expect(lesson).toContain('<span class="header-chapter">Chapter 18: Build caches</span>');
    expect(lesson).toContain('Chapter 18: Build caches · 1/1');
    // Previous crosses back into chapter 17; the navigation lists both chapters in order.
    expect(lesson).toMatch(/rel="prev"[^>]*>[\s\S]*?Hands-on lab/);
    const nav = lesson.slice(lesson.indexOf('class="lesson-nav"'));
    expect(nav.indexOf('Chapter 17: Multi-stage builds')).toBeLessThan(nav.indexOf('Chapter 18: Build caches'));
    expect(page(dist, '')).toContain('<h1>multistage-lab</h1>');
  });

  it('a lesson folder without chapter.json fails the build and says what is missing', () => {
    const content = contentCopy('no-chapter-json');
    fs.mkdirSync(path.join(content, 'extras'));
    fs.writeFileSync(path.join(content, 'extras', '01-x.mdx'), '---\ntitle: X\ndescription: X.\norder: 1\n---\n\nText.\n');
    const { ok, output } = build(content);
    expect(ok).toBe(false);
    expect(output).toContain('content/extras/: a chapter folder needs a chapter.json with its title and order');
  });

  it('a <LabStep> naming another lab than the page\'s fails the build, naming the file', () => {
    const content = contentCopy('wrong-lab');
    const go = path.join(content, 'chapter-17', '04-go-example.mdx');
    fs.writeFileSync(go, fs.readFileSync(go, 'utf8').replace('<LabStep lab="multistage-go" step="two-stages">', '<LabStep lab="multistage-node" step="multi-stage">'));
    const { ok, output } = build(content);
    expect(ok).toBe(false);
    expect(output).toMatch(/04-go-example\.mdx: <LabStep lab="multistage-node" step="multi-stage"> names another lab than the page's \(frontmatter lab: multistage-go\)/);
  });
});
