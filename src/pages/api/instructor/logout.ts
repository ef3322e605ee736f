// POST /api/instructor/logout: ends the session (on every replica: it is a database row) and
// clears the cookie. 204 also when there was no session.
import type { APIRoute } from 'astro';
import { config } from '../../../../server/config.ts';
import { servedOverHttps } from '../../../../server/http/proxy-headers.ts';
import { crossSite, currentSession } from '../../../../server/instructors/access.ts';
import { clearedSessionCookieHeader } from '../../../../server/instructors/session-cookie.ts';
import { instructorStore } from '../../../../server/instructors/shared.ts';

export const prerender = false;

export const POST: APIRoute = ({ request, url }) => {
  const blocked = crossSite(request);
  if (blocked) return blocked;
  const session = currentSession(request);
  if (session) instructorStore().closeSession(session.sessionId);
  const secure = servedOverHttps(url.protocol === 'https:', request.headers.get('x-forwarded-proto'), config.frontDoor.trustProxy);
  return new Response(null, { status: 204, headers: { 'Set-Cookie': clearedSessionCookieHeader(secure), 'Cache-Control': 'no-store' } });
};
