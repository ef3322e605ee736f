import { describe, expect, it } from 'vitest';
import { cacheIdPrefix, rewriteDockerfile, UnscopableMountError } from './dockerfile-rewrite.ts';

const ann = cacheIdPrefix('learner-ann');
const bob = cacheIdPrefix('learner-bob');

describe('the syntax directive', () => {
  it('turns a leading syntax directive into a comment, keeping the line count', () => {
    const input = '# syntax=docker/dockerfile:1\nFROM alpine\nRUN true\n';
    const out = rewriteDockerfile(input, 'learner-ann');
    expect(out.droppedSyntax).toBe('docker/dockerfile:1');
    expect(out.text.split('\n')).toHaveLength(input.split('\n').length);
    expect(out.text.split('\n')[0]).toMatch(/^# \(syntax directive .* ignored/);
    expect(out.text.split('\n').slice(1)).toEqual(input.split('\n').slice(1));
  });

  it('finds it after another directive, in any case', () => {
    expect(rewriteDockerfile('# escape=`\n#  SYNTAX = docker/dockerfile:1.7\nFROM alpine', 'x').droppedSyntax).toBe('docker/dockerfile:1.7');
  });

  it('leaves a syntax comment alone once instructions have started', () => {
    const input = 'FROM alpine\n# syntax=docker/dockerfile:1\n';
    expect(rewriteDockerfile(input, 'x')).toEqual({ text: input, scopedCacheMounts: 0 });
  });
});

describe('cache mounts', () => {
  it('prefix every cache mount id with the learner, and give an id-less one its target as id', () => {
    const input = [
      'FROM node:18 AS deps',
      'RUN --mount=type=cache,id=npm,target=/root/.npm npm ci',
      'RUN --mount=type=cache,target=/root/.cache/go-build,sharing=locked --mount=type=bind,source=go.mod,target=go.mod go build',
      'RUN --mount=TYPE=CACHE,ID=x,target=/x,ro true',
      'RUN --mount=type=tmpfs,target=/t true',
      '',
    ].join('\n');
    const out = rewriteDockerfile(input, 'learner-ann');
    expect(out.scopedCacheMounts).toBe(3);
    expect(out.text.split('\n')).toEqual([
      'FROM node:18 AS deps',
      `RUN --mount=type=cache,id=${ann}npm,target=/root/.npm npm ci`,
      `RUN --mount=type=cache,target=/root/.cache/go-build,sharing=locked,id=${ann}/root/.cache/go-build --mount=type=bind,source=go.mod,target=go.mod go build`,
      `RUN --mount=type=CACHE,id=${ann}x,target=/x,ro true`,
      'RUN --mount=type=tmpfs,target=/t true',
      '',
    ]);
  });

  it('gives two learners different ids for the same mount, and one learner the same id every time', () => {
    const input = 'FROM alpine\nRUN --mount=type=cache,id=shared,target=/c cat /c/planted\n';
    const forAnn = rewriteDockerfile(input, 'learner-ann').text;
    expect(forAnn).toContain(`id=${ann}shared`);
    expect(rewriteDockerfile(input, 'learner-bob').text).toContain(`id=${bob}shared`);
    expect(rewriteDockerfile(input, 'learner-ann').text).toBe(forAnn);
    expect(ann).not.toBe(bob);
    expect(ann).toMatch(/^mslab-[0-9a-f]{16}-$/);
  });

  it('a learner cannot name another learner’s cache: the id is prefixed whatever it says', () => {
    const out = rewriteDockerfile(`FROM alpine\nRUN --mount=type=cache,id=${bob}shared,id=x,target=/c true\n`, 'learner-ann');
    expect(out.text).toContain(`--mount=type=cache,id=${ann}x,target=/c`);
    expect(out.text).not.toContain(`id=${bob}`);
  });

  it('refuses to pass on a mount it cannot read (the lint refuses it first)', () => {
    expect(() => rewriteDockerfile('FROM alpine\nARG T=cache\nRUN --mount=type=$T,target=/c true\n', 'x')).toThrow(UnscopableMountError);
    expect(() => rewriteDockerfile('FROM alpine\nRUN --mount=type=cache,\\\nid=x,target=/c true\n', 'x')).toThrow(UnscopableMountError);
  });
});
