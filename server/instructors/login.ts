// Logging an instructor in: refused at once while the account or the address has too many
// recent failures (before any hashing, so a flood costs the server nothing), otherwise the
// password is checked in constant time, also for accounts that do not exist.
import type { InstructorStore } from './instructor-store.ts';
import { normalizeEmail } from './instructor-store.ts';
import { decoyHash, verifyPassword } from './password.ts';

export interface LoginLimits {
  failuresPerAccount: number;
  failuresPerAddress: number;
  windowMs: number;
  sessionMs: number;
}

export type LoginOutcome =
  | { ok: true; sessionId: string; name: string }
  | { ok: false; status: 401; error: string }
  | { ok: false; status: 429; error: string; retryAfterSeconds: number };

const accountKey = (email: string) => `account:${normalizeEmail(email)}`;
const addressKey = (address: string) => `address:${address}`;

export async function login(store: InstructorStore, attempt: { email: string; password: string; address: string }, limits: LoginLimits, now = Date.now()): Promise<LoginOutcome> {
  const since = now - limits.windowMs;
  const keys = [accountKey(attempt.email), addressKey(attempt.address)];
  if (store.failures(keys[0]!, since) >= limits.failuresPerAccount || store.failures(keys[1]!, since) >= limits.failuresPerAddress) {
    const minutes = Math.ceil(limits.windowMs / 60_000);
    return { ok: false, status: 429, error: `too many failed logins: try again in ${minutes} minutes`, retryAfterSeconds: Math.ceil(limits.windowMs / 1000) };
  }
  const account = store.byEmail(attempt.email);
  const matches = await verifyPassword(attempt.password, account?.passwordHash ?? (await decoyHash()));
  if (!account || !matches) {
    store.recordFailure(keys, now);
    return { ok: false, status: 401, error: 'wrong email or password' };
  }
  store.clearFailures(keys[0]!);
  return { ok: true, sessionId: store.openSession(account.instructor.id, limits.sessionMs, now), name: account.instructor.name };
}
