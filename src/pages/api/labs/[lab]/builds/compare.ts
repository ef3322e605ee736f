// GET /api/labs/:lab/builds/compare?a=<buildId>&b=<buildId>: two of the learner's recent
// builds side by side (shared/image-analysis/schema.ts, ImageComparison): size by top-level
// folder and by package, and what only one of them has.
import type { APIRoute } from 'astro';
import { compareAnalyses } from '../../../../../../shared/image-analysis/compare.ts';
import { buildIdSchema } from '../../../../../../shared/protocol/messages.ts';
import { analysisCache } from '../../../../../../server/image-analysis/shared.ts';
import { labCatalog } from '../../../../../../server/labs/lab-catalog.ts';
import { knownLearner } from '../../../../../../server/progress/learner-visit.ts';

export const prerender = false;

const headers = { 'Cache-Control': 'private, no-store' };

export const GET: APIRoute = async ({ params, request, url }) => {
  const lab = (await labCatalog()).get(params.lab ?? '');
  if (!lab) return Response.json({ error: `there is no lab "${params.lab}"` }, { status: 404, headers });
  const ids = [url.searchParams.get('a'), url.searchParams.get('b')];
  if (!ids.every((id) => buildIdSchema.safeParse(id).success)) return Response.json({ error: 'a, b: two build ids as the server sent them' }, { status: 400, headers });
  const learner = knownLearner(request.headers.get('cookie'));
  if (!learner) return Response.json({ error: 'no learner cookie: load the lab page first' }, { status: 401, headers });
  const [a, b] = await Promise.all(ids.map((id) => analysisCache().analysis(learner, lab.id, id!)));
  if (!a || !b) return Response.json({ error: `build ${!a ? ids[0] : ids[1]} is not one of your recent builds of this lab; build it again to compare` }, { status: 404, headers });
  return Response.json(compareAnalyses(a, b), { headers });
};
