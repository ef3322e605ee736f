// What the help routes (/api/labs/:lab/help, challenge, hints, solutions) and the self-check
// route share: the learner in the cookie (401 without one: the page loads its progress first,
// which issues it), and a per-learner rate for their writes, each a database row or update.
import type { z } from 'zod';
import { jsonBody } from '../classes/request-body.ts';
import { labCatalog } from '../labs/lab-catalog.ts';
import type { Lab } from '../labs/lab-registry.ts';
import { progressStore } from '../progress/shared.ts';
import { processSingleton } from '../process-singleton.ts';
import { helpStore } from './shared.ts';
import { labHelp, type LabHelp } from './lab-help.ts';
import { knownLearner } from '../progress/learner-visit.ts';
import { MessageRate } from '../ws/message-rate.ts';

/** Honest clicking (answers, hints, toggles) stays far below this; a script gets 429. */
const WRITES = { burst: 20, perSecond: 2 };

export type Refusal = { ok: false; response: Response };

export const refuse = (status: number, error: string, headers?: Record<string, string>): Refusal => ({
  ok: false,
  response: Response.json({ error }, { status, headers: { 'Cache-Control': 'no-store', ...headers } }),
});

export function cookieLearner(request: Request): { ok: true; learner: string } | Refusal {
  const learner = knownLearner(request.headers.get('cookie'));
  return learner ? { ok: true, learner } : refuse(401, 'no learner cookie: load the lesson page first');
}

/** Counts one write of the learner; a refusal when they write faster than a person does. */
export function writeAllowed(learner: string): { ok: true } | Refusal {
  const rate = processSingleton('help-write-rate', () => new MessageRate(WRITES));
  return rate.take(learner) ? { ok: true } : refuse(429, 'too many changes just now; try again in a moment', { 'Retry-After': String(Math.ceil(1 / WRITES.perSecond)) });
}

export const noStore = { 'Cache-Control': 'no-store' };

/** The lab a route's URL names and the learner asking: 404 for an unknown lab, 401 without a cookie. */
export async function labLearner(labId: string | undefined, request: Request): Promise<{ ok: true; lab: Lab; learner: string } | Refusal> {
  const lab = (await labCatalog()).get(labId ?? '');
  if (!lab) return refuse(404, `there is no lab "${labId}"`);
  const who = cookieLearner(request);
  return who.ok ? { ok: true, lab, learner: who.learner } : who;
}

/** A write to a lab's help: the lab, the learner (within their write rate) and the body, read within 8 KiB and validated. */
export async function labWrite<S extends z.ZodType>(labId: string | undefined, request: Request, schema: S): Promise<{ ok: true; lab: Lab; learner: string; body: z.infer<S> } | Refusal> {
  const found = await labLearner(labId, request);
  if (!found.ok) return found;
  const allowed = writeAllowed(found.learner);
  if (!allowed.ok) return allowed;
  const body = await jsonBody(request, schema);
  return body.ok ? { ...found, body: body.value } : body;
}

/** What the learner may see of the lab's help now, from what the stores recorded. */
export function currentHelp(lab: Lab, learner: string): LabHelp {
  return labHelp(lab.definition, helpStore().state(learner, lab.id), progressStore().progress(learner, lab.id).verdicts);
}
