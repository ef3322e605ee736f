import { describe, expect, it } from 'vitest';
import { MessageRate } from '../ws/message-rate.ts';
import { cookieValue, LEARNER_COOKIE, newLearnerId } from './learner-cookie.ts';
import { visitWith, type VisitDeps } from './learner-visit.ts';
import { ProgressStore } from './progress-store.ts';

function deps(clock: { now: number }): VisitDeps {
  return {
    keys: { current: 'k'.repeat(64), previous: [] },
    store: new ProgressStore(':memory:'),
    newLearners: new MessageRate({ burst: 3, perSecond: 2 }, () => clock.now),
    retryAfterSeconds: 1,
    anonymousTtlDays: 30,
  };
}

const learners = (d: VisitDeps) => (d.store.database().prepare('SELECT COUNT(*) AS n FROM learners').get() as { n: number }).n;

describe('visitWith', () => {
  it('mints new learners per address up to the burst, then answers 429 with a JSON error until tokens return', async () => {
    const clock = { now: 0 };
    const d = deps(clock);
    for (let i = 0; i < 3; i++) expect(visitWith(d, null, false, '203.0.113.1').ok).toBe(true);
    const refused = visitWith(d, null, false, '203.0.113.1');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get('retry-after')).toBe('1');
    expect(((await refused.response.json()) as { error: string }).error).toMatch(/too many new learners/);
    expect(learners(d)).toBe(3); // the refused one left no row

    expect(visitWith(d, null, false, '203.0.113.2').ok).toBe(true); // another address has its own bucket
    clock.now += 1000;
    expect(visitWith(d, null, false, '203.0.113.1').ok).toBe(true);
    expect(visitWith(d, null, false, '203.0.113.1').ok).toBe(true);
    expect(visitWith(d, null, false, '203.0.113.1').ok).toBe(false);
  });

  it('never counts a learner who shows a valid cookie, nor refuses them', () => {
    const d = deps({ now: 0 });
    const id = newLearnerId();
    const cookie = `${LEARNER_COOKIE}=${cookieValue(id, d.keys.current)}`;
    for (let i = 0; i < 3; i++) visitWith(d, null, false, '203.0.113.1');
    for (let i = 0; i < 10; i++) {
      const again = visitWith(d, cookie, false, '203.0.113.1');
      expect(again.ok && again.learner).toBe(id);
    }
    // A forged cookie is a new learner, and counted as one.
    expect(visitWith(d, `${LEARNER_COOKIE}=${id}.forged`, false, '203.0.113.1').ok).toBe(false);
  });
});
