import { describe, expect, it } from 'vitest';
import { countStages, tryItTarget } from './try-it-target.ts';

const node = [
  { file: 'Dockerfile.regular', buildable: true, solutionStages: 1 },
  { file: 'Dockerfile', buildable: true, solutionStages: 2 },
  { file: '.dockerignore', buildable: false, solutionStages: 0 },
];

describe('tryItTarget', () => {
  it('counts FROM lines, not FROM inside other words or comments', () => {
    expect(countStages('FROM a AS b\nRUN x\n  from c\n# FROM d\nCOPY --from=b /x /x\n')).toBe(2);
  });

  it('puts a one-stage example in the one-stage tab and a multi-stage one in the multi-stage tab', () => {
    expect(tryItTarget('FROM node:18\nCMD ["node"]\n', node)).toBe('Dockerfile.regular');
    expect(tryItTarget('FROM node:18 AS builder\nFROM node:18-alpine\n', node)).toBe('Dockerfile');
  });

  it('falls back to the first Dockerfile tab, never a .dockerignore', () => {
    const go = [{ file: 'Dockerfile', buildable: true, solutionStages: 2 }];
    expect(tryItTarget('FROM golang:1.19\n', go)).toBe('Dockerfile');
    expect(tryItTarget('FROM a\n', [{ file: '.dockerignore', buildable: false, solutionStages: 0 }])).toBeUndefined();
  });
});
