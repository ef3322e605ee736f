// Where the cookie signing keys come from. A deployment sets MSLAB_COOKIE_SECRET (the same on
// every replica) and rotates it by moving the old value to MSLAB_COOKIE_SECRET_PREVIOUS;
// without it, a key made once and kept in the progress database signs (fine for one machine).
import type { CookieKeys } from './learner-cookie.ts';

/** Shorter secrets can be guessed offline from one cookie. */
const MIN_SECRET_LENGTH = 32;

export function cookieKeysFrom(env: NodeJS.ProcessEnv, storedSecret: () => string): CookieKeys {
  const previous = (env.MSLAB_COOKIE_SECRET_PREVIOUS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const current = env.MSLAB_COOKIE_SECRET?.trim() || undefined;
  for (const [name, secret] of [['MSLAB_COOKIE_SECRET', current], ...previous.map((p) => ['MSLAB_COOKIE_SECRET_PREVIOUS', p])] as const) {
    if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`${name}: a cookie secret needs at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`);
    }
  }
  return { current: current ?? storedSecret(), previous };
}
