// POST /api/instructor/login {email, password}: 204 with the session cookie, 401 for a wrong
// email or password, 429 while the account or the address has too many recent failures.
import type { APIRoute } from 'astro';
import { config } from '../../../../server/config.ts';
import { jsonBody } from '../../../../server/classes/request-body.ts';
import { loginSchema } from '../../../../server/classes/class-requests.ts';
import { clientAddress, servedOverHttps } from '../../../../server/http/proxy-headers.ts';
import { crossSite, refuse } from '../../../../server/instructors/access.ts';
import { login } from '../../../../server/instructors/login.ts';
import { sessionCookieHeader } from '../../../../server/instructors/session-cookie.ts';
import { instructorStore } from '../../../../server/instructors/shared.ts';
import { cookieKeys } from '../../../../server/progress/shared.ts';

export const prerender = false;

export const POST: APIRoute = async ({ request, url, clientAddress: peer }) => {
  const blocked = crossSite(request);
  if (blocked) return blocked;
  const body = await jsonBody(request, loginSchema);
  if (!body.ok) return body.response;
  const { classes, frontDoor } = config;
  const address = clientAddress(peer, request.headers.get('x-forwarded-for'), frontDoor);
  const outcome = await login(instructorStore(), { ...body.value, address }, {
    failuresPerAccount: classes.loginFailuresPerAccount,
    failuresPerAddress: classes.loginFailuresPerAddress,
    windowMs: classes.loginWindowMinutes * 60_000,
    sessionMs: classes.sessionHours * 3600_000,
  });
  if (!outcome.ok) return refuse(outcome.status, outcome.error, outcome.status === 429 ? { 'Retry-After': String(outcome.retryAfterSeconds) } : undefined);
  const secure = servedOverHttps(url.protocol === 'https:', request.headers.get('x-forwarded-proto'), frontDoor.trustProxy);
  const cookie = sessionCookieHeader(outcome.sessionId, cookieKeys().current, { secure, maxAgeSeconds: classes.sessionHours * 3600 });
  return new Response(null, { status: 204, headers: { 'Set-Cookie': cookie, 'Cache-Control': 'no-store' } });
};
