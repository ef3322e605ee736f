// One progress store per process, opened on first use, shared by the build socket and the
// HTTP routes, and the cookie keys that go with it.
import { config } from '../config.ts';
import { cookieKeysFrom } from './cookie-keys.ts';
import type { CookieKeys } from './learner-cookie.ts';
import { ProgressStore } from './progress-store.ts';

let store: ProgressStore | undefined;
let keys: CookieKeys | undefined;

export function progressStore(): ProgressStore {
  store ??= new ProgressStore(config.progressDb);
  return store;
}

export function cookieKeys(): CookieKeys {
  keys ??= cookieKeysFrom(process.env, () => progressStore().signingSecret());
  return keys;
}

/** The key that signs cookies now. */
export function cookieSecret(): string {
  return cookieKeys().current;
}
