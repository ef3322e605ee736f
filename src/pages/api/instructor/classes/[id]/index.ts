// GET /api/instructor/classes/:id: the class and its dashboard (columns and rows).
// DELETE: deletes the class with its members, their class builds and logs.
import type { APIRoute } from 'astro';
import { spokenCode } from '../../../../../../server/classes/class-code.ts';
import { dashboard } from '../../../../../../server/classes/dashboard.ts';
import { classStore } from '../../../../../../server/classes/shared.ts';
import { requireOwnClass } from '../../../../../../server/instructors/access.ts';
import { labCatalog } from '../../../../../../server/labs/lab-catalog.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, request }) => {
  const access = requireOwnClass(request, params.id);
  if (!access.ok) return access.response;
  const { info } = access;
  const view = dashboard(classStore(), info, await labCatalog());
  return Response.json(
    { class: { id: info.id, name: info.name, code: spokenCode(info.code), joinPath: `/join/${info.code}/`, labs: info.labs }, ...view, now: Date.now() },
    { headers: { 'Cache-Control': 'no-store' } },
  );
};

export const DELETE: APIRoute = ({ params, request }) => {
  const access = requireOwnClass(request, params.id, true);
  if (!access.ok) return access.response;
  classStore().deleteClass(access.info.id);
  return new Response(null, { status: 204 });
};
