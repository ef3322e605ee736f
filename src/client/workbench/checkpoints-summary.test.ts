import { describe, expect, it } from 'vitest';
import { strings } from '../../strings.ts';
import { checkpointsSummary } from './checkpoints-summary.ts';

const message = (verdicts: Array<'pass' | 'fail' | 'skipped'>) => ({
  type: 'checkpoints' as const,
  buildId: 'build-1',
  seq: 9,
  file: 'Dockerfile',
  durationMs: 1200,
  steps: [{ step: 's', checkpoints: verdicts.map((status, i) => ({ id: `c${i}`, status, expected: 'e', found: 'f' })) }],
});

describe('checkpoints summary', () => {
  it('counts the verdicts', () => {
    expect(checkpointsSummary(message(['pass', 'fail', 'pass']), undefined, strings.workbench)).toEqual({ text: 'Checkpoints: 2 of 3 pass (checked in 1.2 s).', checksFailed: false });
  });
  it('counts skipped checkpoints apart, neither passed nor failed', () => {
    expect(checkpointsSummary(message(['pass', 'skipped', 'fail', 'skipped']), undefined, strings.workbench).text).toBe(
      'Checkpoints: 1 of 2 pass (checked in 1.2 s). 2 skipped: this build cannot answer them (the checklist says why).',
    );
  });
  it('says the checks failed, not "0 of 0 pass", when they could not run', () => {
    expect(checkpointsSummary(message([]), undefined, strings.workbench)).toEqual({ text: 'The checks could not run: The checkpoints did not come back. Press Build to try again.', checksFailed: true });
    expect(checkpointsSummary(message(['pass']), 'the image could not be inspected', strings.workbench)).toEqual({
      text: 'The checks could not run: the image could not be inspected',
      checksFailed: true,
    });
  });
});
