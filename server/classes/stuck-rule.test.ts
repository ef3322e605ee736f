import { describe, expect, it } from 'vitest';
import { lastProgressAt, stuckVerdict, type StuckBuild } from './stuck-rule.ts';

const MIN = 60_000;
const settings = { failedBuilds: 3, quietMs: 10 * MIN };
const build = (at: number, outcome: StuckBuild['outcome'], passing = 0, lab = 'node'): StuckBuild => ({ lab, outcome, passing, at: at * MIN });
const verdict = (builds: StuckBuild[], now: number, finished = false) => stuckVerdict({ builds, joinedAt: 0, finished, now: now * MIN }, settings);

describe('the stuck rule', () => {
  it('a learner who just joined is not stuck', () => {
    expect(verdict([], 1)).toEqual({ stuck: false });
  });

  it('three failed builds in a row is stuck, two is not', () => {
    expect(verdict([build(1, 'failed'), build(2, 'failed')], 3)).toEqual({ stuck: false });
    expect(verdict([build(1, 'failed'), build(2, 'failed'), build(3, 'timeout')], 4)).toEqual({ stuck: true, reason: 'failed-builds', count: 3 });
  });

  it('a successful build ends the run of failures; a cancelled one neither counts nor ends it', () => {
    expect(verdict([build(1, 'failed'), build(2, 'failed'), build(3, 'success', 1), build(4, 'failed')], 5)).toEqual({ stuck: false });
    expect(verdict([build(1, 'failed'), build(2, 'cancelled'), build(3, 'failed'), build(4, 'failed')], 5)).toEqual({ stuck: true, reason: 'failed-builds', count: 3 });
  });

  it('order of the input does not matter', () => {
    expect(verdict([build(3, 'failed'), build(1, 'failed'), build(2, 'failed')], 4)).toEqual({ stuck: true, reason: 'failed-builds', count: 3 });
  });

  it('no new checkpoint for ten minutes since joining is stuck', () => {
    expect(verdict([], 9.9)).toEqual({ stuck: false });
    expect(verdict([], 10)).toEqual({ stuck: true, reason: 'no-progress', sinceMs: 10 * MIN });
  });

  it('successful builds that pass nothing new are not progress', () => {
    const builds = [build(1, 'success', 2), build(5, 'success', 2), build(9, 'success', 2)];
    expect(lastProgressAt(builds, 0)).toBe(1 * MIN);
    expect(verdict(builds, 11)).toEqual({ stuck: true, reason: 'no-progress', sinceMs: 10 * MIN });
  });

  it('passing a new checkpoint resets the clock, per lab', () => {
    const builds = [build(1, 'success', 2, 'node'), build(8, 'success', 1, 'go'), build(9, 'success', 3, 'node')];
    expect(lastProgressAt(builds, 0)).toBe(9 * MIN);
    expect(verdict(builds, 18)).toEqual({ stuck: false });
  });

  it('a learner who finished every step is never stuck', () => {
    expect(verdict([build(1, 'failed'), build(2, 'failed'), build(3, 'failed')], 60, true)).toEqual({ stuck: false });
  });
});
