import { describe, expect, it } from 'vitest';
import { cookieValue } from '../progress/learner-cookie.ts';
import { clearedSessionCookieHeader, sessionCookieHeader, sessionFromCookie } from './session-cookie.ts';

const keys = { current: 'k'.repeat(32), previous: ['p'.repeat(32)] };
const id = 'A'.repeat(43);
const cookieOf = (header: string) => header.split(';')[0]!;

describe('instructor session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Secure over HTTPS, and read back', () => {
    const header = sessionCookieHeader(id, keys.current, { secure: true, maxAgeSeconds: 60 });
    expect(header).toMatch(/^mslab_instructor=A{43}\.[\w-]+; Path=\/; Max-Age=60; HttpOnly; SameSite=Lax; Secure$/);
    expect(sessionFromCookie(`a=b; ${cookieOf(header)}`, keys)).toBe(id);
    expect(sessionFromCookie(cookieOf(sessionCookieHeader(id, keys.previous[0]!, { secure: false, maxAgeSeconds: 60 })), keys)).toBe(id);
    expect(clearedSessionCookieHeader(false)).toBe('mslab_instructor=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
  });

  it('refuses forged, garbled and learner-signed values', () => {
    const forged = cookieOf(sessionCookieHeader(id, 'x'.repeat(32), { secure: false, maxAgeSeconds: 60 }));
    expect(sessionFromCookie(forged, keys)).toBeUndefined();
    expect(sessionFromCookie('mslab_instructor=garbage', keys)).toBeUndefined();
    expect(sessionFromCookie(`mslab_instructor=${cookieValue(id, keys.current)}`, keys)).toBeUndefined();
    expect(sessionFromCookie(undefined, keys)).toBeUndefined();
  });
});
