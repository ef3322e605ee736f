// A learner's visit over HTTP: who they are (or a new anonymous id), noted as seen, and the
// cookie to send back. The cookie is re-issued on every progress load, so it is signed with
// the current key and lives exactly as long as the server keeps the learner: the anonymous
// lifetime while they never built, a year (renewed on each visit) once they have.
import { config } from '../config.ts';
import { learnerFromCookie, newLearnerId, setCookieHeader } from './learner-cookie.ts';
import { cookieKeys, progressStore } from './shared.ts';

const DAY_SECONDS = 24 * 3600;
const BUILT_LEARNER_SECONDS = 365 * DAY_SECONDS;

export function cookieMaxAgeSeconds(hasBuilt: boolean, anonymousTtlDays: number): number {
  return hasBuilt ? BUILT_LEARNER_SECONDS : anonymousTtlDays * DAY_SECONDS;
}

/** The learner of this request, made on a first visit, with the Set-Cookie value to answer with. */
export function visit(cookieHeader: string | null, secure: boolean): { learner: string; setCookie: string } {
  const learner = learnerFromCookie(cookieHeader, cookieKeys())?.id ?? newLearnerId();
  const store = progressStore();
  store.seen(learner);
  const maxAgeSeconds = cookieMaxAgeSeconds(store.hasBuilt(learner), config.anonymousLearnerTtlDays);
  return { learner, setCookie: setCookieHeader(learner, cookieKeys().current, { secure, maxAgeSeconds }) };
}

/** The learner in a request's cookie (no new one), noted as seen. */
export function knownLearner(cookieHeader: string | null): string | undefined {
  const learner = learnerFromCookie(cookieHeader, cookieKeys())?.id;
  if (learner) progressStore().seen(learner);
  return learner;
}
