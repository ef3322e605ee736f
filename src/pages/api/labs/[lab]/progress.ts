// GET /api/labs/:lab/progress: the learner's drafts, latest builds and checkpoint verdicts.
// A first visit gets its anonymous, signed learner cookie here.
import type { APIRoute } from 'astro';
import { learnerFromCookie, newLearnerId, setCookieHeader } from '../../../../../server/progress/learner-cookie.ts';
import { labCatalog } from '../../../../../server/labs/lab-catalog.ts';
import { cookieSecret, progressStore } from '../../../../../server/progress/shared.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, request, url }) => {
  const lab = (await labCatalog()).get(params.lab ?? '');
  if (!lab) return Response.json({ error: `there is no lab "${params.lab}"` }, { status: 404 });
  const headers = new Headers({ 'Cache-Control': 'no-store' });
  let learner = learnerFromCookie(request.headers.get('cookie'), cookieSecret());
  if (!learner) {
    learner = newLearnerId();
    headers.append('Set-Cookie', setCookieHeader(learner, cookieSecret(), url.protocol === 'https:'));
  }
  return Response.json(progressStore().progress(learner, lab.id), { headers });
};
