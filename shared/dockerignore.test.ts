import dockerignoreModule from '@balena/dockerignore';
import { describe, expect, it } from 'vitest';
import { cleanPath, Dockerignore } from './dockerignore.ts';

// Docker's own rules, as @balena/dockerignore ports them from moby, are the oracle for every
// pattern both accept: the same answer for every path.
const patterns = [
  'node_modules', '*.md', '!README.md', '.env', '.env*', '**/*.log', 'src/**', 'src/**/test', 'dist/', '/build', 'a/*/c',
  '**', '*', '?ocker*', '[a-c]*.js', '[^a]*', 'docs/**/*.png', '.git', '**/.git', 'tmp?', 'a\\*b', 'x/**/y/**/z', '!src/keep.js',
];
const paths = [
  'node_modules', 'node_modules/express/index.js', 'README.md', 'CHANGES.md', 'docs/a.md', '.env', '.env.local', 'server.js', 'logs/x.log',
  'x.log', 'src/a.js', 'src/test', 'src/a/test', 'src/keep.js', 'dist/app.js', 'build/out', 'a/b/c', 'a/b/c/d', 'Dockerfile', 'bocker.yml',
  'b.js', 'docs/img/x.png', '.git/config', 'deep/.git/HEAD', 'tmp1', 'tmp', 'a*b', 'x/y/z', 'x/1/y/2/z', 'package.json',
];

const oracle = (lines: string[]) => dockerignoreModule.default().add(lines);

describe('Dockerignore', () => {
  it('agrees with Docker\'s rules on every pattern and path of the corpus, alone and in sets', () => {
    const sets = [...patterns.map((p) => [p]), ['*', '!server.js'], ['node_modules', '.env', '*.md', '!README.md'], ['src/**', '!src/keep.js'], ['**/*.log', '!logs/x.log']];
    for (const lines of sets) {
      const ours = new Dockerignore(lines.join('\n'));
      expect(ours.problems).toEqual([]);
      const theirs = oracle(lines);
      for (const path of paths) expect(ours.ignores(path), `${JSON.stringify(lines)} on ${path}`).toBe(theirs.ignores(path));
    }
  });

  it('refuses regex operators and broken classes with the line, and skips comments and blanks', () => {
    const parsed = new Dockerignore('# comment\n\nnode_modules\n((?+)+)+Z\n[z-a]\na[\nok\n');
    expect(parsed.problems.map((p) => p.line)).toEqual([4, 5, 6]);
    expect(parsed.problems[0]!.message).toMatch(/no meaning/);
    expect(parsed.ignores('node_modules/x')).toBe(true);
    expect(parsed.ignores('ok')).toBe(true);
  });

  it('answers the worst patterns against long paths (a backtracking regex would not finish within the test timeout)', () => {
    const path = `${'a'.repeat(4000)}/b`;
    const worst = ['*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c', '**/**/**/**/**/**/**/**/**/c', `${'?'.repeat(500)}c`, '*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*c'];
    for (const pattern of worst) expect(new Dockerignore(pattern).ignores(path)).toBe(false);
  });

  it('cleans paths as Go does', () => {
    expect(cleanPath('./a//b/../c/')).toBe('a/c');
    expect(cleanPath('/x/./y')).toBe('/x/y');
    expect(cleanPath('')).toBe('.');
  });
});
