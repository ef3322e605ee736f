// POST /api/classes/join {code, name}: the learner of the cookie (a new one on a first visit)
// joins the class under a name of their choice; their progress so far comes with them, since
// it is theirs already. In another class before: they leave it (one class at a time).
import type { APIRoute } from 'astro';
import { config } from '../../../../server/config.ts';
import { normalizeClassCode } from '../../../../server/classes/class-code.ts';
import { joinSchema } from '../../../../server/classes/class-requests.ts';
import { jsonBody } from '../../../../server/classes/request-body.ts';
import { classFeed, classStore } from '../../../../server/classes/shared.ts';
import { clientAddress, servedOverHttps } from '../../../../server/http/proxy-headers.ts';
import { crossSite, refuse } from '../../../../server/instructors/access.ts';
import { visit } from '../../../../server/progress/learner-visit.ts';

export const prerender = false;

export const POST: APIRoute = async ({ request, url, clientAddress: peer }) => {
  const blocked = crossSite(request);
  if (blocked) return blocked;
  const body = await jsonBody(request, joinSchema);
  if (!body.ok) return body.response;
  const code = normalizeClassCode(body.value.code);
  const info = code ? classStore().classByCode(code) : undefined;
  if (!info) return refuse(404, 'no class has this code: check it with your instructor');
  const secure = servedOverHttps(url.protocol === 'https:', request.headers.get('x-forwarded-proto'), config.frontDoor.trustProxy);
  const visited = visit(request.headers.get('cookie'), secure, clientAddress(peer, request.headers.get('x-forwarded-for'), config.frontDoor));
  if (!visited.ok) return visited.response;
  const { learner, setCookie } = visited;
  const joined = classStore().join(info.id, learner, body.value.name, config.classes.membersPerClass);
  const headers = { 'Set-Cookie': setCookie, 'Cache-Control': 'no-store' };
  if (!joined.ok) {
    const error = joined.reason === 'name-taken' ? 'someone in this class already uses that name: choose another' : 'this class is full';
    return Response.json({ error }, { status: 409, headers });
  }
  classFeed().notify();
  return Response.json({ class: info.name, name: joined.member.name, ...(joined.left && { left: joined.left.name }) }, { headers });
};
