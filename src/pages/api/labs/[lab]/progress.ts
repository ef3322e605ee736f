// GET /api/labs/:lab/progress: the learner's drafts, latest builds and checkpoint verdicts.
// A first visit gets its anonymous, signed learner cookie here; later visits get it back
// re-signed with the current key and its lifetime renewed. Too many new learners from one
// client address at once get 429 (the page retries with back-off).
import type { APIRoute } from 'astro';
import { config } from '../../../../../server/config.ts';
import { clientAddress, servedOverHttps } from '../../../../../server/http/proxy-headers.ts';
import { labCatalog } from '../../../../../server/labs/lab-catalog.ts';
import { visit } from '../../../../../server/progress/learner-visit.ts';
import { progressStore } from '../../../../../server/progress/shared.ts';

export const prerender = false;

// `clientAddress` is Astro's: the socket peer (it reads X-Forwarded-For only for
// security.allowedDomains, which this site does not set); ours then applies MSLAB_TRUST_PROXY.
export const GET: APIRoute = async ({ params, request, url, clientAddress: peer }) => {
  const lab = (await labCatalog()).get(params.lab ?? '');
  if (!lab) return Response.json({ error: `there is no lab "${params.lab}"` }, { status: 404 });
  const secure = servedOverHttps(url.protocol === 'https:', request.headers.get('x-forwarded-proto'), config.frontDoor.trustProxy);
  const address = clientAddress(peer, request.headers.get('x-forwarded-for'), config.frontDoor);
  const visited = visit(request.headers.get('cookie'), secure, address);
  if (!visited.ok) return visited.response;
  const headers = new Headers({ 'Cache-Control': 'no-store', 'Set-Cookie': visited.setCookie });
  return Response.json(progressStore().progress(visited.learner, lab.id), { headers });
};
