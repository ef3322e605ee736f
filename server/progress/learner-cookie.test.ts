import { describe, expect, it } from 'vitest';
import { cookieValue, learnerFromCookie, newLearnerId, setCookieHeader } from './learner-cookie.ts';

describe('learner cookie', () => {
  const secret = 'a'.repeat(64);
  const old = 'o'.repeat(64);
  const keys = { current: secret, previous: [old] };

  it('round-trips a signed id', () => {
    const id = newLearnerId();
    expect(learnerFromCookie(`theme=dark; mslab_learner=${cookieValue(id, secret)}`, keys)).toEqual({ id, current: true });
  });

  it('sets Max-Age, HttpOnly, SameSite, and Secure only when asked', () => {
    const id = newLearnerId();
    expect(setCookieHeader(id, secret, { secure: true, maxAgeSeconds: 2592000 })).toMatch(/^mslab_learner=.+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure$/);
    expect(setCookieHeader(id, secret, { secure: false, maxAgeSeconds: 60 })).toMatch(/; Max-Age=60; HttpOnly; SameSite=Lax$/);
  });

  it('accepts a cookie signed with a previous key, marked for re-issue', () => {
    const id = newLearnerId();
    expect(learnerFromCookie(`mslab_learner=${cookieValue(id, old)}`, keys)).toEqual({ id, current: false });
    expect(learnerFromCookie(`mslab_learner=${cookieValue(id, old)}`, { current: secret, previous: [] })).toBeUndefined();
  });

  it('refuses a forged, altered or foreign cookie', () => {
    const id = newLearnerId();
    const value = cookieValue(id, secret);
    expect(learnerFromCookie(`mslab_learner=${newLearnerId()}.${value.split('.')[1]}`, keys)).toBeUndefined();
    expect(learnerFromCookie(`mslab_learner=${value}x`, keys)).toBeUndefined();
    expect(learnerFromCookie(`mslab_learner=${value}`, { current: 'b'.repeat(64), previous: [] })).toBeUndefined();
    expect(learnerFromCookie(`mslab_learner=${id}`, keys)).toBeUndefined();
    expect(learnerFromCookie(undefined, keys)).toBeUndefined();
  });

  it('takes the first cookie of that name that verifies, not merely the first', () => {
    const id = newLearnerId();
    const mine = `mslab_learner=${cookieValue(id, secret)}`;
    const stale = `mslab_learner=${cookieValue(newLearnerId(), 'z'.repeat(64))}`;
    expect(learnerFromCookie(`${stale}; theme=dark; ${mine}`, keys)).toEqual({ id, current: true });
    expect(learnerFromCookie(`mslab_learner=garbage; ${mine}`, keys)).toEqual({ id, current: true });
    expect(learnerFromCookie(`mslab_learner=; mslab_learner=${cookieValue(id, old)}`, keys)).toEqual({ id, current: false });
    // Two valid ones: the first (the browser sends the most specific path first).
    const other = newLearnerId();
    expect(learnerFromCookie(`mslab_learner=${cookieValue(other, secret)}; ${mine}`, keys)?.id).toBe(other);
    expect(learnerFromCookie(`${stale}; mslab_learner=x.y`, keys)).toBeUndefined();
  });

  it('never throws on garbage', () => {
    for (const header of ['', ';;;', '=', 'mslab_learner', 'mslab_learner=', 'mslab_learner=..', `mslab_learner=${'%'.repeat(5000)}.x`, '\u0000\uffff']) {
      expect(learnerFromCookie(header, keys)).toBeUndefined();
    }
  });
});
