// GET /api/labs/:lab/size-history: the learner's successful builds of each file of the lab,
// their sizes over time and the lab's target (shared/image-analysis/schema.ts, SizeHistory).
import type { APIRoute } from 'astro';
import { imageBuildsStore } from '../../../../../server/image-analysis/shared.ts';
import { sizeHistory } from '../../../../../server/image-analysis/size-history.ts';
import { labCatalog } from '../../../../../server/labs/lab-catalog.ts';
import { knownLearner } from '../../../../../server/progress/learner-visit.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, request }) => {
  const headers = { 'Cache-Control': 'private, no-store' };
  const lab = (await labCatalog()).get(params.lab ?? '');
  if (!lab) return Response.json({ error: `there is no lab "${params.lab}"` }, { status: 404, headers });
  const learner = knownLearner(request.headers.get('cookie'));
  if (!learner) return Response.json({ error: 'no learner cookie: load the lab page first' }, { status: 401, headers });
  return Response.json(sizeHistory(imageBuildsStore(), lab, learner), { headers });
};
