import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
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
    expect(store.progress('bob', 'other')).toEqual({ drafts: {}, draftVersions: {}, builds: {}, verdicts: {} });
    store.deleteDraft('alice', 'lab', 'Dockerfile');
    expect(store.progress('alice', 'lab').drafts).toEqual({});
  });

  it('versions drafts, and refuses a save based on an older version (a second tab)', () => {
    const store = new ProgressStore(':memory:');
    expect(store.saveDraft('al', 'lab', 'Dockerfile', 'FROM a', 0)).toEqual({ ok: true, version: 1 });
    expect(store.saveDraft('al', 'lab', 'Dockerfile', 'FROM b', 1)).toEqual({ ok: true, version: 2 });
    // The other tab still thinks it is at version 1.
    expect(store.saveDraft('al', 'lab', 'Dockerfile', 'FROM stale', 1)).toEqual({ ok: false, text: 'FROM b', version: 2 });
    expect(store.progress('al', 'lab')).toMatchObject({ drafts: { Dockerfile: 'FROM b' }, draftVersions: { Dockerfile: 2 } });
    // A tab that saw no draft, after another tab saved one.
    expect(store.saveDraft('al', 'lab', 'Dockerfile.regular', 'x', 0)).toEqual({ ok: true, version: 1 });
    expect(store.saveDraft('al', 'lab', 'Dockerfile.regular', 'y', 0)).toEqual({ ok: false, text: 'x', version: 1 });
    // Reset elsewhere: the draft is gone.
    store.deleteDraft('al', 'lab', 'Dockerfile');
    expect(store.saveDraft('al', 'lab', 'Dockerfile', 'FROM c', 2)).toEqual({ ok: false, text: null, version: 0 });
    // Without a base (older pages), a save always lands.
    expect(store.saveDraft('al', 'lab', 'Dockerfile', 'FROM d')).toEqual({ ok: true, version: 1 });
  });

  it('makes the signing secret once', () => {
    const store = new ProgressStore(':memory:');
    const secret = store.signingSecret();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(store.signingSecret()).toBe(secret);
  });
});

describe('anonymous learners expire', () => {
  const day = 24 * 3600 * 1000;

  it('forgets learners who never built and were not seen since the cutoff, drafts and all', () => {
    const store = new ProgressStore(':memory:');
    const now = Date.now();
    store.seen('idle', now - 40 * day);
    store.saveDraft('idle', 'lab', 'Dockerfile', 'FROM idle');
    store.seen('recent', now - 2 * day);
    store.saveDraft('recent', 'lab', 'Dockerfile', 'FROM recent');
    store.seen('builder', now - 400 * day);
    store.saveDraft('builder', 'lab', 'Dockerfile', 'FROM builder');
    store.recordBuild('builder', 'lab', 'Dockerfile', { ok: false, imageSize: null, stages: 1, durationMs: 1 });

    expect(store.hasBuilt('builder')).toBe(true);
    expect(store.hasBuilt('idle')).toBe(false);
    expect(store.purgeAnonymous(now - 30 * day)).toBe(1);
    expect(store.progress('idle', 'lab').drafts).toEqual({});
    expect(store.progress('recent', 'lab').drafts).toEqual({ Dockerfile: 'FROM recent' });
    expect(store.progress('builder', 'lab').drafts).toEqual({ Dockerfile: 'FROM builder' });
    expect(store.purgeAnonymous(now - 30 * day)).toBe(0);
  });

  it('forgets learners who never saved a draft nor built sooner, and only those', () => {
    const store = new ProgressStore(':memory:');
    const now = Date.now();
    const hour = 3600 * 1000;
    store.seen('passer-by', now - 25 * hour);
    store.seen('just-now', now - hour);
    store.seen('drafter', now - 25 * hour);
    store.saveDraft('drafter', 'lab', 'Dockerfile', 'FROM drafter');
    store.seen('builder', now - 25 * hour);
    store.recordBuild('builder', 'lab', 'Dockerfile', { ok: true, imageSize: 1, stages: 2, durationMs: 1 });

    expect(store.purgeUnused(now - 24 * hour)).toBe(1);
    const ids = (store.database().prepare('SELECT id FROM learners ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id);
    expect(ids).toEqual(['builder', 'drafter', 'just-now']);
    expect(store.progress('drafter', 'lab').drafts).toEqual({ Dockerfile: 'FROM drafter' });
    expect(store.purgeUnused(now - 24 * hour)).toBe(0);
  });

  it('counts from the latest visit; an older timestamp never moves it back', () => {
    const store = new ProgressStore(':memory:');
    const now = Date.now();
    store.seen('alice', now - 40 * day);
    store.seen('alice', now - day);
    store.seen('alice', now - 50 * day);
    expect(store.purgeAnonymous(now - 30 * day)).toBe(0);
    expect(store.purgeAnonymous(now)).toBe(1);
  });

  it('adopts learners with drafts from before the learners table, seen at their last draft', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-store-')), 'progress.sqlite');
    const old = new ProgressStore(file);
    old.saveDraft('legacy', 'lab', 'Dockerfile', 'FROM legacy');
    old.close();
    const legacy = new DatabaseSync(file);
    legacy.exec('DROP TABLE learners');
    legacy.close();

    const store = new ProgressStore(file);
    expect(store.purgeAnonymous(Date.now() - 1000 * day)).toBe(0);
    expect(store.purgeAnonymous(Date.now() + 1000)).toBe(1);
    expect(store.progress('legacy', 'lab').drafts).toEqual({});
    store.close();
  });
});
