// The instructor's session cookie: a random session id (its row in instructor_sessions) signed
// with the learner cookies' keys, HttpOnly and SameSite=Lax like the learner cookie, Secure
// over HTTPS. The signature lets a forged or garbled cookie be refused without a query.
import crypto from 'node:crypto';
import type { CookieKeys } from '../progress/learner-cookie.ts';

export const INSTRUCTOR_COOKIE = 'mslab_instructor';

const sign = (id: string, secret: string) => crypto.createHmac('sha256', `instructor-session:${secret}`).update(id).digest('base64url');

const signedBy = (id: string, signature: string, secret: string) => {
  const expected = Buffer.from(sign(id, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
};

export function sessionCookieHeader(sessionId: string, secret: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return `${INSTRUCTOR_COOKIE}=${sessionId}.${sign(sessionId, secret)}; Path=/; Max-Age=${options.maxAgeSeconds}; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
}

/** Tells the browser to forget the cookie (logout). */
export function clearedSessionCookieHeader(secure: boolean): string {
  return `${INSTRUCTOR_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The session id in a Cookie header when one of the keys signed it. Never throws. */
export function sessionFromCookie(header: string | null | undefined, keys: CookieKeys): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== INSTRUCTOR_COOKIE) continue;
    const [id, signature] = rest.join('=').split('.');
    if (!id || !signature || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    return [keys.current, ...keys.previous].some((key) => signedBy(id, signature, key)) ? id : undefined;
  }
  return undefined;
}
