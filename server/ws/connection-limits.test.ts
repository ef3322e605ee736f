import { describe, expect, it } from 'vitest';
import { ConnectionLimits, type Admission } from './connection-limits.ts';

const admitted = (a: Admission) => {
  if (!a.ok) throw new Error(`refused: ${a.reason}`);
  return a.release;
};

describe('ConnectionLimits', () => {
  it('caps one learner, whatever the address', () => {
    const limits = new ConnectionLimits({ perLearner: 2, perAddress: 10, total: 10 });
    admitted(limits.admit('alice', '1.1.1.1'));
    admitted(limits.admit('alice', '2.2.2.2'));
    expect(limits.admit('alice', '3.3.3.3')).toEqual({ ok: false, reason: expect.stringContaining('at most 2 open lab tabs') });
    admitted(limits.admit('bob', '1.1.1.1'));
  });

  it('caps one address across learners (a NAT shares it up to the cap)', () => {
    const limits = new ConnectionLimits({ perLearner: 5, perAddress: 3, total: 10 });
    for (const learner of ['a', 'b', 'c']) admitted(limits.admit(learner, 'nat'));
    expect(limits.admit('d', 'nat')).toMatchObject({ ok: false, reason: expect.stringContaining('one address') });
    admitted(limits.admit('d', 'elsewhere'));
  });

  it('caps the whole server', () => {
    const limits = new ConnectionLimits({ perLearner: 5, perAddress: 5, total: 2 });
    admitted(limits.admit('a', 'x'));
    admitted(limits.admit('b', 'y'));
    expect(limits.admit('c', 'z')).toMatchObject({ ok: false, reason: expect.stringContaining('too many open connections') });
  });

  it('gives a place back exactly once, and forgets keys at zero', () => {
    const limits = new ConnectionLimits({ perLearner: 1, perAddress: 1, total: 1 });
    const release = admitted(limits.admit('alice', '1.1.1.1'));
    expect(limits.admit('alice', '1.1.1.1').ok).toBe(false);
    release();
    release(); // a second release (close after error) must not free a place someone else holds
    expect(limits.count()).toBe(0);
    const again = admitted(limits.admit('alice', '1.1.1.1'));
    release();
    expect(limits.count({ learner: 'alice' })).toBe(1);
    expect(limits.admit('bob', '2.2.2.2').ok).toBe(false);
    again();
    expect(limits.count()).toBe(0);
    expect(limits.count({ address: '1.1.1.1' })).toBe(0);
  });

  it('a refusal takes nothing', () => {
    const limits = new ConnectionLimits({ perLearner: 1, perAddress: 9, total: 9 });
    admitted(limits.admit('alice', 'x'));
    for (let i = 0; i < 5; i++) expect(limits.admit('alice', 'x').ok).toBe(false);
    expect(limits.count({ address: 'x' })).toBe(1);
    expect(limits.count()).toBe(1);
  });
});
