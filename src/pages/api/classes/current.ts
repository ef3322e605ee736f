// GET /api/classes/current: the class the learner of the cookie is in and the name they use
// there ({class: null} when none). Nothing about anyone else.
import type { APIRoute } from 'astro';
import { classStore } from '../../../../server/classes/shared.ts';
import { knownLearner } from '../../../../server/progress/learner-visit.ts';

export const prerender = false;

export const GET: APIRoute = ({ request }) => {
  const learner = knownLearner(request.headers.get('cookie'));
  const membership = learner ? classStore().membership(learner) : undefined;
  return Response.json(membership ? { class: membership.class.name, name: membership.member.name } : { class: null }, { headers: { 'Cache-Control': 'no-store' } });
};
