import { describe, expect, it } from 'vitest';
import { ProgressStore } from './progress-store.ts';

describe('ProgressStore', () => {
  it('keeps drafts, builds and verdicts per learner and lab', () => {
    const store = new ProgressStore(':memory:');
    store.saveDraft('alice', 'lab', 'Dockerfile', 'FROM a');
    store.saveDraft('alice', 'lab', 'Dockerfile', 'FROM b');
    store.saveDraft('bob', 'lab', 'Dockerfile', 'FROM bob');
    store.recordBuild('alice', 'lab', 'Dockerfile.regular', { ok: true, imageSize: 500, stages: 1, durationMs: 10 });
    store.recordBuild('alice', 'lab', 'Dockerfile', { ok: false, imageSize: null, stages: 2, durationMs: 5 });
    store.recordVerdicts('alice', 'lab', [{ step: 's1', checkpoints: [{ id: 'c1', status: 'pass', expected: 'e', found: 'f' }] }]);
    store.recordVerdicts('alice', 'lab', [{ step: 's1', checkpoints: [{ id: 'c1', status: 'fail', expected: 'e', found: 'g' }] }]);

    const alice = store.progress('alice', 'lab');
    expect(alice.drafts).toEqual({ Dockerfile: 'FROM b' });
    expect(alice.builds['Dockerfile.regular']).toMatchObject({ ok: true, imageSize: 500, stages: 1 });
    expect(alice.verdicts.s1?.c1).toMatchObject({ status: 'fail', found: 'g' });
    expect(store.sizes('alice', 'lab')).toEqual({ 'Dockerfile.regular': 500 }); // failed builds are no baseline
    expect(store.progress('bob', 'lab').drafts).toEqual({ Dockerfile: 'FROM bob' });
    expect(store.progress('bob', 'other')).toEqual({ drafts: {}, builds: {}, verdicts: {} });
    store.deleteDraft('alice', 'lab', 'Dockerfile');
    expect(store.progress('alice', 'lab').drafts).toEqual({});
  });

  it('makes the signing secret once', () => {
    const store = new ProgressStore(':memory:');
    const secret = store.signingSecret();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(store.signingSecret()).toBe(secret);
  });
});
