// One progress store per process, opened on first use, shared by the build socket and the
// HTTP routes, and the cookie keys that go with it.
import { config } from '../config.ts';
import { processSingleton } from '../process-singleton.ts';
import { cookieKeysFrom } from './cookie-keys.ts';
import type { CookieKeys } from './learner-cookie.ts';
import { ProgressStore } from './progress-store.ts';

export function progressStore(): ProgressStore {
  return processSingleton('progress-store', () => new ProgressStore(config.progressDb));
}

export function cookieKeys(): CookieKeys {
  return processSingleton('cookie-keys', () => cookieKeysFrom(process.env, () => progressStore().signingSecret()));
}

/** The key that signs cookies now. */
export function cookieSecret(): string {
  return cookieKeys().current;
}
