// A learner's visit over HTTP: who they are (or a new anonymous id), noted as seen, and the
// cookie to send back. The cookie is re-issued on every progress load, so it is signed with
// the current key and lives exactly as long as the server keeps the learner: the anonymous
// lifetime while they never built, a year (renewed on each visit) once they have.
// A new learner costs a database row, so new ones are rate limited per client address.
import { config } from '../config.ts';
import { processSingleton } from '../process-singleton.ts';
import { MessageRate } from '../ws/message-rate.ts';
import { learnerFromCookie, newLearnerId, setCookieHeader, type CookieKeys } from './learner-cookie.ts';
import type { ProgressStore } from './progress-store.ts';
import { cookieKeys, progressStore } from './shared.ts';

const DAY_SECONDS = 24 * 3600;
const BUILT_LEARNER_SECONDS = 365 * DAY_SECONDS;

export function cookieMaxAgeSeconds(hasBuilt: boolean, anonymousTtlDays: number): number {
  return hasBuilt ? BUILT_LEARNER_SECONDS : anonymousTtlDays * DAY_SECONDS;
}

export type Visit = { ok: true; learner: string; setCookie: string } | { ok: false; response: Response };

export interface VisitDeps {
  keys: CookieKeys;
  store: ProgressStore;
  /** Token bucket of new learner cookies, keyed by client address. */
  newLearners: MessageRate;
  /** When a refused client may expect a token again. */
  retryAfterSeconds: number;
  anonymousTtlDays: number;
}

/** The learner of this request, made on a first visit unless its address made too many just now. */
export function visitWith(deps: VisitDeps, cookieHeader: string | null, secure: boolean, address: string): Visit {
  const known = learnerFromCookie(cookieHeader, deps.keys)?.id;
  if (!known && !deps.newLearners.take(address)) {
    const error = 'too many new learners from your network just now; the page tries again in a moment';
    return { ok: false, response: Response.json({ error }, { status: 429, headers: { 'Retry-After': String(deps.retryAfterSeconds), 'Cache-Control': 'no-store' } }) };
  }
  const learner = known ?? newLearnerId();
  deps.store.seen(learner);
  const maxAgeSeconds = cookieMaxAgeSeconds(deps.store.hasBuilt(learner), deps.anonymousTtlDays);
  return { ok: true, learner, setCookie: setCookieHeader(learner, deps.keys.current, { secure, maxAgeSeconds }) };
}

function newLearnerRate(): MessageRate {
  const { newLearnerBurst, newLearnersPerSecond } = config.frontDoor;
  return processSingleton('new-learner-rate', () => new MessageRate({ burst: newLearnerBurst, perSecond: newLearnersPerSecond }));
}

/** visitWith on this process's store, keys and rate (`address`: see http/proxy-headers clientAddress). */
export function visit(cookieHeader: string | null, secure: boolean, address: string): Visit {
  return visitWith(
    {
      keys: cookieKeys(),
      store: progressStore(),
      newLearners: newLearnerRate(),
      retryAfterSeconds: Math.ceil(1 / config.frontDoor.newLearnersPerSecond),
      anonymousTtlDays: config.anonymousLearnerTtlDays,
    },
    cookieHeader,
    secure,
    address,
  );
}

/** The learner in a request's cookie (no new one), noted as seen. */
export function knownLearner(cookieHeader: string | null): string | undefined {
  const learner = learnerFromCookie(cookieHeader, cookieKeys())?.id;
  if (learner) progressStore().seen(learner);
  return learner;
}
