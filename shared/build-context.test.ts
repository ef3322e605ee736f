import { describe, expect, it } from 'vitest';
import { planContext, type ContextFile } from './build-context.ts';

const app: ContextFile[] = [
  { path: '.env', bytes: 103, text: 'SECRET=1' },
  { path: 'README.md', bytes: 181, text: '# app' },
  { path: 'npm-debug.log', bytes: 66, text: 'log' },
  { path: 'server.js', bytes: 506, text: 'js' },
  { path: 'src/index.ts', bytes: 40, text: 'ts' },
];

describe('planContext', () => {
  it('sends every app file and the learner\'s files when .dockerignore is empty', () => {
    const plan = planContext(app, { Dockerfile: 'FROM node:18\n', '.dockerignore': '' });
    expect(plan.files.map((f) => [f.path, f.ignored, f.learner])).toEqual([
      ['.dockerignore', false, true],
      ['.env', false, false],
      ['Dockerfile', false, true],
      ['npm-debug.log', false, false],
      ['README.md', false, false],
      ['server.js', false, false],
      ['src/index.ts', false, false],
    ]);
    expect(plan.sentBytes).toBe(103 + 181 + 66 + 506 + 40 + 13);
    expect(plan.sentFiles).toBe(7);
  });

  it('leaves out what .dockerignore matches, folders included, and counts the bytes sent', () => {
    const ignore = '.env\n*.log\nsrc\n';
    const plan = planContext(app, { Dockerfile: 'FROM node:18\n', '.dockerignore': ignore });
    expect(plan.files.filter((f) => f.ignored).map((f) => f.path)).toEqual(['.env', 'npm-debug.log', 'src/index.ts']);
    expect(plan.sentBytes).toBe(181 + 506 + 13 + ignore.length);
    expect(plan.problems).toEqual([]);
  });

  it('always sends the Dockerfile and .dockerignore, as the docker CLI does, even when they match', () => {
    const plan = planContext(app, { Dockerfile: 'FROM x', '.dockerignore': '*\n' });
    expect(plan.files.filter((f) => !f.ignored).map((f) => f.path)).toEqual(['.dockerignore', 'Dockerfile']);
  });

  it('uses the app\'s own .dockerignore when the lab has no .dockerignore tab, and counts UTF-8 bytes', () => {
    const withIgnore = [...app, { path: '.dockerignore', bytes: 6, text: 'src\n*.md' }];
    const plan = planContext(withIgnore, { Dockerfile: 'FROM é' });
    expect(plan.files.filter((f) => f.ignored).map((f) => f.path)).toEqual(['README.md', 'src/index.ts']);
    expect(plan.files.find((f) => f.path === 'Dockerfile')!.bytes).toBe(7);
    expect(plan.files.find((f) => f.path === '.dockerignore')!.learner).toBe(false);
  });

  it('reports the lines the server would refuse', () => {
    expect(planContext(app, { Dockerfile: '', '.dockerignore': 'ok\n(a|b)\n' }).problems.map((p) => p.line)).toEqual([2]);
  });
});
