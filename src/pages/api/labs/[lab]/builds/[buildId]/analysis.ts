// GET /api/labs/:lab/builds/:buildId/analysis: what is inside the image of one of the
// learner's builds (shared/image-analysis/schema.ts, ImageAnalysis), gzipped when the client
// takes it. Only the learner in the cookie, only their own builds. The server keeps recent
// analyses in memory; for an older build the answer is 404 with its stored summary.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { APIRoute } from 'astro';
import { buildIdSchema } from '../../../../../../../shared/protocol/messages.ts';
import { analysisCache, imageBuildsStore } from '../../../../../../../server/image-analysis/shared.ts';
import { labCatalog } from '../../../../../../../server/labs/lab-catalog.ts';
import { knownLearner } from '../../../../../../../server/progress/learner-visit.ts';

export const prerender = false;

const gunzip = promisify(zlib.gunzip);
const headers = { 'Cache-Control': 'private, no-store', Vary: 'Accept-Encoding, Cookie' };

export const GET: APIRoute = async ({ params, request }) => {
  const lab = (await labCatalog()).get(params.lab ?? '');
  if (!lab) return Response.json({ error: `there is no lab "${params.lab}"` }, { status: 404, headers });
  if (!buildIdSchema.safeParse(params.buildId).success) return Response.json({ error: 'buildId: a build id as the server sent it' }, { status: 400, headers });
  const learner = knownLearner(request.headers.get('cookie'));
  if (!learner) return Response.json({ error: 'no learner cookie: load the lab page first' }, { status: 401, headers });
  const cached = analysisCache().get(learner, lab.id, params.buildId!);
  if (cached) {
    const gzipOk = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
    const body = gzipOk ? cached.gzipped : await gunzip(cached.gzipped);
    return new Response(new Uint8Array(body), { headers: { ...headers, 'Content-Type': 'application/json', ...(gzipOk && { 'Content-Encoding': 'gzip' }) } });
  }
  const stored = imageBuildsStore().build(learner, params.buildId!);
  if (stored && stored.lab === lab.id) {
    return Response.json({ error: 'this build is no longer kept in full; build it again to look inside', ...(stored.summary && { summary: stored.summary }) }, { status: 404, headers });
  }
  return Response.json({ error: 'no such build of yours' }, { status: 404, headers });
};
