import { describe, expect, it } from 'vitest';
import { cookieValue, learnerFromCookie, newLearnerId, setCookieHeader } from './learner-cookie.ts';

describe('learner cookie', () => {
  const secret = 'a'.repeat(64);
  it('round-trips a signed id', () => {
    const id = newLearnerId();
    expect(learnerFromCookie(`theme=dark; mslab_learner=${cookieValue(id, secret)}`, secret)).toBe(id);
    expect(setCookieHeader(id, secret, true)).toMatch(/^mslab_learner=.+; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure$/);
  });

  it('refuses a forged, altered or foreign cookie', () => {
    const id = newLearnerId();
    const value = cookieValue(id, secret);
    expect(learnerFromCookie(`mslab_learner=${newLearnerId()}.${value.split('.')[1]}`, secret)).toBeUndefined();
    expect(learnerFromCookie(`mslab_learner=${value}x`, secret)).toBeUndefined();
    expect(learnerFromCookie(`mslab_learner=${value}`, 'b'.repeat(64))).toBeUndefined();
    expect(learnerFromCookie(`mslab_learner=${id}`, secret)).toBeUndefined();
    expect(learnerFromCookie(undefined, secret)).toBeUndefined();
  });
});
