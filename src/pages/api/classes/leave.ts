// POST /api/classes/leave: the learner of the cookie leaves their class (its instructor no
// longer sees them; their progress stays theirs). 204 also when they were in none.
import type { APIRoute } from 'astro';
import { classFeed, classStore } from '../../../../server/classes/shared.ts';
import { crossSite } from '../../../../server/instructors/access.ts';
import { knownLearner } from '../../../../server/progress/learner-visit.ts';

export const prerender = false;

export const POST: APIRoute = ({ request }) => {
  const blocked = crossSite(request);
  if (blocked) return blocked;
  const learner = knownLearner(request.headers.get('cookie'));
  if (learner && classStore().leave(learner)) classFeed().notify();
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
};
