// Anonymous learners: a random id in a cookie, signed (HMAC-SHA256) so nobody can pick
// another learner's id and read their work.
import crypto from 'node:crypto';

export const LEARNER_COOKIE = 'mslab_learner';
const ONE_YEAR = 365 * 24 * 3600;

const sign = (id: string, secret: string) => crypto.createHmac('sha256', secret).update(id).digest('base64url');

export function newLearnerId(): string {
  return crypto.randomBytes(16).toString('base64url');
}

export function cookieValue(id: string, secret: string): string {
  return `${id}.${sign(id, secret)}`;
}

export function setCookieHeader(id: string, secret: string, secure: boolean): string {
  return `${LEARNER_COOKIE}=${cookieValue(id, secret)}; Path=/; Max-Age=${ONE_YEAR}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The learner id from a Cookie header, when its signature is valid. */
export function learnerFromCookie(header: string | null | undefined, secret: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== LEARNER_COOKIE) continue;
    const [id, signature] = rest.join('=').split('.');
    if (!id || !signature || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) return undefined;
    const expected = Buffer.from(sign(id, secret));
    const given = Buffer.from(signature);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? id : undefined;
  }
  return undefined;
}
