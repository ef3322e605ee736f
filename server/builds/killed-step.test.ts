import { describe, expect, it } from 'vitest';
import { killedStepNote } from './killed-step.ts';

describe('killedStepNote', () => {
  it('says out of memory, with the limit, for a step killed with exit code 137', () => {
    const failure = 'process "/bin/sh -c node -e ..." did not complete successfully: exit code: 137';
    expect(killedStepNote(failure, '4g')).toMatch(/ran out of memory\. A build's steps here may use at most 4g/);
  });

  it('says nothing for other failures', () => {
    expect(killedStepNote('process "/bin/sh -c exit 7" did not complete successfully: exit code: 7', '4g')).toBeUndefined();
    expect(killedStepNote('exit code: 1370', '4g')).toBeUndefined();
  });
});
