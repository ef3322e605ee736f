// `npm run lab:new` makes a lab that passes `npm run labs:verify` as it is, on the real
// sandbox, and a lesson that embeds it; `labs:verify -- <lab>` runs that one lab and prints
// each verdict and each build's time. Both write into temporary folders (MSLAB_LABS_DIR,
// MSLAB_CONTENT_DIR), never into the checkout's labs/ and content/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { loadLab } from '../../server/labs/lab-registry.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-lab-new-'));
const env = { ...process.env, MSLAB_LABS_DIR: path.join(work, 'labs'), MSLAB_CONTENT_DIR: path.join(work, 'content') };
fs.mkdirSync(env.MSLAB_LABS_DIR, { recursive: true });
fs.cpSync(path.join(projectRoot, 'content'), env.MSLAB_CONTENT_DIR, { recursive: true });
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
/** The chapter's highest lesson file number and order, before lab:new adds one. */
const lastLesson = (() => {
  const dir = path.join(env.MSLAB_CONTENT_DIR, 'chapter-17');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mdx'));
  return {
    number: Math.max(0, ...files.map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? 0))),
    order: Math.max(0, ...files.map((f) => Number(/^order:\s*(\d+)/m.exec(fs.readFileSync(path.join(dir, f), 'utf8'))?.[1] ?? 0))),
  };
})();

const npm = (...args: string[]) => {
  const result = spawnSync('npm', ['run', '-s', ...args], { cwd: projectRoot, env, encoding: 'utf8', timeout: 300_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

describe('lab:new', () => {
  it('scaffolds a lab and a lesson that embeds it, after the chapter\'s last lesson', async () => {
    const made = npm('lab:new', '--', 'hello-scaffold', '--title', 'Hello, scaffold');
    expect(made.status, made.output).toBe(0);
    for (const file of ['lab.ts', 'app/package.json', 'app/build.js', 'app/src/server.js', 'starter/Dockerfile', 'solution/Dockerfile']) {
      expect(fs.existsSync(path.join(env.MSLAB_LABS_DIR, 'hello-scaffold', file)), file).toBe(true);
    }
    // After the chapter's last lesson: the next file number and the next order.
    const lesson = fs.readFileSync(path.join(env.MSLAB_CONTENT_DIR, 'chapter-17', `${String(lastLesson.number + 1).padStart(2, '0')}-hello-scaffold.mdx`), 'utf8');
    expect(lesson).toMatch(new RegExp(`^---\ntitle: "Hello, scaffold"\ndescription: .+\norder: ${lastLesson.order + 1}\nlab: hello-scaffold\n---`));
    expect(lesson).toContain('<LabStep lab="hello-scaffold" step="ship-small">');
    const lab = await loadLab(env.MSLAB_LABS_DIR, 'hello-scaffold');
    expect(lab.definition.steps.map((s) => s.id)).toEqual(['build-and-run', 'ship-small']);
    // Every checkpoint kind appears in lab.ts, the unused ones as comments to copy from.
    const text = fs.readFileSync(path.join(lab.dir, 'lab.ts'), 'utf8');
    for (const kind of ['builds', 'stages', 'final-base', 'max-size', 'relative-size', 'path-absent', 'path-present', 'no-dev-dependencies', 'non-root', 'http', 'dockerignore-excludes', 'binary-runs', 'lint-clean', 'stage-from', 'stage-skipped', 'cache-mount', 'path-owner']) {
      expect(text, kind).toContain(`kind: '${kind}'`);
    }
  });

  it('refuses an id that exists or is not a slug', () => {
    expect(npm('lab:new', '--', 'hello-scaffold').output).toContain('exists already');
    expect(npm('lab:new', '--', 'Bad Id').output).toContain('is not a lab id');
  });

  it('labs:verify -- <lab> passes on the scaffold, printing each build and each verdict with its time', () => {
    const verified = npm('labs:verify', '--', 'hello-scaffold');
    expect(verified.status, verified.output).toBe(0);
    expect(verified.output).toMatch(/solution Dockerfile\s+\d+\.\d MB {2}build \d+\.\d s, checks \d+\.\d s \(reading the image \d+\.\d s\)/);
    // Each verdict under its build, with what it was, what the lab declares and how long it took.
    expect(verified.output).toMatch(/starter {2}Dockerfile .*\n(?: {4}.*\n)* {4}ok {3}starter {2}ship-small\/two-stages\s+fail \(want fail\) +\d+ ms {2}1/);
    expect(verified.output).toContain('labs:verify: every verdict as declared');
  });

  it('labs:verify names an unknown lab instead of checking nothing', () => {
    const unknown = npm('labs:verify', '--', 'no-such-lab');
    expect(unknown.status).toBe(2);
    expect(unknown.output).toContain('no lab "no-such-lab" (labs: hello-scaffold)');
  });
});
