import { afterEach, describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../shared/lint/dockerfile-lint.ts';
import { LintThread, LintTooSlowError } from './lint-thread.ts';

let thread: LintThread | undefined;
afterEach(async () => {
  await thread?.close();
});

const multiStage = 'FROM node:18 AS builder\nWORKDIR /app\nFROM node:18-alpine\nCOPY --from=bulder /app /app\n';

describe('LintThread', () => {
  it('gives the same findings as the lint on the main thread, in order, for several at once', async () => {
    thread = new LintThread(5000);
    const texts = [multiStage, 'FROM alpine\n', 'FROM node:18-alpine\nUSER node\nCMD ["node"]\n'];
    const answers = await Promise.all(texts.map((t) => thread!.lint(t)));
    expect(answers).toEqual(texts.map((t) => lintDockerfile(t)));
  });

  it('abandons a lint past its budget, refuses that one, and the next lint works on a new thread', async () => {
    thread = new LintThread(1); // no real lint finishes in 1 ms from a cold thread
    const slow = thread.lint(multiStage);
    await expect(slow).rejects.toBeInstanceOf(LintTooSlowError);
    const patient = new LintThread(5000);
    expect(await patient.lint(multiStage)).toEqual(lintDockerfile(multiStage));
    await patient.close();
  });
});
