// GET /api/labs/:lab/help: the learner's challenge mode, failed attempts per step, the hints
// they revealed (texts) and what is still locked (server/lab-help/lab-help.ts). Hints and
// solutions are not in the page's HTML: the page reads them here and from hints, solutions/.
import type { APIRoute } from 'astro';
import { currentHelp, labLearner, noStore } from '../../../../../server/lab-help/help-request.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, request }) => {
  const found = await labLearner(params.lab, request);
  if (!found.ok) return found.response;
  return Response.json(currentHelp(found.lab, found.learner), { headers: noStore });
};
