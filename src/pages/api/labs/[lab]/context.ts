// GET /api/labs/:lab/context: the lab's build context (its app files, what every build sends
// besides the learner's Dockerfile and .dockerignore), with the text of each small text file,
// for the workbench's read-only view (shared/build-context.ts, ContextListing). Like the other
// lab routes: only for a learner with a cookie, never cached by proxies.
import type { APIRoute } from 'astro';
import { labId } from '../../../../../shared/protocol/messages.ts';
import { contextListing } from '../../../../../server/labs/context-listing.ts';
import { labCatalog } from '../../../../../server/labs/lab-catalog.ts';
import { knownLearner } from '../../../../../server/progress/learner-visit.ts';

export const prerender = false;

const headers = { 'Cache-Control': 'private, no-store' };

export const GET: APIRoute = async ({ params, request }) => {
  const id = labId.safeParse(params.lab);
  const lab = id.success ? (await labCatalog()).get(id.data) : undefined;
  if (!lab) return Response.json({ error: `there is no lab "${params.lab}"` }, { status: 404, headers });
  const learner = knownLearner(request.headers.get('cookie'));
  if (!learner) return Response.json({ error: 'no learner cookie: load the lab page first' }, { status: 401, headers });
  return Response.json(contextListing(lab), { headers });
};
