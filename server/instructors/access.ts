// Who may do what on the instructor side, for pages and API routes: the instructor of the
// request's session (none: 403, whoever else is asking, a learner included), only their own
// classes (403 for another's), and no state change from another site's page (Origin, 403).
import { config } from '../config.ts';
import { originAllowed } from '../http/origin.ts';
import { classStore } from '../classes/shared.ts';
import type { ClassInfo } from '../classes/class-store.ts';
import { cookieKeys } from '../progress/shared.ts';
import type { Instructor } from './instructor-store.ts';
import { sessionFromCookie } from './session-cookie.ts';
import { instructorStore } from './shared.ts';

export const refuse = (status: number, error: string, headers?: HeadersInit) => Response.json({ error }, { status, ...(headers && { headers }) });

export const INSTRUCTORS_ONLY = 'instructors only: log in at /instructor/login/';
export const NOT_YOURS = 'this class belongs to another instructor';
const CROSS_SITE = 'this request must come from a page of this site';

export function currentSession(request: Request): { sessionId: string; instructor: Instructor } | undefined {
  const sessionId = sessionFromCookie(request.headers.get('cookie'), cookieKeys());
  const instructor = sessionId ? instructorStore().sessionInstructor(sessionId) : undefined;
  return sessionId && instructor ? { sessionId, instructor } : undefined;
}

/** A state-changing request from a page of another site is refused (the cookie would go with it). */
export function crossSite(request: Request): Response | undefined {
  const origin = request.headers.get('origin') ?? undefined;
  return originAllowed(origin, request.headers.get('host') ?? undefined, config.frontDoor.allowedOrigins) ? undefined : refuse(403, CROSS_SITE);
}

/** A refusal carries its status and words (for a page) and the same as a JSON response (for the API). */
export type Access<T> = ({ ok: true } & T) | { ok: false; status: number; error: string; response: Response };

const denied = (status: number, error: string) => ({ ok: false as const, status, error, response: refuse(status, error) });

/** The request's instructor, or a 403. `change`: the request changes state (Origin is checked). */
export function requireInstructor(request: Request, change = false): Access<{ instructor: Instructor }> {
  if (change && crossSite(request)) return denied(403, CROSS_SITE);
  const session = currentSession(request);
  return session ? { ok: true, instructor: session.instructor } : denied(403, INSTRUCTORS_ONLY);
}

/** The class, when it is the request's instructor's: 403 for anyone else, 404 when there is none. */
export function requireOwnClass(request: Request, classId: string | undefined, change = false): Access<{ instructor: Instructor; info: ClassInfo }> {
  const access = requireInstructor(request, change);
  if (!access.ok) return access;
  const info = classId ? classStore().classById(classId) : undefined;
  if (!info) return denied(404, 'there is no such class');
  if (info.instructor !== access.instructor.id) return denied(403, NOT_YOURS);
  return { ok: true, instructor: access.instructor, info };
}
