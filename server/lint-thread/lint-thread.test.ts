import { afterEach, describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../shared/lint/dockerfile-lint.ts';
import { rewriteDockerfile } from '../builds/dockerfile-rewrite.ts';
import { LintThread, LintTooSlowError } from './lint-thread.ts';

let thread: LintThread | undefined;
afterEach(async () => {
  await thread?.close();
});

const multiStage = 'FROM node:18 AS builder\nWORKDIR /app\nFROM node:18-alpine\nCOPY --from=bulder /app /app\n';

describe('LintThread', () => {
  it('gives the same findings, stages and rewrite as the main thread would, in order, for several at once', async () => {
    thread = new LintThread(5000);
    const texts = [multiStage, 'FROM alpine\n', 'FROM node:18-alpine\nUSER node\nCMD ["node"]\n'];
    const answers = await Promise.all(texts.map((t) => thread!.read(t, 'ada')));
    expect(answers.map((a) => a.diagnostics)).toEqual(texts.map((t) => lintDockerfile(t)));
    expect(answers[2]).toMatchObject({ stages: 1, rewrite: rewriteDockerfile(texts[2]!, 'ada') });
  });

  it('abandons a lint past its budget, refuses that one, and the next lint works on a new thread', async () => {
    thread = new LintThread(1); // no real lint finishes in 1 ms from a cold thread
    const slow = thread.read(multiStage, 'ada');
    await expect(slow).rejects.toBeInstanceOf(LintTooSlowError);
    const patient = new LintThread(5000);
    expect((await patient.read(multiStage, 'ada')).diagnostics).toEqual(lintDockerfile(multiStage));
    await patient.close();
  });
});

  it('does not read further a Dockerfile the lint refuses', async () => {
    thread = new LintThread(5000);
    const reading = await thread.read('FROM registry.invalid/x\n', 'ada');
    expect(reading.diagnostics.some((d) => d.blocksBuild)).toBe(true);
    expect(reading.rewrite).toBeUndefined();
  });
