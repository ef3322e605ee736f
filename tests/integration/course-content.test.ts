// The course is data: a second chapter is a new folder, and mistakes in content fail the site
// build with the file. Each case builds the site from its own copy (tests/support/site-copy.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { siteCopy } from '../support/site-copy.ts';

const work = fs.mkdtempSync(path.join(projectRoot, '.cache', 'course-content-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const site = (name: string) => siteCopy(path.join(work, name));

function build(root: string): { ok: boolean; output: string; dist: string } {
  const dist = path.join(root, 'dist');
  const { MSLAB_CONTENT_DIR: _, ...env } = process.env;
  const result = spawnSync(path.join(projectRoot, 'node_modules/.bin/astro'), ['build'], { cwd: root, env: { ...env, MSLAB_DIST_DIR: dist }, encoding: 'utf8', timeout: 180_000 });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`, dist };
}

const page = (dist: string, url: string) => fs.readFileSync(path.join(dist, 'client', url, 'index.html'), 'utf8');

describe('the course from content/', () => {
  it('a second chapter is a new folder: its lessons get pages, navigation and order after the first', () => {
    const root = site('second-chapter');
    fs.mkdirSync(path.join(root, 'content', 'chapter-18'));
    fs.writeFileSync(path.join(root, 'content', 'chapter-18', 'chapter.json'), JSON.stringify({ title: 'Chapter 18: Build caches', order: 18 }));
    fs.writeFileSync(path.join(root, 'content', 'chapter-18', '01-cache-mounts.mdx'), '---\ntitle: Cache mounts\ndescription: Keep package caches between builds.\norder: 1\n---\n\n## Why a cache mount\n\nText.\n');
    const { ok, output, dist } = build(root);
    expect(ok, output).toBe(true);
    const lesson = page(dist, 'chapter-18/cache-mounts');
    expect(lesson).toContain('<span class="header-chapter">Chapter 18: Build caches</span>');
    expect(lesson).toContain('Chapter 18: Build caches · 1/1');
    // Previous crosses back into chapter 17; the navigation lists both chapters in order.
    expect(lesson).toMatch(/rel="prev"[^>]*>[\s\S]*?Wrap-up/);
    const nav = lesson.slice(lesson.indexOf('class="lesson-nav"'));
    expect(nav.indexOf('Chapter 17: Multi-stage builds')).toBeLessThan(nav.indexOf('Chapter 18: Build caches'));
    expect(page(dist, '')).toContain('<h1>multistage-lab</h1>');
    expect(page(dist, 'chapter-17/go-example')).toContain('data-lab="multistage-go" data-fails="no such file or directory"');
    // Chapter 17 credits its source under each lesson; a chapter that names none shows no credit.
    expect(page(dist, 'chapter-17/why-multi-stage')).toMatch(/class="source-credit"[\s\S]*elevy99927[\s\S]*used under the MIT License/);
    expect(lesson).not.toContain('source-credit');
    // The lint rules' links are resolved from the lessons' headings into the lab pages.
    expect(page(dist, 'chapter-17/hands-on-lab')).toContain('"the-engine-builds-only-what-it-needs":"/chapter-17/how-it-works/#the-engine-builds-only-what-it-needs"');
  });

  it('a lesson heading a lint rule links to, renamed, fails the build naming the rule', () => {
    const root = site('renamed-heading');
    const file = path.join(root, 'content', 'chapter-17', '02-how-it-works.mdx');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^## The engine builds only what it needs$/m, '## What gets built'));
    const { ok, output } = build(root);
    expect(ok).toBe(false);
    expect(output).toContain('shared/lint/rules/unused-stage.ts: docs names the lesson section #the-engine-builds-only-what-it-needs, which no lesson heading has');
  });

  it('a lesson folder without chapter.json fails the build and says what is missing', () => {
    const root = site('no-chapter-json');
    fs.mkdirSync(path.join(root, 'content', 'extras'));
    fs.writeFileSync(path.join(root, 'content', 'extras', '01-x.mdx'), '---\ntitle: X\ndescription: X.\norder: 1\n---\n\nText.\n');
    const { ok, output } = build(root);
    expect(ok).toBe(false);
    expect(output).toContain('content/extras/: a chapter folder needs a chapter.json with its title and order');
  });

  it('a dockerfile block that names no lab fails the build, naming the file; the others carry data-lab', () => {
    const root = site('unlabelled-dockerfile');
    const lesson = path.join(root, 'content', 'chapter-17', '01-why-multi-stage.mdx');
    fs.writeFileSync(lesson, fs.readFileSync(lesson, 'utf8').replace('```dockerfile lab=multistage-node', '```dockerfile'));
    const { ok, output } = build(root);
    expect(ok).toBe(false);
    expect(output).toContain('every dockerfile block names the lab whose app it builds against');
    expect(output).toContain('01-why-multi-stage.mdx');
  });

  it('a <LabStep> naming another lab than the page\'s fails the build, naming the file', () => {
    const root = site('wrong-lab');
    const go = path.join(root, 'content', 'chapter-17', '04-go-example.mdx');
    fs.writeFileSync(go, fs.readFileSync(go, 'utf8').replace('<LabStep lab="multistage-go" step="two-stages">', '<LabStep lab="multistage-node" step="multi-stage">'));
    const { ok, output } = build(root);
    expect(ok).toBe(false);
    expect(output).toMatch(/04-go-example\.mdx: <LabStep lab="multistage-node" step="multi-stage"> names another lab than the page's \(frontmatter lab: multistage-go\)/);
  });
});
