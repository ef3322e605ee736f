// Anonymous learners: a random id in a cookie, signed (HMAC-SHA256) so nobody can pick
// another learner's id and read their work. Keys rotate: the current key signs, previous
// keys are still accepted, and a cookie signed with one is re-issued with the current key.
import crypto from 'node:crypto';

export const LEARNER_COOKIE = 'mslab_learner';

export interface CookieKeys {
  /** Signs new cookies and re-issued ones. */
  current: string;
  /** Earlier keys whose cookies are still accepted. */
  previous: readonly string[];
}

export interface CookieLearner {
  id: string;
  /** False when an earlier key signed it: the caller re-issues it with the current key. */
  current: boolean;
}

const sign = (id: string, secret: string) => crypto.createHmac('sha256', secret).update(id).digest('base64url');

export function newLearnerId(): string {
  return crypto.randomBytes(16).toString('base64url');
}

export function cookieValue(id: string, secret: string): string {
  return `${id}.${sign(id, secret)}`;
}

export function setCookieHeader(id: string, secret: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return `${LEARNER_COOKIE}=${cookieValue(id, secret)}; Path=/; Max-Age=${options.maxAgeSeconds}; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
}

const signedBy = (id: string, signature: string, secret: string) => {
  const expected = Buffer.from(sign(id, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
};

/** The learner of one cookie value, when a current or previous key signed it. */
function verifiedLearner(value: string, keys: CookieKeys): CookieLearner | undefined {
  const [id, signature] = value.split('.');
  if (!id || !signature || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) return undefined;
  if (signedBy(id, signature, keys.current)) return { id, current: true };
  return keys.previous.some((key) => signedBy(id, signature, key)) ? { id, current: false } : undefined;
}

/**
 * The learner in a Cookie header: the first `mslab_learner` cookie that a current or previous
 * key signed. A header can carry several of that name (one set for another path or domain, a
 * stale one from an older deployment; the browser sends the more specific first), and a bad
 * one first must not hide the learner's own: that would look as if their work were lost.
 * Never throws.
 */
export function learnerFromCookie(header: string | null | undefined, keys: CookieKeys): CookieLearner | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== LEARNER_COOKIE) continue;
    const learner = verifiedLearner(rest.join('='), keys);
    if (learner) return learner;
  }
  return undefined;
}
