// GET /api/instructor/classes/:id/learners/:member: one member's row, drafts and last build
// logs, read-only. DELETE: removes them from the class (their class builds and logs go too;
// their own progress stays theirs).
import type { APIRoute } from 'astro';
import { learnerDetail } from '../../../../../../../server/classes/learner-detail.ts';
import { classFeed, classStore } from '../../../../../../../server/classes/shared.ts';
import { refuse, requireOwnClass } from '../../../../../../../server/instructors/access.ts';
import { labCatalog } from '../../../../../../../server/labs/lab-catalog.ts';
import { progressStore } from '../../../../../../../server/progress/shared.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, request }) => {
  const access = requireOwnClass(request, params.id);
  if (!access.ok) return access.response;
  const member = classStore().member(access.info.id, params.member ?? '');
  if (!member) return refuse(404, 'there is no such learner in this class');
  return Response.json(learnerDetail(classStore(), progressStore(), access.info, member, await labCatalog()), { headers: { 'Cache-Control': 'no-store' } });
};

export const DELETE: APIRoute = ({ params, request }) => {
  const access = requireOwnClass(request, params.id, true);
  if (!access.ok) return access.response;
  if (!classStore().removeMember(access.info.id, params.member ?? '')) return refuse(404, 'there is no such learner in this class');
  classFeed().notify();
  return new Response(null, { status: 204 });
};
