// GET /api/labs/:lab/progress: the learner's drafts, latest builds and checkpoint verdicts.
// A first visit gets its anonymous, signed learner cookie here; later visits get it back
// re-signed with the current key and its lifetime renewed.
import type { APIRoute } from 'astro';
import { config } from '../../../../../server/config.ts';
import { servedOverHttps } from '../../../../../server/http/proxy-headers.ts';
import { labCatalog } from '../../../../../server/labs/lab-catalog.ts';
import { visit } from '../../../../../server/progress/learner-visit.ts';
import { progressStore } from '../../../../../server/progress/shared.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, request, url }) => {
  const lab = (await labCatalog()).get(params.lab ?? '');
  if (!lab) return Response.json({ error: `there is no lab "${params.lab}"` }, { status: 404 });
  const secure = servedOverHttps(url.protocol === 'https:', request.headers.get('x-forwarded-proto'), config.frontDoor.trustProxy);
  const { learner, setCookie } = visit(request.headers.get('cookie'), secure);
  const headers = new Headers({ 'Cache-Control': 'no-store', 'Set-Cookie': setCookie });
  return Response.json(progressStore().progress(learner, lab.id), { headers });
};
