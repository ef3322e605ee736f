// One progress store per process, opened on first use, shared by the build socket and the
// HTTP routes.
import { config } from '../config.ts';
import { ProgressStore } from './progress-store.ts';

let store: ProgressStore | undefined;
let secret: string | undefined;

export function progressStore(): ProgressStore {
  store ??= new ProgressStore(config.progressDb);
  return store;
}

export function cookieSecret(): string {
  secret ??= progressStore().signingSecret();
  return secret;
}
